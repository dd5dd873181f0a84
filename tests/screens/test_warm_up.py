"""The areas are built in the background while the user reads the dashboard, so a first visit
is as quick as a return; what the user sees and types is the same either way."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
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


def _screen_text(app: UsceApp) -> list[str]:
    """What the terminal shows, line by line (the screen and whatever is under a dialog)."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    width, height = app.size
    lines = screen_lines(app)
    assert len(lines) == height and all(len(line) <= width for line in lines)
    return lines


async def _shown(size: tuple[int, int], keys: list[str], store: Store, ahead: bool) -> list[str]:
    """Press ``keys`` (area keys, then a key that opens a form or dialog) in an app that built
    the areas and the add forms ahead, or in one that builds them as they are asked for."""
    app = UsceApp(store, today=lambda: TODAY)
    async with app.run_test(size=size) as pilot:
        if ahead:
            await _until_warm(pilot, app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            if ahead and key.isdigit():
                await _until_spare(pilot, app.screen) if app.screen.new_record_form() else None
        await settle(pilot)
        return _screen_text(app)


@pytest.mark.parametrize(("size", "keys"), [
    ((80, 24), ["2", "a"]), ((80, 24), ["5"]), ((80, 24), ["8", "a"]), ((80, 24), ["2", "x"]),
    ((120, 40), ["6"]), ((120, 40), ["3", "a"]), ((120, 40), ["4", "a"]), ((120, 40), ["7", "a"]),
])
async def test_what_was_built_ahead_looks_as_if_built_on_the_spot(
        monkeypatch: pytest.MonkeyPatch, sample_store: Store, size: tuple[int, int], keys: list[str]) -> None:
    """Built ahead, an area or a form is laid out and painted before it is shown: shown, it is
    exactly what building it then would show (its size classes, its footer, the screen under a
    dialog), at a laptop's size and a wide one."""
    on_the_spot = await _shown(size, keys, sample_store, ahead=False)
    monkeypatch.setattr(UsceApp, "WARM_UP_AFTER", 0.01)
    assert await _shown(size, keys, sample_store, ahead=True) == on_the_spot


async def test_full_garbage_collections_wait_until_the_typing_stops(sample_store: Store) -> None:
    """Python's full collection (0.1-0.2 s on a large file) came at a moment of its choosing,
    often while a form opened; while the app runs it is made once no key has come for a second
    (or when far overdue), and Python's own rule is back when the app ends."""
    import gc
    import time

    before = gc.get_threshold()
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        assert gc.isenabled()  # paused while the app starts, on again from the first frame
        assert gc.get_threshold()[2] > 10**6  # not made on its own while the user types
        while gc.get_count()[2] < app.FULL_COLLECTION_DUE:
            gc.collect(1)  # as the young generations fill while the user works
        app.last_key_at = time.monotonic()  # a key just now: not yet
        app._collect_if_idle()
        assert gc.get_count()[2] >= app.FULL_COLLECTION_DUE
        app.last_key_at = time.monotonic() - 2 * app.IDLE_BEFORE_COLLECTING  # a pause: now
        app._collect_if_idle()
        assert gc.get_count()[2] == 0
        while gc.get_count()[2] < app.FULL_COLLECTION_OVERDUE:
            gc.collect(1)
        app.last_key_at = time.monotonic()  # typing without a pause for a long time: made anyway
        app._collect_if_idle()
        assert gc.get_count()[2] == 0
    assert gc.get_threshold() == before and gc.isenabled()
    assert gc.get_freeze_count() == 0  # what the app set aside may be collected again


async def test_quitting_while_the_start_s_check_waits_for_the_user_is_no_crash(sample_store: Store) -> None:
    """The check for damaged records waits until the user stops typing; a quit meanwhile (a key
    typed at once, then closed within the second) stopped the app with ScreenStackError and a
    crash report: the waiting asked a screen stack already empty."""
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash")  # in the filter box: the check (due at 0.4 s) waits
        await pilot.pause(0.6)
        assert not app.looked_after
    # the app closed, its screens gone: a wait that wakes now ends, rather than ask for a screen
    # (a full run once woke it there, between the screens' removal and its own cancelling)
    assert await app.until_idle() is False
