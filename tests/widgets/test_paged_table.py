"""The paged table: only a window of rows is in the table, but the cursor reaches every item.

Defect: with 300 entries, ctrl+end left the cursor on row 44 of 300 in Journal and 30 of 300 in
Programs; only rows already loaded were reachable.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store.store import Store

from ..conftest import TODAY

COUNT = 300


def highlighted_key(table: DataTable) -> str:
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def _walk(app: UsceApp, key: str, table_id: str, ids: list[int]) -> None:
    """ids: the records in the order the table lists them."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        table = app.screen.query_one(table_id, DataTable)
        assert table.row_count < COUNT  # a window, not the whole list
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert highlighted_key(table) == str(ids[-1])
        await pilot.press("up")
        assert highlighted_key(table) == str(ids[-2])
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert highlighted_key(table) == str(ids[0])
        for _ in range(120):  # arrow keys walk past the first window
            await pilot.press("down")
        assert highlighted_key(table) == str(ids[120])
        for _ in range(30):  # a page is what fits on the screen
            await pilot.press("pagedown")
        assert highlighted_key(table) == str(ids[-1])
        for _ in range(30):
            await pilot.press("pageup")
        assert highlighted_key(table) == str(ids[0])
        await pilot.press("ctrl+end")
        for _ in range(COUNT - 1):  # and back up from the end, one row at a time
            await pilot.press("up")
        await pilot.pause()
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
