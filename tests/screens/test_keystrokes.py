"""Keystrokes never go astray (issue: keyboard-first for real). Each test was seen failing
before the fix; the fast ones type every key at once, as a quick typist or a paste does."""

from __future__ import annotations

from datetime import date

import pytest
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
from tests.screens.typing import settle, type_fast
from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry, Letter, Program
from usce_tui.modals.program_form import ProgramForm
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.dashboard import DashboardScreen
from usce_tui.screens.profile import ProfileScreen
from usce_tui.screens.programs import ProgramsScreen
from usce_tui.store.store import Store

SIZE = (120, 40)


def _visible(widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self)


async def _nothing_hidden_has_the_focus_and_a_adds(pilot) -> None:
    focused = pilot.app.focused
    assert focused is None or _visible(focused)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProgramForm)


async def test_slash_on_an_empty_list_does_not_hide_the_keys(store: Store) -> None:
    """Seen: empty Programs, /, then a and 1 were swallowed by a filter box nobody could see."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash")
        await pilot.pause()
        await _nothing_hidden_has_the_focus_and_a_adds(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_no_hidden_widget_keeps_the_focus_when_a_list_empties(store: Store) -> None:
    (program,) = store.add_all([Program(name="Only One (fictional)")])
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash")
        await pilot.pause()
        assert isinstance(pilot.app.focused, Input)  # the filter box, visible while there are programs
        await pilot.press("escape", "x", "y")  # delete the only program
        await pilot.pause()
        await _nothing_hidden_has_the_focus_and_a_adds(pilot)


async def test_enter_in_a_form_moves_to_the_next_field_and_only_ctrl_s_saves(store: Store) -> None:
    """Seen: 2, a, "Neuro Observership", enter closed the 40-field form with "Added ..."."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        await pilot.press(*"Neuro Observership", "enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ProgramForm)
        assert store.all(Program) == []
        assert pilot.app.focused is form.query_one("#institution", Input)
        await pilot.press(*"Lakeshore Hospital (fictional)", "ctrl+s")
        await pilot.pause()
    (saved,) = store.all(Program)
    assert (saved.name, saved.institution) == ("Neuro Observership", "Lakeshore Hospital (fictional)")


async def test_after_a_failed_save_the_first_bad_field_keeps_its_text(store: Store) -> None:
    """Seen: after a refused save the cursor jumped to a bad field with its text selected, and
    the next keys replaced it (Institution = "31/02/2027")."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Neuro")
        form.query_one("#contact_email", Input).focus()
        await pilot.press(*"nobody")
        form.query_one("#duration_weeks", Input).focus()
        await pilot.press(*"ten", "ctrl+s")
        await pilot.pause()
        first_bad = form.query_one("#duration_weeks", Input)  # before Contact email in the form
        assert pilot.app.focused is first_bad
        assert first_bad.value == "ten" and first_bad.cursor_position == 3
        assert not first_bad.selection or first_bad.selection.is_empty
        errors = str(form.query_one(".record-form-errors").render())
        assert errors.index("Duration") < errors.index("Contact email")  # in the form's order
        await pilot.press("s")
        assert first_bad.value == "tens"
        errors = str(form.query_one(".record-form-errors").render())  # a field changed: its line goes
        assert "Duration" not in errors and "Contact email" in errors
        # the notice, shown at the top over the fields, points to the list rather than cover it
        notice = [n.message for n in pilot.app._notifications][-1]
        assert notice == "2 problems, listed under the form."
    assert store.all(Program) == []


async def test_a_refused_profile_says_what_to_fix_where_it_is_seen(store: Store) -> None:
    """Seen at 80×24: "1 field to fix; see below the form", and below the form was off-screen;
    then its notice named the first two problems at the bottom while forms said how many at
    the top. Its list of problems now stays in view under the fields, as a form's does."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press(*"Ana Example")  # the cursor starts in Name
        screen.query_one("#graduation_date", Input).focus()
        await pilot.press(*"31/02/2019")
        screen.query_one("#weekly_fee_limit", Input).focus()
        await pilot.press("ctrl+u", *"lots", "ctrl+s")
        await pilot.pause()
        (notice,) = [n for n in pilot.app._notifications if n.title == "Profile not saved"]
        assert notice.message == "2 problems, listed under the form."
        shown = screen_lines(pilot.app)
        assert pilot.app.focused is screen.query_one("#graduation_date", Input)  # the first bad one
        assert any(line.strip().startswith("✘ Graduation date: '31/02/2019' is not a real date")
                   for line in shown[-6:])  # above the footer, though the cursor is at the top
        assert any(line.strip().startswith("✘ Fee limit a week: 'lots'") for line in shown[-6:])


