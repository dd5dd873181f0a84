"""The file on two computers: a sync tool replaces the file under an open store, two devices add
and edit records apart, and conflict copies are merged; nothing is lost either way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from usce_tui.core.records import Experience, JournalEntry, Letter, Program, Question, Trip
from usce_tui.store.merge import REVS, content_hash, history
from usce_tui.store.migrations import CONFLICTS, SCHEMA_VERSION, stable_id
from usce_tui.store.storage import StorageError
from usce_tui.store.store import Store


def _sync_replace(path: Path, doc: dict) -> None:
    """What Dropbox or Syncthing does: write a new file beside and rename it over the old."""
    tmp = path.with_name(".syncthing.tmp")
    tmp.write_bytes(orjson.dumps(doc))
    os.replace(tmp, path)


def _other_device(path: Path, tmp_path: Path, name: str) -> Path:
    """A second computer's copy of the file, as it was when last synced."""
    folder = tmp_path / name
    folder.mkdir()
    copy = folder / "usce.json"
    shutil.copy2(path, copy)
    return copy


def _titles(store: Store) -> list[str]:
    return sorted(e.title for e in store.all(JournalEntry))


def test_a_file_replaced_under_an_open_store_is_merged_before_the_next_save(db_path: Path,
                                                                             tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as app:
        app.save(JournalEntry(date=TODAY, title="written in the app"))
        other = _other_device(db_path, tmp_path, "laptop")
        with Store.open(other, today=lambda: TODAY) as laptop:  # ten entries imported elsewhere
            laptop.add_all([JournalEntry(date=TODAY, title=f"imported {i}") for i in range(10)])
        _sync_replace(db_path, orjson.loads(other.read_bytes()))
        app.save(JournalEntry(date=TODAY, title="written after the sync"))
        assert len(_titles(app)) == 12
        came_in = app.incoming()
        assert [r.sentence() for r in came_in] == ["10 journal entries added"]
    with Store.open(db_path, read_only=True) as again:
        assert _titles(again) == sorted(["written in the app", "written after the sync",
                                         *(f"imported {i}" for i in range(10))])


def test_follow_takes_in_a_changed_file_without_writing_when_nothing_is_ours(db_path: Path,
                                                                              tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as app:
        app.save(Program(name="Shared"))
        other = _other_device(db_path, tmp_path, "desktop")
        with Store.open(other, today=lambda: TODAY) as desktop:
            desktop.save(Program(name="From the desktop"))
        _sync_replace(db_path, orjson.loads(other.read_bytes()))
        synced = db_path.read_bytes()
        generation = app.generation
        assert app.follow() is True
        assert app.generation != generation  # the screens refresh
        assert sorted(p.name for p in app.all(Program)) == ["From the desktop", "Shared"]
        assert db_path.read_bytes() == synced  # nothing of ours to add: no write back
        assert app.follow() is False


def test_touched_but_unchanged_file_merges_nothing(store: Store, db_path: Path) -> None:
    store.save(Trip(name="Spring"))
    before = db_path.read_bytes()
    os.utime(db_path, ns=(1, 1))
    store.follow()
    assert store.incoming() == []
    assert db_path.read_bytes() == before


def test_two_devices_add_records_apart_and_merge_both_ways(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as first:
        shared = first.save(Program(name="Shared observership"))
    laptop_path = _other_device(db_path, tmp_path, "laptop")
    with Store.open(db_path, today=lambda: TODAY) as desktop:
        desktop.save(Letter(writer_name="Dr. Desk (fictional)", program_id=shared.id))
        desktop.save(Program(name="Added on the desktop"))
    with Store.open(laptop_path, today=lambda: TODAY) as laptop:
        laptop.save(Letter(writer_name="Dr. Lap (fictional)", program_id=shared.id))
        laptop.save(Program(name="Added on the laptop"))
    desktop_copy = tmp_path / "desktop-copy.json"
    shutil.copy2(db_path, desktop_copy)
    with Store.open(db_path, today=lambda: TODAY) as desktop:
        report = desktop.merge_file(laptop_path)
        assert (report.added["programs"], report.added["letters"], report.conflicts) == (1, 1, 0)
    with Store.open(laptop_path, today=lambda: TODAY) as laptop:
        laptop.merge_file(desktop_copy)
    for path in (db_path, laptop_path):
        with Store.open(path, read_only=True) as merged:
            assert sorted(p.name for p in merged.all(Program)) == [
                "Added on the desktop", "Added on the laptop", "Shared observership"]
            letters = merged.all(Letter)
            assert len(letters) == 2 and {x.program_id for x in letters} == {shared.id}


def test_merging_the_same_copy_twice_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Mine"))
    copy = _other_device(db_path, tmp_path, "laptop")
    with Store.open(copy, today=lambda: TODAY) as laptop:
        laptop.save(Program(name="Theirs"))
    with Store.open(db_path, today=lambda: TODAY) as store:
        assert store.merge_file(copy).added["programs"] == 1
        once = db_path.read_bytes()
        again = store.merge_file(copy)
        assert not again.changed
    assert db_path.read_bytes() == once


def test_an_edit_on_one_side_wins_over_the_unchanged_other(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Cardiology elective", notes="old"))
    copy = _other_device(db_path, tmp_path, "laptop")
    with Store.open(copy, today=lambda: TODAY) as laptop:
        edited = laptop.get(Program, str(program.id))
        assert edited is not None
        edited.notes = "coordinator answered"
        laptop.save(edited)
    with Store.open(db_path, today=lambda: TODAY) as store:
        report = store.merge_file(copy)
        assert (report.updated["programs"], report.conflicts) == (1, 0)
        assert store.get(Program, str(program.id)).notes == "coordinator answered"  # type: ignore[union-attr]


def _edited_apart(db_path: Path, tmp_path: Path, here: str, there: str) -> tuple[str, Path]:
    """One program, then edited on this computer (saved first) and on a laptop (saved later)."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Neurology observership", notes="first"))
    key = str(program.id)
    copy = _other_device(db_path, tmp_path, "laptop")
    for path, notes, at in ((db_path, here, "2026-11-24T10:00:00+00:00"),
                            (copy, there, "2026-11-24T11:00:00+00:00")):
        with Store.open(path, today=lambda: TODAY) as side:
            record = side.get(Program, key)
            assert record is not None
            record.notes = notes
            side.save(record)
        doc = orjson.loads(path.read_bytes())  # the laptop saved an hour later
        doc["programs"][key]["updated"] = at
        doc["programs"][key][REVS][-1] = content_hash(doc["programs"][key])
        path.write_bytes(orjson.dumps(doc))
    return key, copy


def test_the_same_record_edited_on_both_sides_keeps_both_until_the_user_chooses(
        db_path: Path, tmp_path: Path) -> None:
    key, copy = _edited_apart(db_path, tmp_path, "desktop notes", "laptop notes")
    with Store.open(db_path, today=lambda: TODAY) as store:
        report = store.merge_file(copy)
        assert report.conflicts == 1
        assert store.get(Program, key).notes == "laptop notes"  # type: ignore[union-attr]  # saved later
        [conflict] = store.conflicts()
        assert conflict.current["notes"] == "laptop notes" and conflict.other["notes"] == "desktop notes"
        assert store.merge_file(copy).changed is False  # asked once, not again
        store.resolve(conflict, "other")
        assert store.get(Program, key).notes == "desktop notes"  # type: ignore[union-attr]
        assert store.conflicts() == []
        assert not store.merge_file(copy).changed  # the choice holds against the same copy
        assert store.get(Program, key).notes == "desktop notes"  # type: ignore[union-attr]


def test_keeping_the_version_in_use_settles_the_conflict_for_good(db_path: Path, tmp_path: Path) -> None:
    key, copy = _edited_apart(db_path, tmp_path, "b", "c")
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.merge_file(copy)
        store.resolve(store.conflicts()[0], "current")
        assert store.get(Program, key).notes == "c"  # type: ignore[union-attr]
        assert not store.merge_file(copy).changed and store.conflicts() == []


def _sync(source: Path, target: Path) -> None:
    """The sync tool copies one computer's file over the other's (write beside, rename)."""
    tmp = target.with_name(".sync.tmp")
    shutil.copy2(source, tmp)
    os.replace(tmp, target)


def test_two_computers_following_one_file_settle_on_the_same_file_and_stop_writing(
        db_path: Path, tmp_path: Path) -> None:
    """Review: each kept its own meta and conflict notes, so both rewrote the file every 2 s."""
    key, copy = _edited_apart(db_path, tmp_path, "desktop", "laptop")
    a = Store.open(db_path, today=lambda: TODAY)
    b = Store.open(copy, today=lambda: TODAY)
    try:
        b.save(JournalEntry(date=TODAY, title="only on the laptop"))
        for _ in range(3):  # a few rounds of the sync tool and both apps following
            _sync(copy, db_path)
            a.follow()
            _sync(db_path, copy)
            b.follow()
        writes = (a.storage.writes, b.storage.writes)
        _sync(copy, db_path)
        a.follow()
        _sync(db_path, copy)
        b.follow()
        assert (a.storage.writes, b.storage.writes) == writes  # settled: nothing more to write
        assert db_path.read_bytes() == copy.read_bytes()
        assert len(a.conflicts()) == len(b.conflicts()) == 1
        a.resolve(a.conflicts()[0], "other")
        _sync(db_path, copy)
        b.follow()
        assert b.conflicts() == [] and b.get(Program, key).notes == "desktop"  # type: ignore[union-attr]
        assert _titles(b) == ["only on the laptop"]
    finally:
        a.close()
        b.close()


def test_a_deletion_travels_but_gives_way_to_a_later_edit(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        gone = store.save(Program(name="Deleted on the desktop"))
        kept = store.save(Program(name="Deleted here, edited there"))
    copy = _other_device(db_path, tmp_path, "laptop")
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.delete(Program, str(gone.id))
    with Store.open(copy, today=lambda: TODAY) as laptop:
        laptop.delete(Program, str(kept.id))
    doc = orjson.loads(db_path.read_bytes())
    doc["programs"][str(kept.id)]["updated"] = "2999-01-01T00:00:00+00:00"  # edited after
    doc["programs"][str(kept.id)]["notes"] = "edited later"
    db_path.write_bytes(orjson.dumps(doc))
    with Store.open(copy, today=lambda: TODAY) as laptop:
        report = laptop.merge_file(db_path)
        names = sorted(p.name for p in laptop.all(Program))
    assert names == ["Deleted here, edited there"]
    assert report.removed["programs"] == 1 and report.added["programs"] == 1


def test_version_1_files_get_uuids_and_links_follow(db_path: Path) -> None:
    old = {"meta": {"1": {"schema_version": 1}},
           "programs": {"1": {"name": "A", "created": "2026-01-01T00:00:00+00:00"},
                        "2": {"name": "B", "created": "2026-01-02T00:00:00+00:00"}},
           "trips": {"1": {"name": "T", "program_ids": [1, 2]}},
           "expenses": {"1": {"trip_id": 1, "program_id": 2,
                              "amount": {"amount": "10", "currency": "USD"}}},
           "letters": {"1": {"writer_name": "W", "program_id": 1}},
           "journal": {"1": {"date": "2026-02-01", "program_id": 2}}, "profile": {}}
    db_path.write_bytes(orjson.dumps(old))
    with Store.open(db_path, today=lambda: TODAY) as store:
        by_name = {p.name: p.id for p in store.all(Program)}
        assert by_name == {"A": stable_id("programs", "1", old["programs"]["1"]),
                           "B": stable_id("programs", "2", old["programs"]["2"])}
        [trip] = store.all(Trip)
        assert trip.program_ids == [by_name["A"], by_name["B"]]
        assert store.all(Letter)[0].program_id == by_name["A"]
        assert store.all(JournalEntry)[0].program_id == by_name["B"]
    doc = orjson.loads(db_path.read_bytes())
    assert doc["meta"]["1"]["schema_version"] == SCHEMA_VERSION and CONFLICTS in doc
    assert all(len(key) == 36 for key in doc["programs"])


def test_new_records_get_random_uuids_and_a_history(store: Store) -> None:
    a, b = store.save(Program(name="A")), store.save(Program(name="A"))
    assert a.id != b.id and len(str(a.id)) == 36
    a.notes = "changed"
    store.save(a)
    raw = store.document()["programs"][str(a.id)]
    assert len(raw[REVS]) == 2 and raw[REVS][-1] == content_hash(raw) == history(raw)[-1]


def test_a_copy_from_a_newer_version_is_refused(store: Store, tmp_path: Path) -> None:
    newer = tmp_path / "usce (conflicted copy 2026-11-25).json"
    newer.write_bytes(orjson.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}))
    before = store.document()
    with pytest.raises(StorageError, match="newer USCE Navigator"):
        store.merge_file(newer)
    assert store.document() == before


def test_the_file_on_disk_turned_unreadable_is_not_written_over(store: Store, db_path: Path) -> None:
    store.save(Program(name="Before"))
    db_path.write_bytes(b'{"programs": {"x": ')  # a sync tool mid-way
    with pytest.raises(StorageError, match="changed on disk by another program"):
        store.save(Program(name="After"))
    assert db_path.read_bytes() == b'{"programs": {"x": '


def test_merge_refuses_the_data_file_itself(store: Store, db_path: Path) -> None:
    with pytest.raises(StorageError, match="is the data file itself"):
        store.merge_file(db_path)



def test_a_failed_write_after_a_merge_keeps_what_came_in_and_writes_it_later(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review: a write that failed after a merge dropped the merged records from memory while the
    file on disk had never held them (OneDrive holding the file on Windows)."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="Before"))
    other = _other_device(db_path, tmp_path, "laptop")
    app = Store.open(db_path, today=lambda: TODAY)
    try:
        app.save(Program(name="Only here"))
        with Store.open(other, today=lambda: TODAY) as laptop:
            laptop.save(Program(name="From the laptop"))
        _sync_replace(db_path, orjson.loads(other.read_bytes()))

        def locked(path: Path, data: bytes) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("usce_tui.store.storage.atomic_write_bytes", locked)
        with pytest.raises(StorageError, match="kept in the app and saved at the next try"):
            app.save(Program(name="Typed now"))
        assert sorted(p.name for p in app.all(Program)) == ["Before", "From the laptop", "Only here",
                                                            "Typed now"]
        monkeypatch.undo()
        assert app.follow() is True  # the next look at the file writes it
    finally:
        app.close()
    with Store.open(db_path, read_only=True) as again:
        assert sorted(p.name for p in again.all(Program)) == ["Before", "From the laptop", "Only here",
                                                              "Typed now"]


def test_a_save_refused_because_the_file_is_mid_sync_is_not_written_later(store: Store,
                                                                           db_path: Path) -> None:
    """Review: the change said to be "not saved" stayed pending and reached the disk later."""
    store.save(Program(name="Kept"))
    good = db_path.read_bytes()
    db_path.write_bytes(b'{"programs": ')
    with pytest.raises(StorageError, match="sync tool may be writing it"):
        store.save(Program(name="Refused"))
    db_path.write_bytes(good)
    store.follow()
    assert [p.name for p in store.all(Program)] == ["Kept"]


def test_a_second_try_after_a_failed_save_still_keeps_the_other_computers_edit(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review: the failed save stamped the record as read now, so the retry overwrote silently."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Shared"))
    store = Store.open(db_path, today=lambda: TODAY)
    try:
        mine = store.get(Program, str(program.id))
        assert mine is not None
        doc = store.document()
        theirs = {**doc["programs"][str(program.id)], "notes": "from the laptop",
                  "updated": "2999-01-01T00:00:00+00:00"}
        with store.batch():  # the laptop's edit came in (as follow() brings it)
            doc["programs"][str(program.id)] = theirs
            store.storage.write(doc)
        mine.name = "Renamed here"

        def full(path: Path, data: bytes) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("usce_tui.store.storage.atomic_write_bytes", full)
        with pytest.raises(StorageError):
            store.save(mine)
        monkeypatch.undo()
        store.save(mine)
        [conflict] = store.conflicts()
        assert conflict.other["notes"] == "from the laptop"
    finally:
        store.close()


def test_a_restore_is_not_undone_by_the_other_computer(db_path: Path, tmp_path: Path) -> None:
    """Review: a restore swapped the bytes, and the next sync brought the newer records back."""
    from usce_tui.store.copies import restore
    from usce_tui.store.storage import list_backups

    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Program(name="good"))
    with Store.open(db_path, today=lambda: TODAY.replace(day=25)) as store:
        bad = store.save(Program(name="mistake"))
        good = next(p for p in store.all(Program) if p.name == "good")
        good.notes = "changed by mistake"
        store.save(good)
        store.delete(Program, str(bad.id))
        store.save(Program(name="junk import"))
    laptop = _other_device(db_path, tmp_path, "laptop")
    backup = next(b for b in list_backups(db_path) if b.name == "usce-2026-11-25.json")
    with Store.open(db_path, today=lambda: TODAY.replace(day=26)) as store:
        restore(store, backup)
        assert sorted(p.name for p in store.all(Program)) == ["good"]
        store.merge_file(laptop)
        assert sorted((p.name, p.notes) for p in store.all(Program)) == [("good", "")]
    with Store.open(laptop, today=lambda: TODAY.replace(day=26)) as other:
        other.merge_file(db_path)
        assert sorted((p.name, p.notes) for p in other.all(Program)) == [("good", "")]


def test_deleting_a_record_drops_its_other_versions(db_path: Path, tmp_path: Path) -> None:
    """Review: a deleted journal entry's text lived on in the conflicts table."""
    key, copy = _edited_apart(db_path, tmp_path, "here", "there")
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.merge_file(copy)
        assert store.conflicts()
        store.delete(Program, key)
        assert store.conflicts() == [] and store.document()["conflicts"] == {}


def test_a_conflict_naming_no_table_of_records_changes_nothing(store: Store) -> None:
    from usce_tui.store.store import Conflict

    before = store.document()["meta"]
    with pytest.raises(StorageError, match="no table of records"):
        store.resolve(Conflict("x", "meta", "1", {}, {"schema_version": 99}, "", ""), "other")
    assert store.document()["meta"] == before


def test_a_record_saved_on_both_sides_without_a_change_is_no_conflict(db_path: Path, tmp_path: Path) -> None:
    """Newcomer: saving the same record unchanged on both computers raised a conflict showing
    only the two save times."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Unchanged"))
    copy = _other_device(db_path, tmp_path, "laptop")
    for path, at in ((db_path, "2026-11-24T10:00:00+00:00"), (copy, "2026-11-24T11:00:00+00:00")):
        with Store.open(path, today=lambda: TODAY) as side:
            record = side.get(Program, str(program.id))
            assert record is not None
            side.save(record)
        doc = orjson.loads(path.read_bytes())
        doc["programs"][str(program.id)]["updated"] = at
        doc["programs"][str(program.id)][REVS][-1] = content_hash(doc["programs"][str(program.id)])
        path.write_bytes(orjson.dumps(doc))
    with Store.open(db_path, today=lambda: TODAY) as store:
        report = store.merge_file(copy)
        assert report.conflicts == 0 and store.conflicts() == []


def test_a_hand_edit_of_a_record_the_app_never_saved_is_no_conflict(db_path: Path) -> None:
    """Newcomer: a one-sided hand edit of a sample record (no history) became a conflict."""
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.add_all([JournalEntry(date=TODAY, title="Imported")])  # added: no history yet
    app = Store.open(db_path, today=lambda: TODAY)
    try:
        doc = orjson.loads(db_path.read_bytes())
        key = next(iter(doc["journal"]))
        doc["journal"][key]["title"] = "Edited by hand"
        _sync_replace(db_path, doc)
        app.follow()
        [report] = app.incoming()
        assert (report.updated["journal"], report.conflicts) == (1, 0)
        assert app.conflicts() == [] and _titles(app) == ["Edited by hand"]
        stale = orjson.loads(db_path.read_bytes())
        stale["journal"][key]["title"] = "Imported"  # the other computer's copy, from before
        del stale["journal"][key][REVS]
        other = db_path.with_name("usce (1).json")
        other.write_bytes(orjson.dumps(stale))
        app.merge_file(other)
        assert _titles(app) == ["Edited by hand"]  # the edit is not undone by an older copy
    finally:
        app.close()


def test_a_restore_over_an_unreadable_file_wins_on_the_other_computer(db_path: Path, tmp_path: Path) -> None:
    """Newcomer: restored records kept their old save times, so the other computer kept its own."""
    from usce_tui.store.copies import restore_over_unreadable
    from usce_tui.store.storage import list_backups

    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Restore me", notes="as backed up"))
    with Store.open(db_path, today=lambda: TODAY.replace(day=25)) as store:
        record = store.get(Program, str(program.id))
        assert record is not None
        record.notes = "a later edit"
        store.save(record)
    laptop = _other_device(db_path, tmp_path, "laptop")
    db_path.write_bytes(b"")  # emptied by a failed sync
    backup = next(b for b in list_backups(db_path) if b.name == "usce-2026-11-25.json")
    restore_over_unreadable(db_path, backup, TODAY.replace(day=26))
    with Store.open(laptop, today=lambda: TODAY.replace(day=26)) as other:
        other.merge_file(db_path)
        assert [p.notes for p in other.all(Program)] == ["as backed up"]


def test_experiences_and_questions_written_on_two_computers_merge(db_path: Path, tmp_path: Path) -> None:
    """Issue 18: the ERAS tables travel with the rest (an experience drafted on the laptop, a
    question practised on the desktop)."""
    with Store.open(db_path, today=lambda: TODAY) as first:
        asked = first.save(Question(text="Why this specialty?"))
    laptop_path = _other_device(db_path, tmp_path, "laptop")
    with Store.open(laptop_path, today=lambda: TODAY) as laptop:
        laptop.save(Experience(title="Clinical Observer, Family Medicine",
                               organization="Prairie (fictional)"))
    with Store.open(db_path, today=lambda: TODAY) as desktop:
        desktop.save(Question(id=asked.id, text=asked.text, practised=TODAY, created=asked.created,
                              updated=asked.updated, extra=asked.extra))
        report = desktop.merge_file(laptop_path)
        assert report.added["experiences"] == 1 and report.conflicts == 0
    with Store.open(db_path, read_only=True) as merged:
        assert [e.title for e in merged.all(Experience)] == ["Clinical Observer, Family Medicine"]
        assert [q.practised for q in merged.all(Question)] == [TODAY]


@pytest.mark.parametrize("later", ["desktop", "laptop"])
@pytest.mark.parametrize("keep", ["current", "other"])
def test_a_link_to_a_record_deleted_on_the_other_computer_is_dropped_whichever_is_kept(
        db_path: Path, tmp_path: Path, later: str, keep: str) -> None:
    """Seen by a newcomer: the desktop edited a journal entry, the laptop deleted the entry's
    rotation (which unlinks it); after the merge, choosing the desktop's version kept a link to a
    program that no longer exists, and `usce check` failed from then on."""
    from usce_tui.store.checks import check_document

    with Store.open(db_path, today=lambda: TODAY) as store:
        gamma = store.save(Program(name="Gamma Observership"))
        entry = store.save(JournalEntry(date=TODAY, title="Research meeting", body="Met the team.",
                                        program_id=gamma.id))
    laptop = _other_device(db_path, tmp_path, "laptop")

    def edit_on_desktop() -> None:
        with Store.open(db_path, today=lambda: TODAY) as store:
            store.save(JournalEntry(**{**vars(entry), "body": "Met the team. Edited on the desktop."}))

    def delete_on_laptop() -> None:
        with Store.open(laptop, today=lambda: TODAY) as store:
            store.save(JournalEntry(**{**vars(entry), "program_id": None}))  # as the app unlinks it
            store.delete(Program, str(gamma.id))

    for step in ((delete_on_laptop, edit_on_desktop) if later == "desktop" else
                 (edit_on_desktop, delete_on_laptop)):
        step()
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.merge_file(laptop)
        [conflict] = store.conflicts()
        store.resolve(conflict, keep)
        [kept] = store.all(JournalEntry)
        assert kept.program_id is None and store.all(Program) == []
        assert not [p for p in check_document(store.document()) if "does not exist" in p]
        assert not store.merge_file(laptop).changed  # the choice holds against the same copy
    with Store.open(laptop, today=lambda: TODAY) as store:  # the other way round, too
        store.merge_file(db_path)
        assert store.conflicts() == [] and store.all(JournalEntry)[0].program_id is None
        assert not [p for p in check_document(store.document()) if "does not exist" in p]
