"""The paged table: only a window of rows is in the table, but the cursor reaches every item.

Defect: with 300 entries, ctrl+end left the cursor on row 44 of 300 in Journal and 30 of 300 in
Programs; only rows already loaded were reachable.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from tests.conftest import TODAY
from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store.store import Store
from usce_tui.widgets.paged_table import fit_columns

COUNT = 300


def highlighted_key(table: DataTable) -> str:
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def _walk(app: UsceApp, key: str, table_id: str, ids: list[int]) -> None:
    """ids: the records in the order the table lists them."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        table = app.screen.query_one(table_id, DataTable)
        page = table.row_count
        assert page < COUNT  # a window, not the whole list
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert highlighted_key(table) == str(ids[-1])
        for _ in range(page + 5):  # back up from the end, past the window it jumped to
            await pilot.press("up")
        assert highlighted_key(table) == str(ids[-1 - (page + 5)])
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert highlighted_key(table) == str(ids[0])
        for _ in range(page + 5):  # arrow keys walk past the first window
            await pilot.press("down")
        assert highlighted_key(table) == str(ids[page + 5])
        for _ in range(30):  # a page is what fits on the screen
            await pilot.press("pagedown")
        assert highlighted_key(table) == str(ids[-1])
        assert table.row_count <= 4 * page  # the window slides rather than growing
        for _ in range(30):
            await pilot.press("pageup")
        assert highlighted_key(table) == str(ids[0])


async def test_every_program_is_reachable_past_the_first_page(store: Store) -> None:
    programs = store.add_all([Program(name=f"Program {n:03}") for n in range(COUNT)])
    await _walk(UsceApp(store, today=lambda: TODAY), "2", "#program-table",
                [p.id or 0 for p in programs])


async def test_every_journal_entry_is_reachable_past_the_first_page(store: Store) -> None:
    entries = store.add_all([JournalEntry(date=TODAY - timedelta(days=n), title=f"Day {n}", body="x")
                             for n in range(COUNT)])
    await _walk(UsceApp(store, today=lambda: TODAY), "5", "#journal-table",
                [e.id or 0 for e in entries])  # newest first: the order they were added here


def test_columns_fit_the_width_most_useful_first_and_the_rest_goes_to_one_column() -> None:
    def layout_for(width: int) -> list[tuple[int, int]]:  # Name, Type, When, Flags
        return fit_columns((20, 10, 12, 6), priority=(0, 2, 3, 1), stretch=0, width=width)

    assert layout_for(48) == [(0, 20), (1, 10), (2, 12), (3, 6)]  # all fit: as designed
    assert layout_for(60) == [(0, 32), (1, 10), (2, 12), (3, 6)]  # the name takes the rest
    assert layout_for(40) == [(0, 22), (2, 12), (3, 6)]  # Type goes first
    assert layout_for(37) == [(0, 25), (2, 12)]  # Flags fits after When; Type would not
    assert layout_for(10) == [(0, 10)]  # never no column at all