async def test_profile_takes_typing_at_once_and_digits_in_a_dropdown_stay(sample_store: Store) -> None:
    """Seen: on Profile no field had focus; with a dropdown focused, typing 20/03/2025 went to
    Programs (2) and Journal (5)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        name = screen.query_one("#name", Input)
        assert pilot.app.focused is name
        screen.query_one("#date_order", Select).focus()
        await pilot.press(*"20/03/2025")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_keys_typed_while_a_form_opens_land_in_it(store: Store) -> None:
    """Seen: a then "Hello World" at once left Name empty; text typed right after tab landed in
    the field before. Every key here is queued at once."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Hello World", "tab", *"Lakeshore", "tab", "tab", *"Austin")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, ProgramForm)
        values = form.form_values()
        assert (values["name"], values["institution"], values["specialty"]) == (
            "Hello World", "Lakeshore", "Austin")
        assert isinstance(pilot.app.screen_stack[-2], ProgramsScreen)
        type_fast(pilot.app, "ctrl+s")
        await settle(pilot)
    (saved,) = store.all(Program)
    assert saved.name == "Hello World"


async def test_enter_on_profile_moves_on_and_saves_nothing(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press(*"Ana Example", "enter")
        await pilot.pause()
        assert pilot.app.focused is screen.query_one("#home_country", Input)
        assert store.profile().name == ""  # not saved by enter
        await pilot.press(*"Peru", "ctrl+s")
        await pilot.pause()
    assert (store.profile().name, store.profile().home_country) == ("Ana Example", "Peru")


async def test_ctrl_s_typed_right_after_the_text_saves_the_text(store: Store) -> None:
    """Seen: a, "Dr. Test Race", ctrl+s sent together said "Writer: is required" while the
    field showed the name: the save ran before the field had taken the keys."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Dr. Test Race", "ctrl+s")
        await settle(pilot)
        assert [letter.writer_name for letter in store.all(Letter)] == ["Dr. Test Race"]
        await pilot.press("2")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Quick Observership", "ctrl+s")
        await settle(pilot)
        assert [p.name for p in store.all(Program)] == ["Quick Observership"]


async def test_palette_command_then_a_path_typed_at_once_does_not_crash(store: Store, tmp_path) -> None:
    """Seen: ctrl+p, "calendar", enter, a path, enter, sent at once, ended the app with
    "ScreenStackError: Can't pop screen"."""
    target = tmp_path / "cal.ics"
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"calendar")
        await pilot.pause(0.3)  # the palette has found the command
        type_fast(pilot.app, "enter", *str(target), "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert target.exists()
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_keys_in_a_dropdown_typed_at_once_all_count(store: Store) -> None:
    """Seen: enter, up, up, up, enter in one go left a dropdown unchanged."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a", "tab", "tab")  # Name, Institution, then Type (a dropdown)
        await pilot.pause()
        form = pilot.app.screen
        kind = form.query_one("#type", Select)
        assert pilot.app.focused is kind and kind.value == "other"
        type_fast(pilot.app, "enter", "up", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert kind.value != "other"


async def test_editing_keys_typed_in_a_burst_act_in_order(sample_store: Store) -> None:
    """Seen: shift+tab, ctrl+u, "Peru" typed at once left Home country empty: ctrl+u acted
    after the letters. backspace and the arrows were as late."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        await pilot.press("tab", "tab")  # to Home currency
        type_fast(pilot.app, "shift+tab", "ctrl+u", *"Chile")
        await settle(pilot)
        assert screen.query_one("#home_country", Input).value == "Chile"
        type_fast(pilot.app, "backspace", "x", "left", "left", "Y", "end", "!")
        await settle(pilot)
        assert screen.query_one("#home_country", Input).value == "ChiYlx!"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert sample_store.profile().home_country == "ChiYlx!"


async def test_a_journal_text_typed_fast_with_corrections_comes_out_as_typed(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Ward roudn", "backspace", "backspace", "n", "d", *" today",
                  "home", *"A ", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
    (entry,) = store.all(JournalEntry)
    assert entry.body == "A Ward round today"


async def test_a_key_typed_right_after_a_screen_key_acts_on_the_new_screen(store: Store) -> None:
    """Seen: 4, a, "Dr. Quick" typed at once: a was lost on the way, and the letters of the
    name ran the Letters screen's keys (u: "Nothing to undo")."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        type_fast(pilot.app, "4", "a", *"Dr. Quick")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        assert form.form_values()["writer_name"] == "Dr. Quick"


async def test_an_empty_list_screen_gives_the_focus_to_nothing_hidden(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        for key in "2345":
            await pilot.press(key)
            await pilot.pause()
            focused = pilot.app.focused
            assert focused is None or _visible(focused), f"{key}: {focused} is hidden"


async def test_text_typed_right_after_slash_goes_into_the_filter(sample_store: Store) -> None:
    """Seen: / then "xyz" at once asked to delete the entry (x), and / "dka" opened a new one."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        type_fast(pilot.app, "slash", *"xyz")
        await settle(pilot)
        screen = pilot.app.screen
        assert not isinstance(screen, ModalScreen)
        assert screen.query_one("#journal-search", Input).value == "xyz"


async def test_tab_typed_with_slash_reaches_the_quick_filters(sample_store: Store) -> None:
    """Seen: / and tab at once put the cursor on the list, not on the first quick filter (the bar
    was not shown yet when tab looked for the next field)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        type_fast(pilot.app, "slash", "tab")
        await settle(pilot)
        screen = pilot.app.screen
        assert pilot.app.focused is screen.query_one("#filter-type", Select)
        await pilot.press("escape", "escape", "5")  # the journal's bar as well
        await pilot.pause()
        type_fast(pilot.app, "slash", "tab", "tab")
        await settle(pilot)
        assert pilot.app.focused is pilot.app.screen.query_one("#journal-bar").children[2]


async def test_letters_on_a_quick_filter_choose_it_as_in_a_form(sample_store: Store) -> None:
    """Seen: / tab o b left "any type" as it was (the filter bar's dropdowns took no letters,
    the forms' do)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        type_fast(pilot.app, "slash", "tab", "o", "b")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("#filter-type", Select).value == "observership"
        assert {row.program.type for row in screen.table.items} == {"observership"}


async def test_arrows_typed_before_e_move_first(sample_store: Store) -> None:
    """Seen: down, down, e at once edited the first letter, not the third."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = pilot.app.screen
        third = screen.letters[2]
        type_fast(pilot.app, "down", "down", "e")
        await settle(pilot)
        assert pilot.app.screen.form_values()["writer_name"] == third.writer_name


async def test_a_dropdown_choice_typed_fast_is_saved_and_nothing_stray_opens(sample_store: Store) -> None:
    """Seen: e, tab, tab, enter, up, up, enter, ctrl+s at once saved Type unchanged and left an
    edit form open, which took the next keys into the program's name."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = pilot.app.screen
        target = screen.current_row().program
        type_fast(pilot.app, "e", "tab", "tab", "enter", "up", "up", "enter", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert pilot.app.screen is screen  # no form left open
        saved = sample_store.get(Program, target.id)
        assert saved.type != target.type and saved.name == target.name


async def test_tab_then_a_on_budget_adds_a_cost(sample_store: Store) -> None:
    """Seen: tab, a at once added a trip: a acted before tab had moved to the costs."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        type_fast(pilot.app, "tab", "a")
        await settle(pilot)
        assert pilot.app.screen.query("#amount")  # the cost form, not the trip form


async def test_keys_typed_right_after_x_go_to_the_dialog_not_the_table(sample_store: Store) -> None:
    """Newcomer (issue 14): `x` then `down` in one burst moved the table before the dialog was up,
    so it asked about the next program; `M` then `down` merged the wrong one."""
    from usce_tui.core.records import Program
    from usce_tui.screens.programs import ProgramsScreen

    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProgramsScreen)
        first = screen.current_row().program
        type_fast(pilot.app, "x", "down", "y")
        await settle(pilot)
        assert sample_store.get(Program, first.id or "") is None  # the program under the cursor at x
        assert len(sample_store.all(Program)) == len(screen._rows)
        second = screen.current_row().program
        type_fast(pilot.app, "p", "down", "enter")
        await settle(pilot)
        status = sample_store.get(Program, second.id or "").status
        assert status != second.status  # the status dialog took the keys, for that program


async def test_enter_in_a_dropdown_then_ctrl_s_at_once_saves_the_choice(sample_store: Store) -> None:
    """Newcomer (issue 14): with a dropdown open, down enter ctrl+s in one burst said "Profile
    saved." but stored the value from before the enter."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        chooser = screen.query_one("#fee_range_end", Select)
        chooser.focus()
        await pilot.pause()
        assert sample_store.profile().fee_range_end == "high end"
        await pilot.press("enter")  # open the list
        await pilot.pause()
        type_fast(pilot.app, "down", "enter", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert chooser.value == "low end"
    assert sample_store.profile().fee_range_end == "low end"


async def test_a_key_typed_after_a_choice_goes_to_the_question_it_opens(sample_store: Store) -> None:
    """Newcomer (issue 14): M, enter, y in one burst left "Merge?" open: the y arrived between
    the choice and the question it opens, and was lost."""
    import dataclasses

    from usce_tui.core.records import Program
    from usce_tui.screens.programs import ProgramsScreen

    first = sample_store.all(Program)[0]
    twin = sample_store.add_all([dataclasses.replace(first, id=None, type="research",
                                                     duplicate_of=first.id)])[0]
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProgramsScreen)
        screen.select_record(twin.id or "")
        await pilot.pause()
        type_fast(pilot.app, "M", "enter", "y")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProgramsScreen)
    assert sample_store.get(Program, twin.id or "") is None  # merged into its possible duplicate


async def test_enter_that_chooses_in_a_form_dropdown_moves_to_the_next_field(store: Store) -> None:
    """Newcomer (issue 17): on Profile, enter enter on Date order and then a date typed at once
    left Graduation date empty: the enter chose, but the date was typed at the dropdown."""
    profile = store.profile()
    profile.name = "Ravi Kumar (fictional)"
    store.save_profile(profile)
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        screen.query_one("#date_order", Select).focus()
        await pilot.pause()
        type_fast(pilot.app, "enter", "enter", *"15/06/2022", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
    assert store.profile().graduation_date == date(2022, 6, 15)


async def test_keys_typed_right_after_keep_editing_go_back_into_the_form(store: Store) -> None:
    """Newcomer (issue 17): escape in a changed form, then n and more text at once: the text
    was lost between the question and the form."""
    from usce_tui.modals.dialogs import ConfirmDialog

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab", *"v3", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        type_fast(pilot.app, "n", *" for surgery")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert pilot.app.screen.query_one("#note", Input).value == "v3 for surgery"


async def test_the_not_saved_notice_goes_once_the_form_is_saved(store: Store) -> None:
    """Seen: "Not saved: 1 field to fix" stayed on screen for seconds after the corrected form
    had been saved, beside "Saved …", as if the save had failed."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("4", "a", "ctrl+s")  # a letter without its writer
        await pilot.pause()
        assert [n.title for n in pilot.app._notifications] == ["Not saved"]
        assert store.all(Letter) == []
        await pilot.press(*"Dr. Ana Souza", "ctrl+s")
        await pilot.pause()
        assert [x.writer_name for x in store.all(Letter)] == ["Dr. Ana Souza"]
        assert "Not saved" not in [n.title for n in pilot.app._notifications]
        assert [n.message for n in pilot.app._notifications] == ["Added the letter from Dr. Ana Souza."]


async def test_escape_then_a_digit_typed_at_once_leaves_the_form_for_that_area(store: Store) -> None:
    """Seen: escape in an untouched form, then 2 typed right after it: the 2 went into the
    form's field and escape then asked "Discard the changes in this form?"."""
    from usce_tui.screens.budget import BudgetScreen
    from usce_tui.screens.journal import JournalScreen

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("3", "a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RecordForm)
        type_fast(pilot.app, "escape", "2")
        await settle(pilot)
        assert [type(s) for s in pilot.app.screen_stack] == [ProgramsScreen]
        # a terminal sends escape and a digit typed right after it as one key: alt+digit
        await pilot.press("3", "a")
        await pilot.pause()
        type_fast(pilot.app, "alt+5")
        await settle(pilot)
        assert [type(s) for s in pilot.app.screen_stack] == [JournalScreen]
        assert store.all(Program) == [] and not isinstance(pilot.app.screen, BudgetScreen)


async def test_escape_then_a_digit_on_profile_goes_to_that_area(store: Store) -> None:
    from usce_tui.screens.letters import LettersScreen

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        assert isinstance(pilot.app.focused, Input)  # the cursor starts in the first field
        type_fast(pilot.app, "alt+4")
        await settle(pilot)
        assert [type(s) for s in pilot.app.screen_stack] == [LettersScreen]
        assert store.profile().name == ""


async def test_escape_in_an_open_dropdown_closes_the_dropdown_not_the_form(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("7", "a")  # the document form starts on its Kind dropdown
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("enter")
        await pilot.pause()
        (kind,) = form.query("#kind").results(Select)
        assert kind.expanded
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is form and not kind.expanded
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not form


async def test_a_dialog_shows_its_own_keys_not_those_of_the_screen_below(sample_store: Store) -> None:
    """Seen: "Delete …? (y/n)" over Programs, and the footer still offered a Add, e Edit, x Delete."""
    from textual.widgets._footer import FooterKey

    from usce_tui.modals.dialogs import ConfirmDialog

    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "x")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        shown = [key for key in dialog.query(FooterKey) if key.region.height]
        assert {k.key for k in shown} == {"y", "n"}
        assert all(k.region.y == 23 for k in shown)  # on the bottom line, over the list's footer


def test_escape_then_a_key_is_read_as_alt_key_never_as_a_character() -> None:
    """Seen: escape 7 typed at once on Profile put "¶" in the Name field (Textual read it as
    macOS's Option+7); a pound sign typed on a UK keyboard stays a pound sign."""
    from textual._xterm_parser import XTermParser

    import usce_tui.app  # noqa: F401  (the app changes how the terminal's keys are read)

    def keys(data: str) -> list[tuple[str, str | None]]:
        parser = XTermParser()
        out = list(parser.feed(data))
        if parser._timeout_time is not None:
            parser._timeout_time = 0  # escape's wait for more keys is over
        return [(e.key, e.character) for e in [*out, *parser.tick()]]

    assert keys("\x1b7") == [("alt+7", "7")]
    assert keys("\x1b2") == [("alt+2", "2")]
    assert keys("£") == [("pound_sign", "£")]


async def test_letters_on_a_closed_dropdown_choose_there_and_never_reach_the_list(store: Store) -> None:
    """Seen: a, "Sixth", tab, tab, "r", ctrl+s at once: saved, then the r reversed the list's
    sort once the form had closed. Letters on a closed dropdown now choose its option."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProgramsScreen)
        sort = screen._sort
        type_fast(pilot.app, "a", *"Sixth", "tab", "tab", *"obs", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        (program,) = store.all(Program)
        assert (program.name, program.type) == ("Sixth", "observership")
        assert pilot.app.screen is screen and screen._sort == sort
        type_fast(pilot.app, "a", *"Seventh", "tab", "tab", "r", "ctrl+s")  # r: research
        await settle(pilot)
        await pilot.pause(0.3)
        assert {p.type for p in store.all(Program) if p.name == "Seventh"} == {"research"}
        assert screen._sort == sort


async def test_discarding_profile_changes_leaves_the_fields_so_digits_switch_areas(store: Store) -> None:
    """Seen: 6, a change, escape, y (discard): the cursor was still in Name, and the 7 typed
    next went into it."""
    from usce_tui.screens.paperwork import PaperworkScreen

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6", *"Ana", "escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.focused is None
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PaperworkScreen)
        assert store.profile().name == ""


async def test_after_discarding_a_typed_letter_goes_at_the_end_of_the_name(sample_store: Store) -> None:
    """Second newcomer run: backspace, escape, y (discard), then back in Name and a Q typed: the
    name became "Ana Quispe FicQt" (the cursor stayed one before the end)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        name = pilot.app.screen.query_one("#name", Input)
        before = name.value
        await pilot.press("end", "backspace", "escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        name.focus()
        await pilot.press("Q")
        assert name.value == before + "Q"


async def test_the_dashboard_offers_o_only_when_there_is_a_task_to_open(store: Store) -> None:
    """Seen: "o Open" in the footer beside "Nothing due in the next 90 days"."""
    from textual.widgets._footer import FooterKey

    store.save(Program(name="Someday Observership", status="researching"))  # no date: no task
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen)
        assert not screen.tasks  # "Nothing due in the next 90 days."
        assert "o" not in {k.key for k in screen.query(FooterKey)}


async def test_letters_handled_late_still_go_on_with_the_ones_before(store: Store, monkeypatch) -> None:
    """Seen on a loaded machine: o b s handled more than a second apart chose
    clerkship/elective (the s alone, found inside it), not observership."""
    from usce_tui.widgets.choice import Choice

    monkeypatch.setattr(Choice, "FIND_PAUSE", 0.0)  # every letter comes "after a pause"
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a", *"Late", "tab", "tab", *"obs", "ctrl+s")
        await pilot.pause()
        assert [(p.name, p.type) for p in store.all(Program)] == [("Late", "observership")]


async def test_escape_and_an_area_key_at_once_close_a_dialog_then_go_there(sample_store: Store) -> None:
    """Seen by a newcomer: escape 8 typed at once on a Paperwork draft closed it but stayed on
    Paperwork (the 8 reached the draft, still open). A dialog's escape now acts the moment it
    is typed, as a form's does."""
    from usce_tui.modals.dialogs import TextDialog
    from usce_tui.screens.eras import ErasScreen

    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("7", "tab", "d")
        await pilot.pause()
        await pilot.press("enter")  # the first draft, shown
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        type_fast(pilot.app, "escape", "8")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ErasScreen)


async def test_a_refused_profile_lists_its_problems_in_the_order_of_its_fields(store: Store) -> None:
    """Seen by a newcomer: Profile's problems came in another order than its fields (the cursor
    went to a field below the first bad one), and its "not saved" stayed beside "Profile saved."."""
    from textual.widgets import Static

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press(*"Ana Example")  # the cursor starts in Name
        screen.query_one("#weekly_fee_limit", Input).focus()
        await pilot.press("ctrl+u", *"lots [/] of", "tab")
        screen.query_one("#graduation_date", Input).focus()
        await pilot.press(*"31/02/2019", "ctrl+s")
        await pilot.pause()
        assert pilot.app.focused is screen.query_one("#graduation_date", Input)
        listed = str(screen.query_one("#profile-errors", Static).render())
        assert listed.index("Graduation date") < listed.index("Fee limit a week")
        assert "'lots [/]' is not an amount" in listed  # what was typed, as typed
        await pilot.press("ctrl+u", *"30/06/2019")
        screen.query_one("#weekly_fee_limit", Input).focus()
        await pilot.press("ctrl+u", *"500 USD", "ctrl+s")
        await pilot.pause()
        titles = [n.title for n in pilot.app._notifications]
        assert "Profile not saved" not in titles and store.profile().graduation_date is not None


async def test_enter_after_letters_chose_in_a_dropdown_moves_on_like_a_text_box(store: Store) -> None:
    """Newcomer: "obs" chose observership in the Type dropdown, then enter opened its list and
    "Neurology" typed on searched it (Type became externship, Specialty got the city)."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        type_fast(pilot.app, *"Neuro Obs", "tab", "tab", *"obs", "enter", *"Neurology", "enter",
                  *"Boston", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
    (saved,) = store.all(Program)
    assert (saved.type, saved.specialty, saved.city) == ("observership", "Neurology", "Boston")


async def test_enter_after_letters_that_find_nothing_in_a_dropdown_moves_on_too(store: Store) -> None:
    """Second newcomer run: "fix" (no option) then enter opened the Deadline kind list, and the
    date typed next was lost in it."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#deadline_kind").focus()
        await pilot.pause()
        type_fast(pilot.app, *"fix", "enter", *"01/03/2027")
        await settle(pilot)
        assert form.query_one("#deadline", Input).value == "01/03/2027"


