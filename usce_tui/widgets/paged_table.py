"""A table over a list of any length that holds only a window of it as rows.

A DataTable costs about half a millisecond per row to lay out, so a journal of 5,000 entries is
not a 5,000-row table: ``PagedTable`` keeps the whole list in Python and gives the DataTable the
rows that fit on the screen plus a margin. The cursor still moves over the whole list: moving
past either end of the window brings the next rows in, and ``ctrl+home`` / ``ctrl+end`` (and
``move_to``) jump anywhere by moving the window.

The table also fits its columns to its width: when they do not all fit (a laptop's 80
columns), it shows the most useful ones first, in the order ``priority`` gives, and any width
left over goes to the ``stretch`` column (a name or a next action), so a cell is cut only when
the screen is really too narrow for it. Cells are cut here, to the width they are shown at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from usce_tui.widgets.in_order import run_own_binding

T = TypeVar("T")
MARGIN = 10  # rows beyond what fits on the screen


class PagedTable(DataTable, Generic[T]):
    """Rows of ``items`` drawn by ``render``; ``index`` and ``current`` speak of the whole list."""

    def __init__(self, columns: Sequence[tuple[str, int]], render: Callable[[T], Sequence[Text | str]],
                 key: Callable[[T], str], *, priority: Sequence[int] | None = None,
                 stretch: int | None = None, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)
        self._spec = [(title, width) for title, width in columns]
        self._titles: dict[int, Text | str] = {i: title for i, (title, _) in enumerate(columns)}
        self._priority = list(priority) if priority is not None else list(range(len(columns)))
        self._stretch = stretch
        self._layout: list[tuple[int, int]] = []  # (column, width) as shown
        self._render_row = render
        self._key = key
        self.items: list[T] = []
        self._start = 0  # the index in ``items`` of the table's first row
        self._set_layout(list(enumerate(w for _, w in columns)))

    # -- columns -------------------------------------------------------------------------
    def layout_for(self, width: int) -> list[tuple[int, int]]:
        """The columns (index, width) shown in ``width`` cells."""
        return fit_columns([w for _, w in self._spec], self._priority, self._stretch, width)

    @property
    def shown_columns(self) -> list[int]:
        """The columns on screen, in their order there."""
        return [index for index, _ in self._layout]

    def set_title(self, index: int, title: Text | str) -> None:
        """Rename a column (a sort mark), whether or not it is on screen now."""
        self._titles[index] = title
        column = self.columns.get(str(index))  # type: ignore[call-overload]
        if column is not None:
            column.label = Text(title) if isinstance(title, str) else title
            self.refresh()

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # arrows before an e move first (see ``in_order``)

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        width = event.size.width - self.styles.scrollbar_size_vertical
        if width > 0 and (layout := self.layout_for(width)) != self._layout:
            index = self.index
            self._set_layout(layout)
            self._fill(self._start)
            if index is not None:
                self.move_to(index)

    def _set_layout(self, layout: list[tuple[int, int]]) -> None:
        self.clear(columns=True)
        self._layout = layout
        for index, width in layout:
            self.add_column(self._titles[index], width=width, key=str(index))

    def _cells(self, item: T) -> list[Text]:
        cells = self._render_row(item)
        return [_clip(cells[index], width) for index, width in self._layout]

    # -- what the screens use ------------------------------------------------------------
    @property
    def page(self) -> int:
        """Rows in a window: what fits on the screen and a margin."""
        return max(self.size.height, 20) + MARGIN

    @property
    def index(self) -> int | None:
        """The cursor's position in ``items`` (None when there is nothing)."""
        if not self.items or self.row_count == 0:
            return None
        return min(self._start + self.cursor_row, len(self.items) - 1)

    @property
    def current(self) -> T | None:
        """The item under the cursor."""
        index = self.index
        return None if index is None else self.items[index]

    def show(self, items: Sequence[T], keep: int | None = None) -> None:
        """Show ``items``, with the cursor on position ``keep`` (the first row by default)."""
        self.items = list(items)
        self._fill(0)
        if keep is not None and self.items:
            self.move_to(keep)

    def move_to(self, index: int) -> None:
        """Put the cursor on ``items[index]``, moving the window when it is outside it."""
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        if not self._start <= index < self._start + self.row_count:
            self._fill(max(0, min(index - self.page // 2, len(self.items) - self.page)))
        self.move_cursor(row=index - self._start, animate=False)

    # -- the window ----------------------------------------------------------------------
    def _fill(self, start: int, through: int = 0) -> None:
        """Rows from ``items[start]``: a page of them, and at least up to ``items[through]``."""
        self.clear()
        self._start = start
        self._extend(max(self.page, through - start + 1))

    def _extend(self, count: int) -> None:
        end = self._start + self.row_count
        for item in self.items[end:end + count]:
            self.add_row(*self._cells(item), key=self._key(item))

    def _shift_up(self) -> None:
        """Bring a page of the rows before the window in, the cursor staying on its item."""
        index = self.index or 0
        self._fill(max(0, self._start - self.page), through=index)
        self.move_cursor(row=index - self._start, animate=False)

    def _grow_down(self) -> None:
        """Bring the next page in; a window grown to three pages slides instead of growing."""
        if self.row_count < 3 * self.page:
            self._extend(self.page)
            return
        index = self.index or 0
        self._fill(max(0, index - self.page), through=min(index + self.page, len(self.items) - 1))
        self.move_cursor(row=index - self._start, animate=False)

    def _more_below(self, rows: int) -> bool:
        return self.cursor_row + rows >= self.row_count and self._start + self.row_count < len(self.items)

    # -- keys (DataTable's own bindings call these) -----------------------------------------
    def action_cursor_down(self) -> None:
        if self._more_below(1):
            self._grow_down()
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row == 0 and self._start > 0:
            self._shift_up()
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self._more_below(self.size.height):
            self._grow_down()
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row < self.size.height and self._start > 0:
            self._shift_up()
        super().action_page_up()

    def action_scroll_top(self) -> None:
        self.move_to(0)

    def action_scroll_bottom(self) -> None:
        self.move_to(len(self.items) - 1)


def fit_columns(widths: Sequence[int], priority: Sequence[int], stretch: int | None,
                width: int) -> list[tuple[int, int]]:
    """(column, width) to show in ``width`` cells: every column in its place when all fit;
    otherwise the most useful ones that fit, in ``priority`` order, stopping at the first that
    does not (so nothing less useful jumps the queue). What is left goes to ``stretch``."""
    every = list(enumerate(widths))
    if sum(widths) > width:
        chosen: list[tuple[int, int]] = []
        for index in priority:
            if sum(w for _, w in chosen) + widths[index] > width:
                break
            chosen.append((index, widths[index]))
        every = chosen or [(priority[0], width)]
    spare = width - sum(w for _, w in every)
    return [(i, w + spare if i == stretch and spare > 0 else w) for i, w in every]


def _clip(content: Text | str, width: int) -> Text:
    """A cell cut to its column with a one-cell gap, ending in … when cut."""
    text = Text(content, no_wrap=True) if isinstance(content, str) else content.copy()
    if text.cell_len >= width:
        text.truncate(max(width - 2, 0))
        text.append("…")
    text.no_wrap = True
    return text
