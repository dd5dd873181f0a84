"""Know where you are, at any size: every screen names the six areas with its own marked, and
its footer keys fit on the screen (they used to end at "2 Programs" or "4 Lett" at 120)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
from usce_tui.app import UsceApp
from usce_tui.store.store import Store
from usce_tui.widgets.area_bar import AREAS, SHORT, AreaBar
from usce_tui.widgets.key_footer import KeyFooter


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_screen_names_itself_and_its_footer_fits(sample_store: Store,
                                                            size: tuple[int, int]) -> None:
    app = UsceApp(sample_store, today=lambda: TODAY, demo=True)
    async with app.run_test(size=size) as pilot:
        for mode, key, title in (*AREAS[1:], AREAS[0]):
            if app.current_mode == "profile":
                await pilot.press("escape")  # out of the profile's fields
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            bar = screen.query_one(AreaBar)
            assert bar.region.y == 0 and bar.current == mode
            shown = bar.render().plain
            short = size[0] < 100  # an 80-column bar shortens two titles to fit every area
            named = {t: SHORT.get(t, t) if short and t != title else t for _m, _k, t in AREAS}
            assert f"▸{key} {named[title]}" in shown  # marked, even without colours
            assert all(f"{k} {named[t]}" in shown for _m, k, t in AREAS)  # every area, with its key
            assert bar.render().cell_length <= size[0]
            keys = list(screen.query(FooterKey))
            assert keys, f"{title} shows no keys"
            assert all(k.region.right <= size[0] for k in keys), f"{title}'s footer is cut"
            descriptions = {k.description for k in keys}
            assert "Help" in descriptions


async def test_the_footer_follows_the_keys_that_work_and_is_kept_while_they_stay(store: Store) -> None:
    """The footer shows e and x once there is a program to edit or delete, and drops them when the
    last one goes; going away and back, with the same keys, keeps the footer as it was (it was
    rebuilt on every return: a third of the time a return to Profile took)."""
    app = UsceApp(store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()

        def shown() -> list[str]:
            return [k.description for k in app.screen.query(FooterKey)]

        assert "Add" in shown() and "Edit" not in shown() and "Delete" not in shown()
        await pilot.press("a", *"Neuro Observership", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert "Edit" in shown() and "Delete" in shown()
        kept = list(app.screen.query(FooterKey))
        await pilot.press("1", "2")
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == kept  # the same keys: not rebuilt
        await pilot.press("x", "y")
        await pilot.pause()
        await pilot.pause()
        assert "Edit" not in shown() and "Delete" not in shown()


@pytest.mark.parametrize(("sample", "open_shown"), [(True, True), (False, False)])
async def test_the_dashboards_footer_comes_with_its_keys_and_is_not_built_again(
        sample: bool, open_shown: bool, sample_store: Store, store: Store,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard's footer is built with its keys as the app starts ("o Open" when there is a
    task): Textual's footer starts empty and builds itself again once the screen is ready, 14 ms
    of a start on a large file. The welcome dashboard of an empty file has no o."""
    rebuilt: list[KeyFooter] = []
    recompose = KeyFooter.recompose

    async def counted(footer: KeyFooter) -> None:
        rebuilt.append(footer)
        await recompose(footer)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    app = UsceApp(sample_store if sample else store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = [k.description for k in app.screen.query(FooterKey)]
        assert ("Open" in shown) is open_shown and "Help" in shown
        assert rebuilt == ([] if sample else rebuilt[:1])  # the welcome's hides o: once at most


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_dashboard_opens_at_its_top_with_whose_it_is_and_the_stage(sample_store: Store,
                                                                          size: tuple[int, int]) -> None:
    """The dashboard's first line names the user and their stage: it scrolled out of sight as
    the app started (its list of tasks, focused before its height was known, was scrolled to
    the middle of the page), at both sizes."""
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)  # Textual's scroll to a focused widget is animated
        lines = screen_lines(app)
        name = sample_store.profile().name
        assert any(name in line and "stage:" in line for line in lines), "\n".join(lines)
        assert app.screen.query_one("#dashboard").scroll_y == 0
