"""Keys in the order typed: the app hands on a key only once what the keys before it did has
been done, including what those keys sent on to the dialog around the focused widget."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget

from usce_tui.widgets.in_order import handled_so_far


class Chosen(Message):
    """What a list sends up as enter chooses in it (as OptionList.OptionSelected does)."""


class List(Widget, can_focus=True):
    def on_click(self) -> None:  # stands for the enter that chooses
        self.post_message(Chosen())


class Dialog(ModalScreen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def compose(self) -> ComposeResult:
        # a form's list sits a few containers deep: each passes the choice up in a turn of its own
        with Vertical(), Vertical(), Vertical(), Vertical(), Vertical(), Vertical():
            yield List()

    def on_chosen(self) -> None:  # the dialog closes on the choice
        self.closed = True


async def test_what_a_key_sent_up_to_its_dialog_is_handled_before_the_next_key() -> None:
    """M, enter, y typed at once: the y waited for the list to handle enter, but not for the
    choice the list then sent to its dialog, so under load the y reached the closing dialog
    and was lost (the "Merge?" it was typed for stayed open)."""
    from textual import events

    dialog = Dialog()

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(dialog)

    async with Host().run_test() as pilot:
        await pilot.pause()
        choices = dialog.query_one(List)
        choices.post_message(events.Click(choices, 0, 0, 0, 0, 1, False, False, False))
        await handled_so_far(choices)
        assert dialog.closed
