"""The app shell and the Profile screen, driven headless with Pilot; the store is checked too."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from textual.widgets import DataTable, Input, OptionList, Select, Static

from tests.conftest import TODAY
from tests.screens.typing import run_command, settle, type_fast
from usce_tui.app import AREAS, UsceApp
from usce_tui.core.exports import export_bytes
from usce_tui.core.records import JournalEntry, Program
from usce_tui.modals.dialogs import ConfirmDialog, PathDialog
from usce_tui.modals.help import HelpScreen
from usce_tui.screens.profile import ProfileScreen
from usce_tui.store.storage import list_backups
from usce_tui.store.store import Store

SIZE = (120, 40)


def make_app(store: Store) -> UsceApp:
    return UsceApp(store, today=lambda: TODAY)


async def test_empty_file_welcomes_and_every_screen_shows_its_empty_state(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = app.screen.text
        assert "Welcome to USCE Navigator" in text
        assert "usce --demo" in text
        for mode, key, _title in AREAS[1:5]:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            screen = app.screen
            empty = screen.query_one(".empty-state", Static)
            assert empty.display and "yet" in empty.plain
            table = screen.query_one(DataTable)
            assert any(not node.display for node in table.ancestors_with_self)  # hidden


async def test_number_keys_reach_every_screen_on_sample_data(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        for mode, key, _title in (*AREAS[1:], AREAS[0]):
            # from Profile too: the first key there goes to the area, though Name has the cursor
            # (once typing began there, digits are typed: test_keystrokes)
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 12
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 20
        await pilot.press("1")
        await pilot.pause()
        assert "graduate 0–5 y" in app.screen.text


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_keys_and_closes(store: Store, key: str) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "escape")  # out of the fields, where ? would be typed
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        keys = {r[0] for r in rows}
        assert {"^s", "ctrl+p", "ctrl+q"} <= keys | {k.lower() for k in keys}
        assert any("Save the profile" in r[1] for r in rows)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)


async def test_command_palette_offers_every_area(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.palette_commands()]
        for _mode, _key, title in AREAS:
            assert f"Go to {title}" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to letters")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "letters"


async def _open_profile(pilot) -> ProfileScreen:
    await pilot.press("6")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProfileScreen)
    return screen


async def _type(pilot, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


async def test_profile_refuses_bad_input_and_saves_nothing(sample_store: Store,
                                                           sample_path: Path) -> None:
    before = sample_path.read_bytes()
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_profile(pilot)
        await _type(pilot, "graduation_date", "31/02/2027")
        await _type(pilot, "home_currency", "RUPEES")
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(screen.query_one("#profile-errors", Static).render())
        assert "Graduation date: '31/02/2027' is not a real date" in errors
        assert "Home currency: 'RUPEES' is not a currency code" in errors
        assert screen.query_one("#graduation_date", Input).has_class("-invalid")
        assert app.focused is screen.query_one("#home_currency", Input)  # first bad field
    assert sample_path.read_bytes() == before
    assert sample_store.profile().home_currency == "PEN"


async def test_profile_saves_good_input_and_shows_the_stage(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_profile(pilot)
        await _type(pilot, "name", "Test Applicant")
        await _type(pilot, "home_currency", "inr")
        screen.query_one("#date_order", Select).value = "MDY"
        await _type(pilot, "graduation_date", "06/30/2019")
        await _type(pilot, "target_specialties", "Internal Medicine, Pediatrics")
        screen.query_one("#step1_status", Select).value = "passed"
        await _type(pilot, "step1_date", "01/15/2020")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "graduate 5+ y" in str(screen.query_one("#profile-derived", Static).render())
        assert not screen.has_unsaved_changes()
    saved = store.profile()
    assert saved.name == "Test Applicant"
    assert saved.home_currency == "INR"
    assert saved.date_order == "MDY"
    assert saved.graduation_date.isoformat() == "2019-06-30"
    assert saved.step1_status == "passed" and saved.step1_date.isoformat() == "2020-01-15"
    assert saved.target_specialties == ["Internal Medicine", "Pediatrics"]


async def test_number_keys_type_into_a_field_instead_of_switching(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(pilot)
        await _type(pilot, "graduation_date", "12/05/2024")
        assert app.current_mode == "profile"
        assert app.screen.query_one("#graduation_date", Input).value == "12/05/2024"


async def test_escape_with_changes_asks_then_discards(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_profile(pilot)
        await _type(pilot, "name", "Unsaved Name")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert screen.query_one("#name", Input).value == "Unsaved Name"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.query_one("#name", Input).value == ""
    assert store.profile().name == ""


async def test_unsaved_profile_survives_switching_screens_and_quit_asks(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_profile(pilot)
        await _type(pilot, "name", "Half Typed")
        app.set_focus(None)
        await pilot.press("2")
        await pilot.press("6")
        await pilot.pause()
        assert screen.query_one("#name", Input).value == "Half Typed"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running


async def test_theme_is_remembered_in_the_data_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            app.theme = "nord"
            await pilot.pause()
        assert store.profile().theme == "nord"
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.theme == "nord"


async def test_a_new_theme_recolours_every_screen_though_the_rules_are_parsed_once(store: Store) -> None:
    """The app keeps the rules it parsed while the theme stays (KeptRules): a new theme must
    still reach the screen shown and the ones built ahead."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        before = app.screen.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        light = app.get_theme("textual-light")
        assert light is not None and light.background is not None
        assert app.screen.styles.background != before
        assert app.screen.styles.background.hex.lower() == light.background.lower()
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.styles.background.hex.lower() == light.background.lower()


