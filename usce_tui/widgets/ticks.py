"""Ticks: a SelectionList whose unticked boxes are empty, so that ticked and unticked differ
without colour (both drew the same X, told apart by its colour alone)."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._selection_list import OptionDoesNotExist  # not exported by Textual
from textual.widgets._toggle_button import ToggleButton


class Ticks(SelectionList[str]):
    """A list of boxes to tick: ▐X▌ ticked, ▐ ▌ not."""

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
