"""What every screen shares: typed access to the app and its store, reload on resume."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ..store import Store

if TYPE_CHECKING:
    from ..app import UsceApp


class BaseScreen(Screen):
    """A top-level area (a Textual mode) that reloads from the store whenever it is shown."""

    @property
    def usce(self) -> UsceApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.usce.store

    def on_mount(self) -> None:
        self.usce.register_area(self)

    def has_unsaved_changes(self) -> bool:
        """True while a form on this screen holds text that is not saved (override)."""
        return False

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what this screen shows from the store (override)."""


class ListScreen(BaseScreen):
    """A screen that lists one table's records, with an empty state that says how to start.

    The later issues replace these simple lists with the full screens; until then they show
    what the data file holds, so nothing the user has entered is invisible.
    """

    AREA: ClassVar[str] = ""
    EMPTY: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = ()
    BINDINGS: ClassVar[list[Binding]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="list-area"):
            yield Static(self.AREA, classes="area-title")
            yield Static(self.EMPTY, classes="empty-state")
            table: DataTable = DataTable(cursor_type="row", zebra_stripes=True)
            for title, width in self.COLUMNS:
                table.add_column(title, width=width)
            yield table
        yield Footer()

    def rows(self) -> Iterable[tuple[int, tuple[str, ...]]]:
        """(record id, cells) for each record (override)."""
        return ()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for record_id, cells in self.rows():
            table.add_row(*cells, key=str(record_id))
        empty = table.row_count == 0
        self.query_one(".empty-state").display = empty
        table.display = not empty
