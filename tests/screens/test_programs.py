"""The Programs screen driven headless: filter, sort, add, edit, delete/undo, status, checklist,
import; the store is checked after every change."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Select, SelectionList, Static

from tests.conftest import DATA_DIR, TODAY
from usce_tui.app import UsceApp
from usce_tui.core.records import Program
from usce_tui.modals.dialogs import (
    ChecklistDialog,
    ChoiceDialog,
    ConfirmDialog,
    PathDialog,
)
from usce_tui.modals.program_form import ProgramForm
from usce_tui.screens.programs import ProgramsScreen
from usce_tui.store.store import Store
from usce_tui.widgets.program_detail import ProgramDetail

SIZE = (120, 40)
MESSY = DATA_DIR / "messy_programs.csv"


def make_app(store: Store) -> UsceApp:
    return UsceApp(store, today=lambda: TODAY)


async def open_programs(pilot) -> ProgramsScreen:
    await pilot.press("2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProgramsScreen)
    return screen


def names(screen: ProgramsScreen) -> list[str]:
    return [r.program.name for r in screen._shown]


def table_names(screen: ProgramsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def summary(screen: ProgramsScreen) -> str:
    return str(screen.query_one("#program-summary", Static).render())


async def test_table_shows_every_program_with_its_verdicts(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 12
        assert summary(screen).startswith("12 of 12 programs · by Apply by")
        row = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)] for i in range(12)}
        assert row["Rural Medicine Observ…"][8] == "⚑4"
        assert row["Hospitalist Shadowing"][7] == "from 01/27"
        detail = screen.query_one(ProgramDetail).plain
        assert table_names(screen)[0].split("…")[0] in detail


async def test_markup_like_text_is_shown_as_typed(store: Store) -> None:
    store.save(Program(name="Observership [2027] [b]", specialty="[red]Surgery"))
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        assert [str(c) for c in screen.query_one(DataTable).get_row_at(0)][:3] == [
            "Observership [2027] […", "other", "[red]Surgery"]
        assert "Observership [2027] [b]" in screen.query_one(ProgramDetail).plain


async def test_filter_answers_as_you_type_and_escape_clears_it(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        await pilot.press("slash", *"chicago")
        await pilot.pause()
        assert names(screen) == ["Internal Medicine Clerkship", "Internal Medicine Observership"]
        assert screen.query_one(DataTable).row_count == 2
        assert summary(screen).startswith("2 of 12 programs")
        await pilot.press(*" zzz")
        await pilot.pause()
        assert "No program matches" in summary(screen)
        await pilot.press(*["backspace"] * 11)
        await pilot.pause()
        assert len(names(screen)) == 12  # backspacing widens again
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#program-filter", Input).value == ""
        assert len(names(screen)) == 12 and screen.query_one(DataTable).has_focus


async def test_quick_filters(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        screen.query_one("#filter-type", Select).value = "observership"
        await pilot.pause()
        assert len(names(screen)) == 4 and all("Observership" in n for n in names(screen))
        screen.query_one("#filter-show", Select).value = "flags"
        await pilot.pause()
        assert len(names(screen)) == 4
        screen.query_one("#filter-type", Select).clear()
        screen.query_one("#filter-show", Select).value = "review"
        await pilot.pause()
        assert names(screen) == ["Emergency Medicine Externship"]
        screen.query_one("#filter-show", Select).value = "due30"
        await pilot.pause()
        assert names(screen) == ["Internal Medicine Clerkship"]
        screen.query_one("#filter-show", Select).value = "all"
        screen.query_one("#filter-specialty", Select).value = "Pediatrics"
        await pilot.pause()
        assert names(screen) == ["Pediatrics Observership"]


async def test_sort_by_key_and_by_clicking_a_header(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        screen.query_one(DataTable).focus()
        for _ in range(4):  # Apply by -> Status -> Eligible -> Flags -> Program
            await pilot.press("s")
        await pilot.pause()
        assert screen._sort == (0, False)
        assert names(screen) == sorted(names(screen), key=str.lower)
        await pilot.press("r")
        await pilot.pause()
        assert names(screen) == sorted(names(screen), key=str.lower, reverse=True)
        assert "(descending)" in summary(screen)
        await pilot.click("#program-table", offset=(65, 0))  # the Cost header (after 22+11+15+14 columns)
        await pilot.pause()
        assert screen._sort == (4, False)
        weekly = [r.weekly for r in screen._shown if r.weekly is not None]  # cost per week
        assert len(weekly) >= 5 and weekly == sorted(weekly)


async def test_add_through_the_form(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        assert screen.query_one(".empty-state").display
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ProgramForm)
        await pilot.press(*"Cardiology Observership")
        form.query_one("#fee_amount", Input).value = "1,200"
        form.query_one("#deadline_kind", Select).value = "date"
        form.query_one("#deadline", Input).value = "15/01/2027"
        form.query_one("#requirements", SelectionList).select("step1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        (saved,) = store.all(Program)
        assert saved.name == "Cardiology Observership"
        assert str(saved.fee) == "1,200.00 USD" and saved.deadline.isoformat() == "2027-01-15"
        assert saved.requirements == ["step1"] and saved.history[0].on == TODAY
        assert table_names(screen) == ["Cardiology Observersh…"]
        assert not screen.query_one(".empty-state").display


async def test_edit_refuses_bad_input_and_saves_nothing_until_fixed(sample_store: Store) -> None:
    before = {p.id: p for p in sample_store.all(Program)}
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        target = screen.current_row().program
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ProgramForm)
        form.query_one("#fee_amount", Input).value = "-300"
        form.query_one("#fee_currency", Input).value = "USS"
        form.query_one("#contact_email", Input).value = "not-an-email"
        form.query_one("#deadline", Input).value = "31/02/2027"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        errors = str(form.query_one(".record-form-errors", Static).render())
        for words in ("Fee amount: '-300' is negative", "Fee currency: 'USS'", "Contact email",
                      "Deadline date: '31/02/2027' is not a real date"):
            assert words in errors
        assert form.query_one("#fee_amount", Input).has_class("-invalid")
        assert {p.id: p for p in sample_store.all(Program)} == before
        form.query_one("#fee_amount", Input).value = "300"
        form.query_one("#fee_currency", Input).value = "usd"
        form.query_one("#contact_email", Input).value = "gme@example.org"
        form.query_one("#deadline", Input).value = "28/02/2027"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        saved = sample_store.get(Program, target.id)
        assert str(saved.fee) == "300.00 USD" and saved.contact_email == "gme@example.org"
        assert saved.deadline.isoformat() == "2027-02-28"
        assert saved.history == target.history  # same status: no new step
        assert screen.current_row().id == target.id  # the cursor stays on the edited program


async def test_escape_on_a_changed_form_asks_before_discarding(sample_store: Store) -> None:
    before = sample_store.all(Program)
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" changed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ProgramForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is screen
    assert sample_store.all(Program) == before


async def test_delete_asks_and_u_brings_the_program_back(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        target = screen.current_row().program
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert sample_store.get(Program, target.id) is not None
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.get(Program, target.id) is None
        assert len(names(screen)) == 11 and target.name not in names(screen)
        await pilot.press("u")
        await pilot.pause()
        restored = sample_store.get(Program, target.id)
        assert restored is not None
        assert restored.history == target.history and restored.materials == target.materials
        assert len(names(screen)) == 12


async def _dialog_on_the_first_program(pilot, key: str, kind: type):
    """Press ``key`` on the highlighted program; (that program, the dialog it opened)."""
    screen = await open_programs(pilot)
    target = screen.current_row().program
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, kind)
    return target, pilot.app.screen


async def test_status_change_is_dated_in_the_history(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        target, dialog = await _dialog_on_the_first_program(pilot, "p", ChoiceDialog)
        options = dialog.query_one(OptionList)
        options.highlighted = dialog.options.index("interview")
        await pilot.press("enter")
        await pilot.pause()
        saved = sample_store.get(Program, target.id)
        assert saved.status == "interview"
        assert (saved.history[-1].status, saved.history[-1].on) == ("interview", TODAY)
        assert len(saved.history) == len(target.history) + 1


async def test_materials_checklist_is_saved(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        target, dialog = await _dialog_on_the_first_program(pilot, "m", ChecklistDialog)
        checklist = dialog.query_one(SelectionList)
        checklist.select_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample_store.get(Program, target.id)
        assert saved.materials and all(saved.materials.values())
        assert "✔ CV" in pilot.app.screen.query_one(ProgramDetail).plain


async def test_profile_changes_change_the_eligibility_column(sample_store: Store) -> None:
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        verdicts = {r.program.name: r.cells[7] for r in screen._shown}
        assert verdicts["Internal Medicine Observership"] == "✔ yes"
        profile = sample_store.profile()
        profile.step1_status = "failed"
        sample_store.save_profile(profile)
        await pilot.press("1")
        await pilot.press("2")
        await pilot.pause()
        verdicts = {r.program.name: r.cells[7] for r in screen._shown}
        assert verdicts["Internal Medicine Observership"] == "✘ no"


async def test_import_previews_lets_a_column_be_remapped_and_u_undoes_it_in_one_step(
        store: Store, monkeypatch) -> None:
    """Issue 14: the import is a conversation. Nothing is written before ctrl+s; a column whose
    header was not recognised can be given a field; the whole import is one change u undoes."""
    from usce_tui.modals.import_preview import ImportPreview

    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Import programs")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PathDialog)
        await pilot.press(*str(MESSY), "enter")
        await pilot.pause(0.5)
        preview = pilot.app.screen
        assert isinstance(preview, ImportPreview)
        rows = str(preview.query_one("#preview-rows", Static).render())
        assert "To add: 6   skipped: 2   possible duplicates: 0   needs review: 2" in rows
        assert "skip   row 7" in rows and "review row 5 Peds" in rows
        assert store.all(Program) == []  # nothing written yet
        columns = preview.query_one("#preview-columns", OptionList)
        assert "Favourite colour" in str(columns.get_option_at_index(9).prompt)
        assert "(kept in the notes)" in str(columns.get_option_at_index(9).prompt)
        await pilot.press(*["down"] * 9, "enter")  # the Favourite colour column…
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceDialog)
        monkeypatch.setattr(ChoiceDialog, "FIND_PAUSE", 60.0)  # a loaded machine types slowly
        await pilot.press(*"notes", "enter")  # …feeds Notes (letters find the option)
        await pilot.pause(0.5)
        assert pilot.app.screen is preview
        assert "→ Notes" in str(columns.get_option_at_index(9).prompt)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(pilot.app.screen, ProgramsScreen)
        stored = {p.name: p for p in store.all(Program)}
        assert len(stored) == 6 and stored["IM Observership"].notes == "blue"
        assert len(pilot.app.screen._shown) == 6
        await pilot.press("u")
        await pilot.pause()
        assert store.all(Program) == []  # the whole import, undone in one step
        assert len(pilot.app.screen._shown) == 0


async def test_escape_in_the_import_preview_writes_nothing(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        pilot.app.import_file("programs")
        await pilot.pause()
        await pilot.press(*str(MESSY), "enter")
        await pilot.pause(0.5)
        await pilot.press("escape")
        await pilot.pause()
        assert store.all(Program) == [] and not isinstance(pilot.app.screen, ProgramsScreen)


async def test_m_merges_a_possible_duplicate_keeping_links_and_u_separates_them(sample_store: Store) -> None:
    """Issue 14: two listings of one program are merged into one, keeping the notes, history,
    start dates and the letters and journal entries of both; or kept both, unmarked."""
    import dataclasses

    from usce_tui.core.records import JournalEntry, Letter

    first = next(p for p in sample_store.all(Program) if sample_store.where(Letter, program_id=p.id))
    twin = sample_store.add_all([dataclasses.replace(
        first, id=None, notes="Second listing: the spring cohort.", duplicate_of=first.id,
        start_dates=[TODAY.replace(year=TODAY.year + 1)], history=list(first.history))])[0]
    sample_store.add_all([JournalEntry(date=TODAY, title="Asked about the spring cohort",
                                       program_id=twin.id)])
    letters = {x.id for x in sample_store.where(Letter, program_id=first.id)}
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        screen.select_record(twin.id)
        await pilot.pause()
        assert "Possible duplicate" in pilot.app.screen.query_one(ProgramDetail).plain
        await pilot.press("M")
        await pilot.pause()
        choice = pilot.app.screen
        assert isinstance(choice, ChoiceDialog) and choice.options[0].startswith("Keep both")
        await pilot.press("enter")  # the program it may duplicate comes first, under the cursor
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "Merge (y)" in str(pilot.app.screen.query_one("#yes").label)
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.get(Program, twin.id) is None
        kept = sample_store.get(Program, first.id)
        assert "Second listing: the spring cohort." in kept.notes and first.notes in kept.notes
        assert set(first.start_dates) | set(twin.start_dates) == set(kept.start_dates)
        assert kept.duplicate_of is None
        assert [e.program_id for e in sample_store.all(JournalEntry) if e.title.startswith("Asked about")] \
            == [first.id]
        assert {x.id for x in sample_store.where(Letter, program_id=first.id)} == letters
        await pilot.press("u")
        await pilot.pause()
        assert sample_store.get(Program, twin.id).notes == "Second listing: the spring cohort."
        assert sample_store.get(Program, first.id).notes == first.notes
        assert [e.program_id for e in sample_store.all(JournalEntry) if e.title.startswith("Asked about")] \
            == [twin.id]


async def test_keep_both_clears_the_possible_duplicate_mark(sample_store: Store) -> None:
    import dataclasses

    first = sample_store.all(Program)[0]
    twin = sample_store.add_all([dataclasses.replace(first, id=None, type="research",
                                                     duplicate_of=first.id)])[0]
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        screen.select_record(twin.id)
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("up", "enter")  # Keep both
        await pilot.pause()
        assert sample_store.get(Program, twin.id).duplicate_of is None
        assert len(sample_store.all(Program)) == len(screen._rows)


async def test_delete_names_what_is_linked_and_u_brings_it_all_back(sample_store: Store) -> None:
    """Defect: deleting a program did not say what depends on it; letters and journal entries
    were left pointing at nothing."""
    from usce_tui.core.records import JournalEntry, Letter

    target = next(p for p in sample_store.all(Program) if p.name == "Psychiatry Research Assistant")
    letters_before = [x for x in sample_store.all(Letter) if x.program_id == target.id]
    entries_before = [e for e in sample_store.all(JournalEntry) if e.program_id == target.id]
    assert letters_before and entries_before
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        screen.table.move_to(next(i for i, r in enumerate(screen._shown) if r.id == target.id))
        await pilot.press("x")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Dr. Omar Haddad" in dialog.question and "journal entries" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.get(Program, target.id or 0) is None
        was_linked = {y.id for y in letters_before}
        assert all(x.program_id is None for x in sample_store.all(Letter) if x.id in was_linked)
        assert not [e for e in sample_store.all(JournalEntry) if e.program_id == target.id]
        await pilot.press("u")
        await pilot.pause()
    assert sample_store.get(Program, target.id or 0) is not None
    linked_again = [x.id for x in sample_store.all(Letter) if x.program_id == target.id]
    assert linked_again == [x.id for x in letters_before]
    entries_again = [e for e in sample_store.all(JournalEntry) if e.program_id == target.id]
    assert len(entries_again) == len(entries_before)


async def test_the_table_takes_the_arrow_keys_after_an_undone_import_is_imported_again(store: Store) -> None:
    """Newcomer: import, u (the list is empty again), import again: down did nothing until tab,
    the focus was left on no widget when the table came back."""
    async with make_app(store).run_test(size=SIZE) as pilot:
        for _ in range(2):
            pilot.app.import_file("programs")
            await pilot.pause()
            await pilot.press(*str(MESSY), "enter")
            await pilot.pause(0.5)
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            if not _:
                await pilot.press("u")
                await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProgramsScreen) and len(store.all(Program)) == 6
        first = screen.current_row().program.name
        await pilot.press("down")
        await pilot.pause()
        assert screen.current_row().program.name != first


async def test_the_preview_reads_another_sheet_and_an_unreadable_file_keeps_the_path_box(
        store: Store, tmp_path) -> None:
    """Newcomer: the app read the first sheet without a word and offered no other; a file it
    could not read closed the path box, and the path had to be typed again."""
    from openpyxl import Workbook

    from usce_tui.modals.import_preview import ImportPreview

    book = Workbook()
    book.active.title = "Archive"
    book.active.append(["Program", "City"])
    book.active.append(["Old Observership", "Austin"])
    current = book.create_sheet("Current")
    current.append(["Program", "City"])
    current.append(["Neuro Observership", "Boston"])
    current.append(["Cardio Externship", "Denver"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    async with make_app(store).run_test(size=SIZE) as pilot:
        pilot.app.import_file("programs")
        await pilot.pause()
        await pilot.press(*str(junk), "enter")
        await pilot.pause(0.5)
        dialog = pilot.app.screen
        assert isinstance(dialog, PathDialog)  # open again, with the path and the reason
        assert "is named .xlsx but is not a workbook" in str(dialog.query_one("#path-error", Static).render())
        assert dialog.query_one(Input).value == str(junk)
        await pilot.press("ctrl+u", *str(path), "enter")
        await pilot.pause(0.5)
        preview = pilot.app.screen
        assert isinstance(preview, ImportPreview)
        assert "sheet 'Archive' of 2" in str(preview.query_one("#preview-title", Static).render())
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "enter")  # Current
        await pilot.pause(0.5)
        assert "To add: 2" in str(preview.query_one("#preview-rows", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
    assert sorted(p.name for p in store.all(Program)) == ["Cardio Externship", "Neuro Observership"]


async def test_delete_names_the_messages_logged_with_the_program(sample_store: Store) -> None:
    """Seen by a newcomer: the question named letters and entries but not the emails logged on
    Paperwork, which were then listed with a deleted program."""
    from datetime import date

    from usce_tui.core.records import Correspondence

    target = next(p for p in sample_store.all(Program) if p.name == "Psychiatry Research Assistant")
    message = sample_store.save(Correspondence(program_id=target.id, on=date(2026, 11, 2),
                                               direction="sent", who="Ms. Example",
                                               summary="Asked about the start date"))
    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        screen.table.move_to(next(i for i, r in enumerate(screen._shown) if r.id == target.id))
        await pilot.press("x")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog) and "1 message on Paperwork" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.get(Correspondence, message.id or "").program_id is None
        await pilot.press("u")
        await pilot.pause()
    assert sample_store.get(Correspondence, message.id or "").program_id == target.id


async def test_a_sort_mark_never_runs_into_the_next_title(sample_store: Store) -> None:
    """Seen by a newcomer at 80 columns: sorted by Flag, the header read "Flag ▲Eligible"."""
    from tests.screens.seen import screen_lines

    async with make_app(sample_store).run_test(size=(80, 24)) as pilot:
        await open_programs(pilot)
        for _ in range(9):  # every column
            await pilot.press("s")
            await pilot.pause()
            header = next(line for line in screen_lines(pilot.app) if "Program" in line and "Status" in line)
            assert "▲Eligible" not in header and "▼Eligible" not in header
            assert "Flag ▲" not in header or "Flag ▲ " in header


async def test_m_enter_y_at_once_merges_nothing_when_no_program_is_a_likely_twin(sample_store: Store) -> None:
    """Newcomer: on a program with no possible duplicate, M, enter, y typed at once merged it
    into the first program of the alphabetical list: the cursor now waits on no program."""
    from tests.screens.typing import settle, type_fast

    kept = sample_store.add_all([Program(name="Neurology Observership", type="observership",
                                         city="Nowhere", institution="Fictional Neuro Institute")])[0]
    before = len(sample_store.all(Program))
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        pilot.app.screen.select_record(kept.id or "")
        await pilot.pause()
        type_fast(pilot.app, "M", "enter", "y")
        await settle(pilot)
        await pilot.pause(0.3)
        assert sample_store.get(Program, kept.id or "") is not None
        assert len(sample_store.all(Program)) == before
        hint = str(pilot.app.screen.query_one("#choice-box .hint", Static).render())
        assert hint.startswith("down, then enter: choose")  # why enter did nothing
        await pilot.press("down", "enter")  # the first program, chosen on purpose: it asks
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
    assert len(sample_store.all(Program)) == before


async def test_letter_keys_leave_the_footer_while_a_filter_dropdown_takes_them(sample_store: Store) -> None:
    """Second newcomer run: with the filter's type dropdown focused, the footer offered "s Sort",
    and s went to the dropdown (letters choose an option there)."""
    from textual.widgets._footer import FooterKey

    async with make_app(sample_store).run_test(size=SIZE) as pilot:
        screen = await open_programs(pilot)
        assert "s" in {k.key for k in screen.query(FooterKey)}
        await pilot.press("slash", "tab")  # the search box, then the type dropdown
        await pilot.pause()
        assert isinstance(pilot.app.focused, Select)
        keys = {k.key for k in screen.query(FooterKey)}
        assert not keys & {"s", "r", "p", "a"}, keys
        await pilot.press("escape")
        await pilot.pause()
        assert "s" in {k.key for k in screen.query(FooterKey)}


async def test_the_materials_follow_the_requirements_as_they_are_ticked(store: Store) -> None:
    """Second newcomer run: with Step 1, ECFMG and malpractice ticked, the materials below still
    read "USMLE transcript (not needed)" until the program was saved."""
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_programs(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        materials = form.query_one("#materials_done", SelectionList)

        def label(value: str) -> str:
            index = next(i for i in range(materials.option_count)
                         if materials.get_option_at_index(i).value == value)
            return str(materials.get_option_at_index(index).prompt)

        assert label("usmle_transcript").endswith("(not needed)")
        requirements = form.query_one("#requirements", SelectionList)
        requirements.focus()
        await pilot.press("space")  # the first requirement: Step 1
        await pilot.pause()
        assert requirements.selected == ["step1"]
        assert not label("usmle_transcript").endswith("(not needed)")
        assert label("malpractice_proof").endswith("(not needed)")
