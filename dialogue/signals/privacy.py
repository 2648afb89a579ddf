"""Keeping counts below the privacy threshold out of signal texts.

`nlp.signals` writes explanations with small counts already written as "< 5". This module is
the guard at the model (`Signal.explanation`): it masks every stored text again, when it is
saved and when it is read, so texts saved before the rule, or under a lower threshold, never
show a small count either. It knows the sentences `nlp.signals` writes; `tests/signals/
test_signal_privacy.py` checks that both give the same text.
"""

from __future__ import annotations

import re

from flask import current_app

#: A rising-discontent sentence: its week share is left out when the week, or its negative
#: part, is a small group.
_WEEK_SHARE = re.compile(
    r"(?P<share>\d+)% negatief in (?P<period>.+?) \((?P<negative>\d+) van (?P<total>\d+) "
    r"bijdragen\), normaal (?P<usual>\d+)%\."
)
#: A count of input: "12 bijdragen", or either number of "3 van 12 bijdragen".
_COUNT = re.compile(r"(?<!< )\b(\d+)(?= bijdragen\b| van (?:< )?\d+ bijdragen\b)")
#: A bound already written as "< 5" (under a lower threshold, it is still too precise).
_BOUND = re.compile(r"< (\d+)(?= bijdragen\b| van (?:< )?\d+ bijdragen\b| per week\b)")
#: Texts saved before 2026-12-04 called input "reacties", the word for replies.
_OLD_INPUT_WORD = re.compile(r"\b(negatieve |\d+ |< \d+ )reacties\b")
#: The usual weekly count, "normaal 4", "normaal 4–7" or "normaal tot 8" (not a share such
#: as "normaal 30%").
_USUAL = re.compile(r"\bnormaal (tot )?(\d+)(?:–(\d+))?(?![\d%–])")
#: The wording of an earlier version of this rule; "< 5" is the one wording now.
_OLD_WORDING = re.compile(r"\bnormaal minder dan (\d+) per week")


def privacy_threshold() -> int:
    """Return the privacy threshold: counts below it are never shown (default 5)."""
    return int(current_app.config["PRIVACY_THRESHOLD"])


def shown_count(count: int, threshold: int) -> str:
    """Return a count as signal texts write it: "< 5" when below the threshold."""
    return f"< {threshold}" if count < threshold else str(count)


def mask_small_counts(text: str, threshold: int) -> str:
    """Write every count below the threshold in a signal text as "< 5"."""
    text = _OLD_WORDING.sub(r"normaal < \1 per week", text)
    text = _OLD_INPUT_WORD.sub(r"\1bijdragen", text)
    text = _WEEK_SHARE.sub(lambda match: _small_week(match, threshold), text)
    text = _COUNT.sub(lambda match: shown_count(int(match.group(1)), threshold), text)
    text = _BOUND.sub(lambda match: f"< {max(int(match.group(1)), threshold)}", text)
    return _USUAL.sub(lambda match: "normaal " + _usual_range(match, threshold), text)


def _small_week(match: re.Match, threshold: int) -> str:
    total, negative = int(match["total"]), int(match["negative"])
    if total >= threshold and negative >= threshold:
        return match[0]
    if total < threshold:
        counts = f"{shown_count(total, threshold)} bijdragen"
    else:  # the share would give the hidden negative count away
        counts = f"{shown_count(negative, threshold)} van {total} bijdragen"
    return (
        f"meer negatieve bijdragen in {match['period']} ({counts}), normaal {match['usual']}% "
        "negatief."
    )


def _usual_range(match: re.Match, threshold: int) -> str:
    up_to, low = match[1], int(match[2])
    high = int(match[3] or match[2])
    if high < threshold:
        return shown_count(high, threshold)
    if low < threshold or up_to:
        return f"tot {high}"
    return match[0].removeprefix("normaal ")
