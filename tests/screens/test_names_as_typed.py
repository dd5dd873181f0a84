"""Names are shown as typed, never read as markup: a program named with brackets (as a
spreadsheet may have it, "Obs [/x]") stopped the app with a markup error in the merge chooser,
the trip form's programs and the dropdowns."""

from __future__ import annotations

from textual.widgets import OptionList

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
from usce_tui.app import UsceApp
from usce_tui.core.records import Program
from usce_tui.store.store import Store
from usce_tui.widgets.ticks import Ticks

NAME = "Aaa Observership [/x] [b]"


async def test_a_name_with_brackets_is_shown_as_typed_everywhere(sample_store: Store) -> None:
    sample_store.save(Program(name=NAME, city="[/i]Town"))
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        seen: list[str] = []
        steps = (["2", "slash", *"Aaa", "enter"], ["e"], ["escape", "M"], ["escape", "3", "a"],
                 ["escape", "tab", "a"], ["shift+tab", "shift+tab", "enter"])
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            seen.append("\n".join(screen_lines(app)))
            if keys[-1] == "a" and "3" in keys:  # the trip form: its programs to tick, below
                ticks = app.screen.query_one(Ticks)
                assert NAME in [str(ticks.get_option_at_index(i).prompt) for i in range(ticks.option_count)]
            if keys[0] == "shift+tab":  # the cost form's Program dropdown, open: its list
                listed = app.focused
                assert isinstance(listed, OptionList)
                assert NAME in [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        await pilot.press("escape", "escape", "5", "a")  # a journal entry: its rotation dropdown
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "enter")
        await pilot.pause()
        listed = app.focused
        assert isinstance(listed, OptionList)
        assert NAME in [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.is_running  # no markup error stopped it
    programs, edit, merge, trip, _cost, program_list = seen
    assert NAME in programs or "Aaa Observersh" in programs
    assert f"Edit {NAME}" in edit
    assert NAME in merge
    assert "Add a trip" in trip
    assert "(no program)" in program_list


async def test_messages_and_the_dashboard_show_names_as_typed(sample_store: Store) -> None:
    """Seen by a newcomer: adding a program named "Clinic [/] weird [b]bold" stopped the app as
    its "Added …" message was drawn; "[IM]" vanished from messages, and a specialty
    "Cirugía [general]" showed as "Cirugía" in the letter checks."""
    from tests.screens.typing import settle, type_fast

    profile = sample_store.profile()
    profile.name, profile.target_specialties = "Ana [/] Example", ["Cirugía [general]"]
    sample_store.save_profile(profile)
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "Ana [/] Example" in str(app.screen.query_one("#dash-title").render())
        assert "Cirugía [general]" in "\n".join(screen_lines(app))
        type_fast(app, "2", "a", *"Clinic [/] weird [b]bold", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.is_running
        assert "Added Clinic [/] weird [b]bold." in "\n".join(screen_lines(app))
        await pilot.press("4")
        await pilot.pause()
        assert "Cirugía [general]" in "\n".join(screen_lines(app))
