"""``TextEditor``: a ``TextArea`` that keeps the keys in the order they were typed (see
``text_box``). A module of its own: Textual's TextArea takes 7 ms to import, and the first screen
shows none, so the forms and dialogs that do import it when first opened."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from usce_tui.widgets.in_order import run_own_binding


class TextEditor(TextArea):
    """A ``TextArea`` whose own key bindings act in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # when it has none, Textual's own handler runs next