async def test_a_word_that_matches_no_option_of_a_dropdown_is_said(store: Store) -> None:
    """Third newcomer run: "fix" on Deadline kind and "yes" on Hands-on left both as they were
    without a word. A word (three letters) that finds nothing says so; a stray letter does not."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#hands_on", Select).focus()
        await pilot.press("z")
        assert not pilot.app._notifications  # a stray letter: nothing said
        kind = form.query_one("#deadline_kind", Select)
        kind.focus()
        before = kind.value
        await pilot.press(*"fix")
        await pilot.pause()
        (notice,) = [n.message for n in pilot.app._notifications]
        assert notice.startswith("'fix' matches none of: ") and "rolling" in notice
        assert kind.value == before  # nothing chosen


async def test_a_digit_typed_first_on_profile_goes_to_its_area_not_into_the_name(sample_store: Store) -> None:
    """Seen in a check at 80×24: 6 then 1 typed the 1 into Profile's Name (the cursor waits
    there) and stayed on Profile. The first key on arriving switches areas; once something is
    typed there, digits are typed."""
    name = sample_store.profile().name
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert pilot.app.current_mode == "dashboard"
        await pilot.press("6")
        await pilot.pause()
        field = pilot.app.screen.query_one("#name", Input)
        assert field.value == name  # the 1 did not land in it
        await pilot.press("end", "1")  # typing has begun here: a digit is typed
        await pilot.pause()
        assert pilot.app.current_mode == "profile" and field.value == name + "1"
    assert sample_store.profile().name == name  # nothing saved without ctrl+s


async def test_ticks_typed_fast_in_a_form_s_list_land_on_the_boxes_under_the_cursor(store: Store) -> None:
    """Seen by a newcomer: in a program's Requirements, "space down space down down down down
    space" typed at once ticked only Step 2 CK (the list ran its arrows and spaces in another
    order than typed); each key alone worked."""
    from textual.widgets import SelectionList

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Rural Observership")
        boxes = form.query_one("#requirements", SelectionList)
        boxes.focus()
        await pilot.pause()
        order = [boxes.get_option_at_index(i).value for i in range(boxes.option_count)]
        type_fast(pilot.app, "space", "down", "space", "down", "down", "down", "down", "space")
        await settle(pilot)
        assert sorted(boxes.selected) == sorted([order[0], order[1], order[5]])
        await pilot.press("ctrl+s")
        await pilot.pause()
        (saved,) = store.all(Program)
        assert sorted(saved.requirements) == sorted([order[0], order[1], order[5]])


async def test_a_few_problems_are_read_whole_at_80x24_their_advice_included(store: Store) -> None:
    """Seen by a newcomer at 80×24: "✘ Fee limit a week: '1.500' reads two ways, 1500 or 1.5:
    write 1500 for the…": the way out was the part cut off."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press(*"Ana Example")
        screen.query_one("#weekly_fee_limit", Input).focus()
        await pilot.press("ctrl+u", *"1.500", "ctrl+s")
        await pilot.pause()
        shown = " ".join(line.strip() for line in screen_lines(pilot.app)[-6:])
        assert "write 1500 for the one, 1.5 for the other" in shown, shown
        assert store.profile().name == ""  # nothing saved


