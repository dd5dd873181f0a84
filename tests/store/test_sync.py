"""The file on two computers: a sync tool replaces the file under an open store, two devices add
and edit records apart, and conflict copies are merged; nothing is lost either way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from usce_tui.core.records import JournalEntry, Letter, Program, Trip
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


def test_the_same_record_edited_on_both_sides_keeps_both_until_the_user_chooses(
        db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Neurology observership", notes="first"))
    key = str(program.id)
    copy = _other_device(db_path, tmp_path, "laptop")
    for path, notes in ((db_path, "desktop notes"), (copy, "laptop notes")):
        with Store.open(path, today=lambda: TODAY) as side:
            record = side.get(Program, key)
            assert record is not None
            record.notes = notes
            side.save(record)
    with Store.open(db_path, today=lambda: TODAY) as store:
        report = store.merge_file(copy)
        assert report.conflicts == 1
        assert store.get(Program, key).notes == "desktop notes"  # type: ignore[union-attr]
        [conflict] = store.conflicts()
        assert conflict.mine["notes"] == "desktop notes" and conflict.theirs["notes"] == "laptop notes"
        assert store.merge_file(copy).changed is False  # asked once, not again
        store.resolve(conflict, "theirs")
        assert store.get(Program, key).notes == "laptop notes"  # type: ignore[union-attr]
        assert store.conflicts() == []
        assert not store.merge_file(copy).changed  # the choice holds against the same copy


def test_keeping_mine_settles_the_conflict_for_good(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        program = store.save(Program(name="Surgery", notes="a"))
    key = str(program.id)
    copy = _other_device(db_path, tmp_path, "laptop")
    for path, notes in ((db_path, "b"), (copy, "c")):
        with Store.open(path, today=lambda: TODAY) as side:
            record = side.get(Program, key)
            assert record is not None
            record.notes = notes
            side.save(record)
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.merge_file(copy)
        store.resolve(store.conflicts()[0], "mine")
        assert store.get(Program, key).notes == "b"  # type: ignore[union-attr]
        assert not store.merge_file(copy).changed and store.conflicts() == []


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

