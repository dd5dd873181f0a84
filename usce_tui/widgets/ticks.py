"""Boxes to tick whose unticked state is empty, so that ticked and unticked differ without
colour (both drew the same X, told apart by its colour alone): ``Ticks`` (a list of them) and
``TickBox`` (one)."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList
from textual.widgets._selection_list import OptionDoesNotExist  # not exported by Textual
from textual.widgets._toggle_button import ToggleButton

from usce_tui.widgets.in_order import run_own_binding


class Ticks(SelectionList[str]):
    """A list of boxes to tick: ▐X▌ ticked, ▐ ▌ not. Its space and arrows act when it handles
    them, in the order typed: "space down space" typed at once ticked one box, or another."""

    def __init__(self, *selections: Any, **kwargs: Any) -> None:
        # the labels are the user's, not markup: a program named "Obs [/x]" crashed the form
        plain = [(Content(item[0]), *item[1:]) if isinstance(item, tuple) and isinstance(item[0], str)
                 else item for item in selections]
        super().__init__(*plain, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        ticked = option.value in self._selected
        if ticked or len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        segments[1] = Segment(" " * len(segments[1].text), segments[1].style)
        return Strip(segments, strip.cell_length)


class TickBox(Checkbox):
    """One box to tick: ▐X▌ ticked, ▐ ▌ not. Its space and enter act when it handles them, in
    the order typed: space then tab typed at once used to tick the next field's box, or none
    (the ★ of a journal entry was lost)."""

    @property
    def _button(self) -> Content:
        if self.value:
            return super()._button
        button_style = self.get_visual_style("toggle--button")  # as Textual draws it, empty
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style), (" ", button_style),
                                (self.BUTTON_RIGHT, side_style))

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
