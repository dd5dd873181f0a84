"""An area of two lists, one above the other, with a details pane between them (Paperwork:
documents and correspondence; ERAS: experiences and interview questions). ``tab`` moves between
the lists; ``a``, ``e``, ``x`` act on the list the cursor is in; the details follow the cursor."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from usce_tui.core.records import Record
from usce_tui.screens.base import BaseScreen
from usce_tui.widgets.empty_state import EmptyState
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.paged_table import PagedTable

Row = tuple[Any, tuple[str, ...], str]  # the record, its cells, its style


class TwoLists(BaseScreen):
    """The skeleton: the empty state, the upper list's title and table, the details pane, the
    lower list's title and table; each subclass names its parts and fills them."""

    BOX = ""  # the id of the container, and the prefix of the details pane's id
    EMPTY = ""  # what the area says before it holds anything
    UPPER: tuple[str, tuple[tuple[str, int], ...], tuple[int, ...], int] = ("", (), (), 1)
    LOWER: tuple[str, tuple[tuple[str, int], ...], tuple[int, ...], int] = ("", (), (), 1)

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with Vertical(id=self.BOX):
            yield EmptyState(self.EMPTY, classes="empty-state")
            for (name, columns, priority, stretch), detail in ((self.UPPER, True), (self.LOWER, False)):
                yield Static(id=f"{name}-title", classes="section-title")
                yield PagedTable[Row](columns, self.cells, self.row_key, priority=priority, stretch=stretch,
                                      id=f"{name}-table")
                if detail:
                    pane = Static(id=f"{self.BOX}-detail", classes="detail-pane")
                    pane.border_title = "space hides"
                    yield pane
        yield KeyFooter()

    @property
    def table(self) -> PagedTable[Row]:
        """The upper list."""
        return self.query_one(f"#{self.UPPER[0]}-table", PagedTable)

    @property
    def lower(self) -> PagedTable[Row]:
        return self.query_one(f"#{self.LOWER[0]}-table", PagedTable)

    def on_lower(self) -> bool:
        """True while the cursor is in the lower list."""
        return self.focused is self.lower

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete") and not (self.lower if self.on_lower() else self.table).items:
            return False  # the list the cursor is in is empty (the footer offered e and x there)
        return super().check_action(action, parameters)

    def row_key(self, row: Row) -> str:
        """A row's key in its table (override when a record may have no id yet)."""
        return str(row[0].id)

    def cells(self, row: Row) -> list[Any]:
        """A row's cells, styled (override)."""
        raise NotImplementedError

    def list_title(self, which: str, markup: str) -> None:
        """Set the title line above the ``upper`` or ``lower`` list."""
        name = (self.UPPER if which == "upper" else self.LOWER)[0]
        self.query_one(f"#{name}-title", Static).update(markup)

    # -- data ----------------------------------------------------------------------------
    def refresh_data(self, keep: str | None = None) -> None:
        if self.data_changed():
            self.reload()
        elif keep is None:
            return
        self.fill(keep)

    def reload(self) -> None:
        """Read what the area shows from the store (override)."""

    def fill(self, keep: str | None = None) -> None:
        """Fill both lists and the details, the cursor on the record keyed ``keep`` (override)."""

    def show_rows(self, table: PagedTable[Row], rows: list[Row], keep: str | None) -> None:
        """Show ``rows`` in ``table``, the cursor on the row keyed ``keep`` if it is there."""
        keys = [self.row_key(row) for row in rows]
        table.show(rows, keys.index(keep) if keep in keys else None)
        self.refresh_bindings()  # e and x show on a list with rows only

    def show_detail(self) -> None:
        """Fill the details pane for the record under the cursor (override)."""

    @property
    def detail(self) -> Static:
        return self.query_one(f"#{self.BOX}-detail", Static)

    def select_record(self, record_id: str) -> None:
        """Put the cursor on one record, in whichever list holds it (from the dashboard)."""
        self.refresh_data()
        for table in (self.lower, self.table):
            keys = [self.row_key(row) for row in table.items]
            if record_id in keys:
                table.move_to(keys.index(record_id))
                table.focus()
                return

    def show_saved(self, record: Record) -> None:
        self.refresh_data(keep=str(record.id))

    # -- events --------------------------------------------------------------------------
    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()

    def on_descendant_focus(self) -> None:
        super().on_descendant_focus()
        self.show_detail()
        self.refresh_bindings()  # some keys act on one list only

    @on(DataTable.RowSelected)
    async def _selected(self) -> None:
        await self.action_edit()

    async def action_edit(self) -> None:
        """Edit the record under the cursor (override)."""
