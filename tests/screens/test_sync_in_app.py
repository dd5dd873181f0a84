"""The app with a synced file: changes from another device appear and are announced, records
edited on two devices are chosen between, damaged records are mended or deleted, conflict
copies are offered for merging, backups are restored, all from the keyboard."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
from textual.widgets import Input

from tests.conftest import TODAY
from tests.screens.test_laptop_layouts import shown_text
from tests.screens.typing import run_command
from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry, Program
from usce_tui.modals.dialogs import ChoiceDialog, ConfirmDialog, PathDialog, ReportDialog
from usce_tui.modals.sync_dialogs import ConflictDialog, DamagedDialog
from usce_tui.screens.journal import JournalScreen
from usce_tui.store.storage import list_backups
from usce_tui.store.store import Store

SIZE = (80, 24)


def make_app(store: Store) -> UsceApp:
    return UsceApp(store, today=lambda: TODAY)


def _messages(app: UsceApp) -> list[str]:
    return [n.message for n in app._notifications]


async def until_looked_after(pilot) -> None:
    """Wait for the start's look at the file (conflict copies, conflicts, damaged records)."""
    for _ in range(60):
        if pilot.app.looked_after or isinstance(pilot.app.screen, ConfirmDialog):
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not look at the file")


def _edit_elsewhere(path: Path, tmp_path: Path, change) -> None:
    """Another computer opens its synced copy, changes it, and the sync tool puts it back."""
    other = tmp_path / "other-computer" / path.name
    other.parent.mkdir(exist_ok=True)
    shutil.copy2(path, other)
    with Store.open(other, today=lambda: TODAY) as store:
        change(store)
    tmp = path.with_name(".sync-tmp")
    shutil.copy2(other, tmp)
    os.replace(tmp, path)


