"""What a password-reset link is bound to: the password it may replace.

The links themselves carry opaque tokens (dialogue.mail.links).
"""

from __future__ import annotations

import hashlib


def password_fingerprint(password_hash: str | None) -> str:
    """Return a short digest of the password hash; it changes when the password changes."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]