async def _palette_titles(pilot) -> list[str]:
    """What the palette lists, opened on the current screen with nothing typed."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    palette = pilot.app.screen
    options = palette.query_one(OptionList)
    titles = [str(options.get_option_at_index(i).prompt).split("\n")[0]
              for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_palette_offers_what_the_current_screen_can_do(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        on_dashboard = await _palette_titles(pilot)
        await pilot.press("4")
        await pilot.pause()
        on_letters = await _palette_titles(pilot)
        await pilot.press("2")
        await pilot.pause()
        on_programs = await _palette_titles(pilot)
    for does in ("Add a letter", "Move the letter to its next step, dated today",
                 "Record that you sent a reminder today", "Tick what you sent the writer",
                 "Request, reminder and thank-you messages to copy", "Delete the letter (asks)"):
        assert f"Letters: {does}" in on_letters
        assert f"Letters: {does}" not in on_programs
    for does in ("Add a program", "Move the program to a new status", "Reverse the sort order"):
        assert f"Programs: {does}" in on_programs
    for everywhere in ("Go to Budget", "Import journal entries from jrnl or Day One",
                       "Back up the data file now", "Export all: everything, as one JSON backup"):
        assert everywhere in on_letters and everywhere in on_programs
    assert sum(t.startswith("Export ") for t in on_programs) == 12  # every export
    # the screen's own first, Textual's (theme, keys, quit) still there but last: they came first
    for titles, area in ((on_dashboard, "Dashboard"), (on_letters, "Letters")):
        assert titles[0].startswith(f"{area}: ")
        assert {"Theme", "Quit", "Keys"} <= set(titles[-6:])


async def test_an_action_runs_from_the_palette(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        first = screen.current()
        assert first is not None
        was = first.starred
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"star or unstar")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
    assert next(e for e in sample_store.all(JournalEntry) if e.id == first.id).starred is not was


@pytest.mark.parametrize("what", ["budget", "letters", "jrnl", "all"])
async def test_every_export_is_reachable_from_the_app(sample_store: Store, tmp_path: Path,
                                                      what: str) -> None:
    target = tmp_path / f"out-{what}"
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, f"export {what}:")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        await pilot.press("ctrl+u", *str(target), "enter")  # clear the suggested path, type ours
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert target.read_bytes() == export_bytes(what, sample_store.dataset(), TODAY)
    assert f"Wrote {target}." in messages


async def test_a_path_typed_for_an_export_replaces_the_one_suggested(sample_store: Store,
                                                                   tmp_path: Path) -> None:
    """Seen by a newcomer: typing /tmp/…/cal.ics after choosing the export showed
    "/root/usce-calendar.ics/tmp/…/cal.ics" in the box (it wrote the right file, but looked wrong)."""
    target = tmp_path / "cal.ics"
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"export calendar", "enter", *str(target))
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        assert app.screen.query_one("#path-input", Input).value == str(target)
        await pilot.press("enter")
        await pilot.pause()
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_an_export_path_that_is_a_folder_or_the_wrong_kind_keeps_the_box_open(
        sample_store: Store, tmp_path: Path) -> None:
    """Seen by a newcomer: the stories (Markdown) written to "stories.csv" from the palette,
    which the command line refuses; and a folder typed as the path closed the box with "Is a
    directory", so the path typed next went to the screen (a opened a form)."""
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "export stories")
        await pilot.press(*str(tmp_path / "stories.csv"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        error = str(app.screen.query_one("#path-error", Static).render())
        assert "not a CSV file (it writes Markdown); name the file .md" in error
        await pilot.press("ctrl+u")
        type_fast(app, *str(tmp_path), "enter", *"/all.md")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        assert "is a folder; type a file name after it" in str(app.screen.query_one("#path-error",
                                                                                    Static).render())
        assert app.screen.query_one("#path-input", Input).value == f"{tmp_path}/all.md"
        await pilot.press("enter")
        await pilot.pause()
    assert (tmp_path / "all.md").read_bytes() == export_bytes("stories", sample_store.dataset(), TODAY)
    assert not (tmp_path / "stories.csv").exists()


async def test_backup_from_the_palette(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "back up the data file")
        messages = [n.message for n in app._notifications]
    (backup,) = [p for p in list_backups(sample_store.path) if "manual" in p.name]
    assert backup.read_bytes() == sample_store.path.read_bytes()
    assert f"Backed up to {backup}." in messages


async def test_the_path_box_takes_quoted_and_relative_paths_and_stays_open_on_a_missing_file(
        sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Newcomer test: a dragged-in path arrives quoted; a relative path was reported without
    its folder; a wrong path closed the dialog, so the user started again from ctrl+p."""
    monkeypatch.chdir(tmp_path)
    csv_file = tmp_path / "my programs.csv"
    csv_file.write_text("Program,City\nNeuro Observership (fictional),Austin\n", encoding="utf-8")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "import programs from")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        await pilot.press("ctrl+u", *str(tmp_path / "nothing-here.csv"), "enter")
        await pilot.pause()
        assert app.screen is dialog  # still open, saying why
        assert "There is no file at" in str(dialog.query_one("#path-error", Static).render())
        await pilot.press("ctrl+u", *f"'{csv_file}'", "enter")  # as a file manager drops it
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")  # import what the preview shows
        await pilot.pause()
        assert any(p.name == "Neuro Observership (fictional)" for p in sample_store.all(Program))
        await run_command(pilot, "export programs:")
        await pilot.press("ctrl+u", *"out/programs.csv", "enter")  # a folder that does not exist
        await pilot.pause()
        assert "There is no folder" in str(app.screen.query_one("#path-error", Static).render())
        await pilot.press("ctrl+u", *"programs.csv", "enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert (tmp_path / "programs.csv").exists()
    assert f"Wrote {tmp_path / 'programs.csv'}." in messages


async def test_the_path_box_keeps_the_folder_shown_and_a_whole_path_replaces_it(tmp_path: Path) -> None:
    """Newcomer test: the folder was filled in, but typing a name replaced it and the name was
    looked for where the app was started."""
    from textual.app import App

    (tmp_path / "copy.json").write_text("{}", encoding="utf-8")
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "b.json").write_text("{}", encoding="utf-8")
    chosen: list[Path | None] = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(PathDialog("Pick", "hint", str(tmp_path) + "/", must_exist=True), chosen.append)

    async with Host().run_test() as pilot:
        await pilot.press(*"copy.json", "enter")
        await pilot.pause()
        pilot.app.push_screen(PathDialog("Pick", "hint", str(tmp_path) + "/", must_exist=True), chosen.append)
        await pilot.pause()
        await pilot.press(*str(other / "b.json"), "enter")
        await pilot.pause()
    assert chosen == [tmp_path / "copy.json", other / "b.json"]


def test_help_lines_that_go_on_are_joined_to_the_mark_above() -> None:
    from usce_tui.modals.help import good_to_know

    assert good_to_know(["d  drafts an experience from a completed", "     or accepted rotation",
                         "tab  moves between the lists"]) == [
        ("d", "drafts an experience from a completed or accepted rotation"),
        ("tab", "moves between the lists")]


async def test_a_new_profile_s_prefilled_currency_is_replaced_by_what_is_typed(store: Store) -> None:
    """Seen by a newcomer: on a new profile, enter from Home country then PEN read USDPEN. Until
    the profile is first saved, what its fields hold the app put there; after, they are the
    user's, and reaching one no longer selects it."""
    from tests.screens.typing import settle, type_fast

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        type_fast(app, *"Ana Example", "enter", *"Peru", "enter", *"PEN", "ctrl+s")
        await settle(pilot)
        assert store.profile().home_currency == "PEN"
        await pilot.press("shift+tab", "tab")
        await pilot.pause()
        currency = app.screen.query_one("#home_currency", Input)
        assert currency.has_focus and currency.selection.is_empty


@pytest.mark.parametrize("where", ["profile", "budget rates"])
async def test_a_damaged_profile_is_not_saved_over(sample_path: Path, where: str) -> None:
    """Seen by a newcomer: with the profile hand-damaged (a rate typed as a word, a currency
    written out), the screens show a blank profile, and saving it, on Profile or through
    Budget's rates, replaced the graduation date, exams, budget and rates with blanks. The save
    is refused, says why and where to mend it, and the file keeps the damaged profile."""
    raw = orjson.loads(sample_path.read_bytes())
    profile = raw["profile"]["1"]
    profile["home_currency"] = "Soles"
    sample_path.write_bytes(orjson.dumps(raw))
    with Store.open(sample_path, today=lambda: TODAY) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            # said before any typing: the dashboard had asked to "press 6 to fill in your profile"
            assert "Your profile cannot be read: mend it (ctrl+p, Damaged records)" in app.screen.text
            if where == "profile":
                await pilot.press("6")
                await pilot.pause()
                await pilot.press(*"Zara Q", "ctrl+s")
            else:
                await pilot.press("3")
                await pilot.pause()
                summary = str(app.screen.query_one("#budget-summary").render())
                assert "Your profile cannot be read, so its rates and budget are left out" in summary
                await pilot.press("r")
                await pilot.pause()
                await pilot.press("ctrl+s")
            await pilot.pause()
            said = [f"{n.title}: {n.message}" for n in app._notifications]
            assert any("cannot be read" in s and "Damaged records" in s for s in said), said
    kept = orjson.loads(sample_path.read_bytes())["profile"]["1"]
    assert kept == profile  # byte for byte as damaged, graduation date, exams and rates with it