async def test_entries_from_another_device_appear_and_the_next_save_keeps_them(
        db_path: Path, tmp_path: Path) -> None:
    store = Store.open(db_path, today=lambda: TODAY)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        _edit_elsewhere(db_path, tmp_path, lambda other: other.add_all(
            [JournalEntry(date=TODAY, title=f"From the laptop {i}") for i in range(10)]))
        app.follow_file()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen) and len(screen.shown) == 10
        assert "10 journal entries added." in _messages(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Written here", "ctrl+s")
        await pilot.pause()
    store.close()
    with Store.open(db_path, read_only=True) as again:
        entries = again.all(JournalEntry)
    assert len(entries) == 11 and any("Written here" in (e.title + e.body) for e in entries)


async def test_a_record_edited_on_two_devices_is_chosen_in_a_dialog(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Neurology observership", notes="first"))
    key = str(program.id)

    def edit(notes: str):
        def change(other: Store) -> None:
            record = other.get(Program, key)
            assert record is not None
            record.notes = notes
            other.save(record)
        return change

    store = Store.open(db_path, today=lambda: TODAY)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        here = store.get(Program, key)
        assert here is not None
        _edit_elsewhere(db_path, tmp_path, edit("laptop notes"))
        here.notes = "desktop notes"
        store.save(here)  # the desktop saves without having seen the laptop's edit
        app.follow_file()
        await pilot.pause()
        assert any("edited on both sides" in m for m in _messages(app))
        await run_command(pilot, "conflicts")
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        shown = shown_text(dialog.query_one("#conflict-diff"))
        assert "desktop notes" in shown and "laptop notes" in shown
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictDialog)
        assert "Every conflict is settled." in _messages(app)
    store.close()
    with Store.open(db_path, read_only=True) as again:
        assert again.get(Program, key).notes == "laptop notes"  # type: ignore[union-attr]
        assert again.conflicts() == []


async def test_damaged_records_are_named_at_the_start_and_mended_or_deleted(db_path: Path) -> None:
    Store.open(db_path).close()
    doc = orjson.loads(db_path.read_bytes())
    doc["journal"] = {"j-one": {"date": "2026-11-02", "title": 7, "body": "A fictional night shift"},
                      "j-two": "garbage"}
    db_path.write_bytes(orjson.dumps(doc))
    store = Store.open(db_path, today=lambda: TODAY)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await until_looked_after(pilot)
        assert any("2 records in journal cannot be read" in m for m in _messages(app))
        await run_command(pilot, "damaged records")
        dialog = app.screen
        assert isinstance(dialog, DamagedDialog) and dialog.damaged.key == "j-one"
        await pilot.press("ctrl+s")  # unchanged: still unreadable, said in the dialog
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DamagedDialog)
        assert "still cannot be read" in shown_text(dialog.query_one("#damaged-error"))
        await pilot.press("f7", *'{"date": "2026-11-02", "title": "Night shift", "body": "ok"}', "ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DamagedDialog) and dialog.damaged.key == "j-two"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    store.close()
    with Store.open(db_path, read_only=True) as again:
        assert [e.title for e in again.all(JournalEntry)] == ["Night shift"] and again.damaged() == []


def _with_a_conflict_copy(db_path: Path) -> tuple[Store, UsceApp, Path]:
    """A data file holding "Here", a sync tool's conflict copy beside it holding also "From the
    conflict copy", and the app on the file."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Here"))
    copy = db_path.with_name("usce (conflicted copy 2026-11-25).json")
    shutil.copy2(db_path, copy)
    with Store.open(copy, today=lambda: TODAY) as other:
        other.save(Program(name="From the conflict copy"))
    store = Store.open(db_path, today=lambda: TODAY)
    return store, make_app(store), copy


async def test_conflict_copies_beside_the_file_are_offered_and_merged(db_path: Path, tmp_path: Path) -> None:
    store, app, copy = _with_a_conflict_copy(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_looked_after(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")  # a letter does not answer a question nobody asked for
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmDialog) and copy.exists()
        # its footer shows no y or n, so it says how it is answered (a newcomer found no key)
        assert "tab: move to Merge · enter: press the lit button" in shown_text(
            app.screen.query_one("#confirm-keys"))
        await pilot.press("shift+tab", "enter")  # the Merge button
        await pilot.pause(0.2)
        report = app.screen
        assert isinstance(report, ReportDialog)
        assert any("added 1" in line for line in report.lines)
        await pilot.press("escape")
    store.close()
    assert not copy.exists()
    assert any("merged" in b.name for b in list_backups(db_path))
    with Store.open(db_path, read_only=True) as again:
        assert sorted(p.name for p in again.all(Program)) == ["From the conflict copy", "Here"]


async def test_a_backup_is_restored_from_the_palette(db_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Monday's"))
    with Store.open(db_path, today=lambda: TODAY.replace(day=25)) as store:
        store.save(Program(name="Tuesday's mistake"))
    store = Store.open(db_path, today=lambda: TODAY.replace(day=25))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await run_command(pilot, "restore a backup")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the newest: the 25th's, holding Monday's program only
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert [p.name for p in store.all(Program)] == ["Monday's"]
        assert any(m.startswith("Restored usce-2026-11-25.json") for m in _messages(app))
    store.close()
    assert any("before-restore" in b.name for b in list_backups(db_path))


async def test_a_hostile_spreadsheet_imported_from_the_palette_is_refused_and_the_app_stays(
        store: Store, tmp_path: Path) -> None:
    """Defect: a CSV cell over 128 KB crashed the app from the palette import."""
    hostile = tmp_path / "huge-cell.csv"
    hostile.write_text("Program,Notes\nObservership A," + "x" * (2 * 1024 * 1024) + "\n")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "import programs")
        await pilot.press(*str(hostile), "enter")
        def said() -> str:  # the path box opens again, with the path and the reason
            box = app.screen.query("#path-error")
            return str(box.first().render()) if box else ""

        for _ in range(40):
            await pilot.pause(0.1)
            if "longer than 1 MB" in said():
                break
        assert "has a cell longer than 1 MB in row 2" in said()
        assert app.is_running and store.all(Program) == []


async def test_saving_a_form_while_a_sync_tool_rewrites_the_file_keeps_the_form_and_the_app(
        store: Store, db_path: Path) -> None:
    """Newcomer: ctrl+s while the file was half written ended the app and lost the record."""
    store.save(Program(name="Already here"))
    good = db_path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Neuro Observership")
        db_path.write_bytes(b'{"programs": {')  # the sync tool, half way
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert app.is_running
        assert any("sync tool may be writing it" in m for m in _messages(app))
        assert db_path.read_bytes() == b'{"programs": {'
        db_path.write_bytes(good)  # the sync tool is done
        await pilot.press("ctrl+s")  # the form came back with what was typed
        await pilot.pause(0.2)
    assert sorted(p.name for p in store.all(Program)) == ["Already here", "Neuro Observership"]


async def test_an_export_onto_the_data_file_is_refused_in_the_path_box(store: Store, db_path: Path) -> None:
    """Newcomer: the path box closed on the refusal, and the keys typed next went to the screen."""
    from usce_tui.modals.dialogs import PathDialog

    store.save(Program(name="Precious"))
    before = db_path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "export programs")
        assert isinstance(app.screen, PathDialog)
        await pilot.press("ctrl+u", *str(db_path), "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert "is your data file" in shown_text(dialog.query_one("#path-error"))
        await pilot.press("escape")
    assert db_path.read_bytes() == before


async def test_the_offer_to_merge_waits_until_the_user_stops_typing_in_a_form(db_path: Path) -> None:
    """Issue 13: seen, the offer popped up at the start over a form being typed in, and the
    letters typed next ("y" of "Lay…") answered it."""
    from tests.screens.typing import settle, type_fast
    from usce_tui.modals.program_form import ProgramForm

    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Here"))
    copy = db_path.with_name("usce (conflicted copy 2026-11-25).json")
    shutil.copy2(db_path, copy)
    store = Store.open(db_path, today=lambda: TODAY)
    app = make_app(store)
    app.LOOK_AFTER = 1.0  # the look at the file comes while the form below is being typed in
    async with app.run_test(size=SIZE) as pilot:
        type_fast(app, "2", "a", *"Lay")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProgramForm)
        await pilot.pause(1.2)  # the look at the file has come meanwhile
        type_fast(app, *"ard Observership")
        await settle(pilot)
        assert app.screen is form and copy.exists()  # nothing answered, nothing merged
        assert form.query_one("#name", Input).value == "Layard Observership"
        await pilot.press("ctrl+s")
        await pilot.pause()
        for _ in range(30):  # once the form is closed and the typing has stopped, it asks
            if isinstance(app.screen, ConfirmDialog):
                break
            await pilot.pause(0.1)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        type_fast(app, *"yes")  # letters typed as it comes up do not answer it
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("escape")
    store.close()
    assert copy.exists()


async def test_a_version_that_cannot_be_read_is_named_before_it_is_chosen(db_path: Path,
                                                                        tmp_path: Path) -> None:
    """Seen by a newcomer: the other computer's version of a program had a hand-broken date;
    choosing it (o) said "Every conflict is settled." and the program vanished from every
    screen. The dialog says that version cannot be read, and after the choice a notice says
    where the record went."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Maple Ridge IM Observership", notes="first"))
    key = str(program.id)

    def broken_elsewhere(other: Store) -> None:
        record = other.get(Program, key)
        assert record is not None
        record.notes = "laptop notes"
        other.save(record)
        other.storage.read()["programs"][key]["deadline"] = "2027-02-31"  # then edited by hand
        other.storage.flush()

    store = Store.open(db_path, today=lambda: TODAY)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        here = store.get(Program, key)
        assert here is not None
        _edit_elsewhere(db_path, tmp_path, broken_elsewhere)
        here.notes = "desktop notes"
        store.save(here)
        app.follow_file()
        await pilot.pause()
        await run_command(pilot, "conflicts")
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        warned = [shown_text(w) for w in dialog.query(".-unreadable")]
        assert len(warned) == 1 and warned[0].startswith("The other version cannot be read: field 'deadline'")
        await pilot.press("o")
        await pilot.pause()
        assert any("among the damaged records" in m for m in _messages(app))
    store.close()