async def test_a_dropdown_opened_before_keeps_up_with_keys_typed_at_once(store: Store) -> None:
    """Second newcomer run: on a dropdown whose list had been opened once, "enter d a t enter"
    then a date typed at once chose "date" but left no field focused, and the date was lost;
    "enter down enter" then letters sent them nowhere. The list took the focus a turn late,
    after enter had chosen and moved on."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        kind = form.query_one("#deadline_kind", Select)
        kind.focus()
        await pilot.press("enter", "escape")  # opened once, and closed
        await pilot.pause()
        type_fast(pilot.app, "enter", *"dat", "enter", *"01/03/2027")
        await settle(pilot)
        assert kind.value == "date"
        assert form.query_one("#deadline", Input).value == "01/03/2027"
        assert pilot.app.focused is form.query_one("#deadline", Input)



@pytest.mark.parametrize("keys", [("escape", "y"), ("alt+y",)], ids=["apart", "as-a-terminal-sends-them"])
async def test_escape_then_y_at_once_discards_the_form_and_does_not_crash(store: Store, keys) -> None:
    """Seen by a newcomer (three times, on Programs and Journal): a form with text typed in it,
    then escape and y sent at once. The y answered "Discard the changes?" before the question
    had set its focus, and the app stopped with NoMatches and a crash report."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        type_fast(pilot.app, *"Half typed", *keys)
        await settle(pilot)
        assert [type(s) for s in pilot.app.screen_stack] == [ProgramsScreen]
        assert pilot.app.is_running and store.all(Program) == []


