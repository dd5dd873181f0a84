"""The areas are built in the background while the user reads the dashboard, so a first visit
is as quick as a return; what the user sees and types is the same either way."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tests.conftest import TODAY
from tests.screens.typing import settle, type_fast
from usce_tui.app import WARM_UP_ORDER, UsceApp
from usce_tui.core.records import Program
from usce_tui.store.store import Store


@pytest.fixture
def warm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UsceApp, "WARM_UP_AFTER", 0.01)


async def _until_warm(pilot, app: UsceApp) -> None:
    for _ in range(200):
        if len(app.warmed) == len(WARM_UP_ORDER):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"only {sorted(app.warmed)} were built ahead")


@pytest.mark.usefixtures("warm")
async def test_a_first_visit_shows_the_area_built_ahead_and_it_works(sample_store: Store) -> None:
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until_warm(pilot, app)
        ahead = app.warmed["programs"]
        await pilot.press("2")
        await pilot.pause()
        assert app.screen is ahead and "programs" not in app.warmed
        assert app.screen.query_one("#program-table", DataTable).row_count == 12
        await pilot.press("a", *"Neuro Observership", "ctrl+s")
        await pilot.pause()
        assert "Neuro Observership" in [p.name for p in sample_store.all(Program)]
        await pilot.press("5")  # the journal built ahead, then the data changed: it is re-read
        await pilot.pause()
        assert app.screen.query_one("#journal-table", DataTable).row_count > 0


@pytest.mark.usefixtures("warm")
async def test_a_visit_while_the_area_is_being_built_is_not_disturbed(sample_store: Store) -> None:
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"clerk")  # at once, as the building starts
        await pilot.pause()
        table = app.screen.query_one("#program-table", DataTable)
        assert app.screen.query_one("#program-filter").value == "clerk"
        await _until_warm(pilot, app) if "programs" in app.warmed else None
        await pilot.pause(0.5)
        assert "programs" not in app.warmed  # the area in use is not built twice
        assert app.screen.query_one("#program-table", DataTable) is table
        assert 0 < table.row_count < 12  # the filter typed at once holds


async def _programs_with_a_form_ahead(pilot):
    """Open Programs and wait for the add form built ahead; (the screen, that form)."""
    await pilot.press("2")
    await pilot.pause()
    screen = pilot.app.screen
    await _until_spare(pilot, screen)
    return screen, screen._spare[1]


async def _until_spare(pilot, screen) -> None:
    for _ in range(200):
        if screen.spare_ready:
            return
        await pilot.pause(0.05)
    raise AssertionError("no form was built ahead")


@pytest.mark.usefixtures("warm")
async def test_a_opens_the_form_built_ahead_and_typing_lands_in_it(sample_store: Store) -> None:
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, ahead = await _programs_with_a_form_ahead(pilot)
        type_fast(app, "a", *"Neuro Observership", "ctrl+s")
        await settle(pilot)
        assert "Neuro Observership" in [p.name for p in sample_store.all(Program)]
        assert app.screen is screen and ahead not in app.screen_stack  # used once, then closed
        await _until_spare(pilot, screen)  # the next one is built for the file as it is now
        assert screen._spare[1] is not ahead


@pytest.mark.usefixtures("warm")
async def test_a_form_built_for_a_file_that_changed_is_not_used(sample_store: Store) -> None:
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, ahead = await _programs_with_a_form_ahead(pilot)
        profile = sample_store.profile()
        profile.date_order = "MDY"  # the form's dates must follow
        sample_store.save_profile(profile)
        await pilot.press("1", "2", "a")  # away and back, then a at once
        await pilot.pause()
        assert app.screen is not ahead
        assert app.screen.query_one("#deadline").placeholder == "MM/DD/YYYY"