def _with_one_damaged_entry(db_path: Path) -> tuple[Store, UsceApp]:
    """A data file with one journal entry whose title is a number (damaged), opened in the app."""
    Store.open(db_path).close()
    doc = orjson.loads(db_path.read_bytes())
    doc["journal"] = {"j-one": {"date": "2026-11-02", "title": 7, "body": "A fictional night shift"}}
    db_path.write_bytes(orjson.dumps(doc))
    store = Store.open(db_path, today=lambda: TODAY)
    return store, make_app(store)


async def test_escape_in_the_damaged_record_editor_asks_before_dropping_what_was_typed(db_path: Path) -> None:
    """Seen by a newcomer: escape in the damaged-record editor threw away the fixes typed in it
    without a word. With changes, it asks; "Keep editing" comes back to them; unchanged, escape
    moves on at once, as before."""
    store, app = _with_one_damaged_entry(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_looked_after(pilot)
        await run_command(pilot, "damaged records")
        assert isinstance(app.screen, DamagedDialog)
        await pilot.press("f7", *'{"date": "2026-11-02", "title": "Night')
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DamagedDialog) and dialog._editor().text.endswith('"title": "Night')
        await pilot.press(*' shift", "body": "ok"}', "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DamagedDialog | ConfirmDialog)
    store.close()
    with Store.open(db_path, read_only=True) as again:
        assert [e.title for e in again.all(JournalEntry)] == ["Night shift"]


async def test_the_palettes_merge_suggests_the_copy_beside_the_file_and_puts_it_away(
        db_path: Path) -> None:
    """Seen by a newcomer: the palette's Merge another copy suggested only the folder, and the
    conflict copy it merged stayed beside the file, to be offered again at every start. It
    suggests the copy, and moves it into the backups folder once merged, as the start's offer
    does."""
    store, app, copy = _with_a_conflict_copy(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_looked_after(pilot)
        await pilot.press("escape")  # "Not now" to the start's offer
        await pilot.pause()
        await run_command(pilot, "merge another copy")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert dialog.query_one(Input).value == str(copy)
        await pilot.press("enter")
        await pilot.pause(0.2)
        report = app.screen
        assert isinstance(report, ReportDialog) and any("moved to" in line for line in report.lines)
        await pilot.press("escape")
    store.close()
    assert not copy.exists()
    with Store.open(db_path, read_only=True) as again:
        assert sorted(p.name for p in again.all(Program)) == ["From the conflict copy", "Here"]


async def test_after_a_refused_mend_the_typing_goes_on_where_it_was(db_path: Path) -> None:
    """Seen by a newcomer: after a refused ctrl+s in the damaged-record editor, the cursor went
    to the end of the JSON, out of sight, and the next keys landed after the last brace. It
    stays where the typing was, and the error says it was not saved."""
    store, app = _with_one_damaged_entry(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_looked_after(pilot)
        await run_command(pilot, "damaged records")
        assert isinstance(app.screen, DamagedDialog)
        await pilot.press("ctrl+home", "X", "ctrl+s")  # not JSON now: refused
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DamagedDialog)
        assert shown_text(dialog.query_one("#damaged-error")).startswith("Not saved: that is not JSON")
        await pilot.press("Y")
        await pilot.pause()
        assert dialog._editor().text.startswith("XY{")
    store.close()
