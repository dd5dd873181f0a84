"""Text boxes that keep the keys in the order they were typed.

In Textual's ``Input`` and ``TextArea`` a printable key is typed at once, while an editing key
the box binds (backspace, left, right, home, end, ctrl+u, ctrl+w...) takes effect only after
the key has travelled up to the app, by which time the letters typed after it are already in:
"Chile", backspace, "x" typed in one burst came out "Chilex"; ctrl+u then "Chile" left the box
empty. ``TextBox`` (one line) and ``TextEditor`` (many, in ``text_editor``) run their own editing
keys the moment they handle them, in the order typed (see ``in_order``).
"""

from __future__ import annotations

import sys

from textual import events
from textual.geometry import Region
from textual.widgets import Input, Select
from textual.widgets.input import Selection

from usce_tui.widgets.in_order import run_own_binding


class TextBox(Input):
    """An ``Input`` whose own key bindings act in the order the keys were typed.

    ``default_text``: what the app put in a new record's field (its currency, today's date).
    While the box still holds it, reaching the box selects it, so what is typed replaces it
    ("USD", then EUR typed, read "USDEUR"). The user's own text is never selected: after a
    failed save the cursor waits at its end (the keys typed next must not replace it).
    """

    default_text = ""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # when it has none, Textual's own handler runs next

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """A digit is the box's, unless the app says digits switch areas now: the first key on
        arriving at an area that put the cursor here (Profile's Name), see ``UsceApp``."""
        switches = getattr(self.app, "digits_switch_areas", None)
        if character is not None and character.isdigit() and callable(switches) and switches():
            return False
        return super().check_consume_key(key, character)

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if self.default_text and self.value == self.default_text:
            self.selection = Selection(0, len(self.value))
        else:  # the cursor in view again (left, the box showed how its text begins)
            self.scroll_to_region(Region(self._cursor_offset, 0, width=1, height=1), force=True,
                                  animate=False)

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.scroll_to(x=0, animate=False)  # left, it shows how its text begins, not how it ends


# Textual's widgets that take typed keys, besides Input and Select, by module and name: the two
# largest to import (TextArea 7 ms, SelectionList 2 ms), which the first screen does not show.
# No widget of a class not imported yet can have the focus, so they are looked for once loaded.
_LOADED_LATER = (("textual.widgets._text_area", "TextArea"),
                 ("textual.widgets._selection_list", "SelectionList"))


def takes_typing(widget: object) -> bool:
    """True when the keys typed go into ``widget``: a text box or area, a dropdown, a list of
    boxes to tick (there, digits and letters are typed, not keys of the screen)."""
    if isinstance(widget, Input | Select):
        return True
    for module, name in _LOADED_LATER:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(widget, getattr(loaded, name)):
            return True
    return False
