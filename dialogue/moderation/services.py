"""What other packages use of moderation: the queue size, decisions and redaction.

The work is done in queue.py (what waits), decisions.py (what moderators decide) and
personal_data.py (marking and removing personal data).
"""

from __future__ import annotations

from dialogue.moderation.decisions import TRANSITIONS, Outcome, decide
from dialogue.moderation.personal_data import redacted_version
from dialogue.moderation.queue import queue_size

__all__ = ["TRANSITIONS", "Outcome", "decide", "queue_size", "redacted_version"]
