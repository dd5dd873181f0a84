"""Which widgets take what is typed (there, digits and letters are typed, not keys of a screen)."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Select, SelectionList, Static, TextArea

from usce_tui.widgets.text_box import TextBox, takes_typing
from usce_tui.widgets.text_editor import TextEditor
from usce_tui.widgets.ticks import Ticks


def test_every_kind_of_field_takes_typing_and_lists_and_text_do_not() -> None:
    # TextArea and SelectionList are looked for by the module Textual defines them in (they are
    # imported only when needed): if Textual moved them, this test fails
    for field in (Input(), TextBox(), Select([("Yes", 1)]), TextArea(), TextEditor(), SelectionList(),
                  Ticks()):
        assert takes_typing(field), type(field).__name__
    for other in (DataTable(), OptionList(), Static("Next"), None):
        assert not takes_typing(other), type(other).__name__
