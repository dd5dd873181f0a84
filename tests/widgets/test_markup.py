"""What the user typed shows as typed inside markup: a redacted note keeps its placeholders."""

from __future__ import annotations

import pytest
from textual.content import Content

from usce_tui.widgets.markup import escape


@pytest.mark.parametrize("typed", [
    "Admitted Mr. [NAME] in room [ROOM].",  # was shown as "Admitted Mr.  in room ."
    "[b]not bold[/b] and [$error]not red[/]",
    "a back\\slash \\[x] and one at the end \\",
    "no brackets at all",
])
def test_typed_text_shows_as_typed(typed: str) -> None:
    shown = Content.from_markup(f"[b]{escape(typed)}[/b]").plain
    assert shown.removesuffix("\u200b") == typed  # nothing lost, nothing read as a tag
