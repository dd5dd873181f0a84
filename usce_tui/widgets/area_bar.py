"""The bar at the top of every screen: the areas with their keys, the current one marked,
and the data file (or "demo") where there is room. A click on an area opens it."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from usce_tui.widgets.markup import escape

# (mode, key, title) in the order of the number keys.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "1", "Dashboard"),
    ("programs", "2", "Programs"),
    ("budget", "3", "Budget"),
    ("letters", "4", "Letters"),
    ("journal", "5", "Journal"),
    ("profile", "6", "Profile"),
    ("paperwork", "7", "Paperwork"),
    ("eras", "8", "ERAS"),
)
# Shorter titles for the other areas where the whole bar does not fit (an 80-column terminal).
SHORT = {"Dashboard": "Home", "Paperwork": "Papers"}


class AreaBar(Widget):
    """One line: `1 Dashboard  2 Programs ...`, the current area in the accent colour."""

    DEFAULT_CSS = """
    AreaBar {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, current: str, where: str = "") -> None:
        super().__init__()
        self.current = current
        self.where = where

    def areas_markup(self, short: bool = False, tight: bool = False) -> str:
        """The areas as markup; ``short``: the other areas' shorter titles; ``tight``: one
        space between areas rather than two (an 80-column terminal)."""
        parts = []
        pad = "" if tight else " "
        for mode, key, title in AREAS:
            if short and mode != self.current:  # the area you are in keeps its whole name
                title = SHORT.get(title, title)
            if mode == self.current:
                parts.append(f"[b reverse $accent]{pad}▸{key} {title} [/]")
            else:
                parts.append(f"[@click=app.switch_mode('{mode}')]{pad}[b]{key}[/b] {title} [/]")
        return "".join(parts)

    def render(self) -> RenderResult:
        # the bar stops short of the last column (a line that fills it exactly was read as
        # missing its current area by a terminal that wraps there)
        for short, tight in ((False, False), (True, False), (True, True)):
            bar = Content.from_markup(self.areas_markup(short, tight))
            if bar.cell_length < self.size.width:
                break
        room = self.size.width - bar.cell_length - 2
        if self.where and room > 12:
            where = self.where if len(self.where) <= room else "…" + self.where[-(room - 1):]
            bar += Content.from_markup(f"  [$text-muted]{escape(where)}[/]")
        return bar
