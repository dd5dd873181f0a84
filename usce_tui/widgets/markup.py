"""Text that the user typed, put inside Textual markup so that it shows as typed.

Textual's markup reads any ``[WORD]`` as a tag (and drops it), and its ``escape`` only escapes
what looks like a known tag: a redacted note, "Mr. [NAME] in room [ROOM]", lost its
placeholders on screen. Every opening bracket is escaped here (Textual reads ``\\[`` as ``[``
and leaves a backslash before it as it is). A backslash at the very end would escape the tag
that follows it: a zero-width space keeps them apart.
"""

from __future__ import annotations

ZERO_WIDTH = "\u200b"


def escape(text: str) -> str:
    """``text`` to put inside markup: shown exactly as typed, brackets and all."""
    escaped = text.replace("[", "\\[")
    return escaped + ZERO_WIDTH if escaped.endswith("\\") else escaped