async def test_letters_then_enter_on_any_dropdown_move_on_and_nothing_is_lost(sample_store: Store) -> None:
    """Seen by two newcomers: in the journal editor's Rotation, "int" then enter opened the list
    (enter moved on only in the forms of fields), and "Second entry" typed next went into the
    list's search, lost; on Programs' filters, "/ tab tab tab nee enter" left the list open."""
    from usce_tui.screens.journal import JournalScreen

    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        type_fast(pilot.app, "a", "shift+tab", "shift+tab", "shift+tab", "shift+tab", *"int", "enter",
                  *"Second entry", "tab", "tab", "tab", *"A fictional ward round.", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        (entry,) = [e for e in sample_store.all(JournalEntry) if e.title == "Second entry"]
        medicine = {p.id: p.name for p in sample_store.all(Program)}[entry.program_id]
        assert medicine.startswith("Internal Medicine") and entry.body == "A fictional ward round."
        assert isinstance(pilot.app.screen, JournalScreen)  # saved and closed
        await pilot.press("2")
        await pilot.pause()
        type_fast(pilot.app, "slash", "tab", "tab", *"res", "enter")  # the Status filter
        await settle(pilot)
        status = pilot.app.screen.query_one("#filter-status", Select)
        assert status.value == "researching" and not status.expanded
        assert not status.has_focus  # moved on, as in a form


async def test_text_typed_on_editing_an_entry_goes_on_at_its_end(sample_store: Store) -> None:
    """Seen by a newcomer: e on an entry, then "Edited on A." saved "Edited on A.Learned…":
    the cursor was at the start of the body."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        before = {e.id: e.body for e in sample_store.all(JournalEntry)}
        type_fast(pilot.app, "e", "enter", *"Edited on A.", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        (changed,) = [e for e in sample_store.all(JournalEntry) if e.body != before[e.id]]
        assert changed.body == before[changed.id] + "\nEdited on A."


async def test_ctrl_t_typed_with_the_text_puts_the_prompts_first(store: Store) -> None:
    """Seen by a newcomer: "a ctrl+t Some words typed fast. ctrl+s" at once saved the words
    with the prompts after them (once they were lost): ctrl+t acted only after every key typed
    after it."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        type_fast(pilot.app, "a", "ctrl+t", *"Some words.", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        (entry,) = store.all(JournalEntry)
        assert entry.body.startswith("## What did I learn?\nSome words.\n")


async def test_keep_then_enter_typed_at_once_in_the_privacy_check_keeps(store: Store) -> None:
    """k (keep knowingly) and enter (save) typed at once: enter saved before k was acted on,
    and the name was redacted against the choice typed."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Rounds with Mr. Alvarez.", "ctrl+s", "k", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        (entry,) = store.all(JournalEntry)
        assert entry.body == "Rounds with Mr. Alvarez."


async def test_one_not_saved_notice_at_a_time_and_none_once_the_form_passes(store: Store) -> None:
    """Seen by newcomers: a second refused save stacked "3 problems" on "1 problem"; a journal
    date mended, the privacy check opened under "Date: '11/31/2026' is not a real date"."""
    from usce_tui.modals.privacy import PrivacyDialog

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:

        def refusals() -> list[str]:
            return [n.message for n in pilot.app._notifications if n.title == "Not saved"]

        await pilot.press("3", "a", "ctrl+s")  # a trip with no name
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(refusals()) == 1
        await pilot.press("escape", "y", "5", "a", *["shift+tab"] * 6, "ctrl+u", *"31/11/2026", "ctrl+s")
        await pilot.pause()
        assert refusals() and "not a real date" in refusals()[0]
        await pilot.press("ctrl+u", *"20/11/2026", "tab", "tab", "tab", "tab", "tab", "tab",
                          *"Rounds with Mr. Alvarez.", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PrivacyDialog), pilot.app.focused
        assert refusals() == []


async def test_a_letter_key_then_ctrl_p_at_once_acts_before_the_palette_opens(sample_store: Store) -> None:
    """Seen by a newcomer: "s ctrl+p" on Journal opened the palette and the star was lost (s
    went through the list first and came back after the palette had opened)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        starred = {e.id for e in sample_store.all(JournalEntry) if e.starred}
        type_fast(pilot.app, "s", "ctrl+p")
        await settle(pilot)
        assert {e.id for e in sample_store.all(JournalEntry) if e.starred} != starred
        await pilot.press("escape")


async def test_a_plain_notice_stays_behind_on_its_area(sample_store: Store) -> None:
    """Seen by a newcomer: "Deleted … Press u to undo." from Programs sat over Budget's totals
    and the journal's preview. A plain notice a moment old stays with its area; a fresh one
    (a file just written) still shows on the next."""
    app = UsceApp(sample_store, today=lambda: TODAY)
    app.STALE_ON_SWITCH = 0.3
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("2", "x", "y")
        await pilot.pause()
        assert any("Deleted" in n.message for n in app._notifications)
        await pilot.pause(0.5)
        app.notify("Wrote /tmp/somewhere.csv.")
        await pilot.press("3")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert not any("Deleted" in m for m in messages) and "Wrote /tmp/somewhere.csv." in messages


async def test_a_notice_said_again_shows_once(store: Store) -> None:
    """Seen by a newcomer: m pressed again and again at ERAS's limit stacked the same warning,
    which then sat over the dialogs opened after it."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:
        for _ in range(3):
            pilot.app.notify("3 are marked: unmark one first.", title="ERAS's limit", severity="warning")
            await pilot.pause()
        assert [n.message for n in pilot.app._notifications] == ["3 are marked: unmark one first."]


async def test_a_refusal_does_not_stand_beside_an_earlier_saved(store: Store) -> None:
    """Seen in tmux: "Profile saved." from the save before stayed beside "Profile not saved"."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("6", *"Test Person", "ctrl+s")
        await pilot.pause(0.7)
        assert "Profile saved." in [n.message for n in pilot.app._notifications]
        await pilot.press("tab", "tab", "tab", "tab", *"99/99/2026", "ctrl+s")  # the graduation date
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
        assert "Profile saved." not in messages and any("problem" in m for m in messages)


@pytest.mark.parametrize(("edit", "left"), [(("ctrl+u",), "export budget"),
                                            (("backspace",) * 5, "export budget"),
                                            (("home",), "export budgetxyzzy")])
async def test_the_palettes_search_box_takes_editing_keys_in_the_order_typed(
        store: Store, edit: tuple[str, ...], left: str) -> None:
    """Seen by a newcomer: in the palette, "xyzzy" then ctrl+u and "export budget" typed at once
    left "rt budget" (here "t"): the letters went in at once, ctrl+u came after them and cleared
    them. The search box's editing keys now act in the order typed, as every text box's do."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"xyzzy")
        await pilot.pause(0.3)
        type_fast(pilot.app, *edit, *"export budget")
        await settle(pilot)
        assert pilot.app.screen.query_one(Input).value == left


async def _message_form_with_by_open(pilot) -> tuple[RecordForm, Select]:
    """A new message's form on Paperwork, its By dropdown's list open."""
    await pilot.press("7", "tab", "a")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    by = form.query_one("#channel", Select)
    by.focus()
    await pilot.press("enter")
    await pilot.pause()
    return form, by


async def test_escape_then_tab_at_once_leave_an_open_list_for_the_next_field(sample_store: Store) -> None:
    """Seen by a newcomer: in a message's form, with By's list open, "escape tab" and a name
    typed at once lost the name ("'ms.' matches none of …" on the Program dropdown): the list
    closed, but the focus came back to By only after the tab had been handled from the hidden
    list. The name goes into Who, and By keeps its choice."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        form, by = await _message_form_with_by_open(pilot)
        assert by.expanded
        chosen = by.value
        type_fast(pilot.app, "escape", "tab", *"Ms. Ana Fictional", "tab", *"Confirmed a slot")
        await settle(pilot)
        assert form.query_one("#who", Input).value == "Ms. Ana Fictional"
        assert form.query_one("#summary", Input).value == "Confirmed a slot" and by.value == chosen


async def test_a_problem_listed_under_a_form_goes_once_its_field_is_changed(store: Store) -> None:
    """Seen by a newcomer: "✘ Date: is required" stayed under the form after the date was typed,
    until the next ctrl+s. A field's line goes as soon as the field is changed; the others stay."""
    store.save(Program(name="Fictional Valley Family Medicine"))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("3", "a")  # a trip: its name is required, and departure after arrival
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#arrival", Input).focus()
        await pilot.press(*"10/03/2027", "tab", *"01/03/2027", "ctrl+s")
        await pilot.pause()
        listed = str(form.query_one(".record-form-errors").render())
        assert "Name: is required" in listed and "Departure" in listed
        form.query_one("#name", Input).focus()
        await pilot.press(*"Spring trip")
        await pilot.pause()
        listed = str(form.query_one(".record-form-errors").render())
        assert "Name" not in listed and "Departure" in listed


async def test_escape_and_tab_read_as_shift_tab_in_an_open_list_close_it_and_move_on(
        sample_store: Store) -> None:
    """Seen by a newcomer in a real terminal: escape then tab typed at once arrive as ESC TAB,
    which Textual reads as shift+tab; in an open list the tab was lost and the name typed next
    went into the dropdown ("'edi' matches none of …"). In an open list it is escape and tab."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        form, by = await _message_form_with_by_open(pilot)
        chosen = by.value
        type_fast(pilot.app, "shift+tab", *"Ms. Ana Fictional")
        await settle(pilot)
        assert not by.expanded and by.value == chosen
        assert form.query_one("#who", Input).value == "Ms. Ana Fictional"
