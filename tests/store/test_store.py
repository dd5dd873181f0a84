"""The store: round trips, atomic writes, one writer, corrupt and future files, backups."""

from __future__ import annotations

import dataclasses
import os
import stat
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from tests.core.test_records_and_parse import RECORDS
from usce_tui.core.records import JournalEntry, Program, Trip
from usce_tui.core.values import Money
from usce_tui.store.migrations import SCHEMA_VERSION
from usce_tui.store.storage import BACKUPS_KEPT, FileInUseError, StorageError, list_backups
from usce_tui.store.store import Store


def test_every_record_type_round_trips_through_the_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        saved = [store.save(dataclasses.replace(r)) for r in RECORDS]
    with Store.open(db_path, read_only=True) as again:
        for record in saved:
            loaded = again.get(type(record), record.id)
            assert loaded == record
    raw = orjson.loads(db_path.read_bytes())
    program = next(iter(raw["programs"].values()))
    assert program["fee"] == {"amount": "1234.56", "currency": "EUR"}  # Decimal kept exactly
    assert raw["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_new_file_is_private(db_path: Path) -> None:
    Store.open(db_path).close()
    if os.name == "posix":
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_save_sets_timestamps_and_replaces_in_place(store: Store) -> None:
    first = store.save(Program(name="A"))
    store.save(Program(name="B"))
    first.name = "A2"
    store.save(first)
    assert [p.name for p in store.all(Program)] == ["A2", "B"]  # edit keeps the order
    assert first.created and first.updated
    assert store.delete(Program, first.id).name == "A2"
    assert store.get(Program, first.id) is None
    assert store.delete(Program, 999) is None


def test_each_save_is_one_write_and_leaves_no_temp_files(store: Store, db_path: Path) -> None:
    before = store.storage.writes
    store.save(JournalEntry(date=TODAY, title="t"))
    assert store.storage.writes == before + 1
    assert [p.name for p in db_path.parent.iterdir() if ".tmp-" in p.name] == []


def test_failed_batch_saves_nothing(store: Store, db_path: Path) -> None:
    store.save(Trip(name="kept"))
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError), store.batch():
        store.save(Trip(name="half"))
        raise RuntimeError("boom")
    assert db_path.read_bytes() == before
    assert [t.name for t in store.all(Trip)] == ["kept"]


def test_generation_changes_with_each_save_only(store: Store) -> None:
    first = store.generation
    store.all(Trip)
    assert store.generation == first
    store.save(Trip(name="a"))
    assert store.generation != first


def test_add_all_is_one_write(store: Store) -> None:
    before = store.storage.writes
    store.add_all([Trip(name="a"), Trip(name="b"), Trip(name="c")])
    assert store.storage.writes == before + 1
    assert [t.name for t in store.all(Trip)] == ["a", "b", "c"]


def test_second_writer_is_refused_and_reader_allowed(store: Store, db_path: Path) -> None:
    store.save(Trip(name="x"))
    before = db_path.read_bytes()
    with pytest.raises(FileInUseError, match="is open in another USCE Navigator"):
        Store.open(db_path)
    with Store.open(db_path, read_only=True) as reader:
        assert reader.counts()["trips"] == 1
        with pytest.raises(StorageError, match="read-only"):
            reader.save(Trip(name="nope"))
    assert db_path.read_bytes() == before


def test_lock_is_released_on_close(db_path: Path) -> None:
    Store.open(db_path).close()
    Store.open(db_path).close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"programs": {"1": {"name": "A"', "is not valid JSON"),
        (b"[1, 2, 3]", "not a USCE Navigator data file"),
        (b'{"programs": [1]}', "not a USCE Navigator data file"),
        (b'{"meta": {"1": {"schema_version": "one"}}}', "unreadable schema version"),
    ],
)
def test_corrupt_file_is_refused_and_untouched(db_path: Path, content: bytes, message: str) -> None:
    db_path.write_bytes(content)
    with pytest.raises(StorageError) as err:
        Store.open(db_path)
    assert str(db_path) in str(err.value)
    assert message in str(err.value)
    assert "no backup exists yet" in str(err.value)
    assert db_path.read_bytes() == content
    Store.open(db_path.with_name("other.json")).close()  # and the lock was released


def test_corrupt_file_message_names_newest_backup(db_path: Path) -> None:
    with Store.open(db_path, today=lambda: TODAY) as store:
        store.save(Trip(name="x"))
        store.save(Trip(name="y"))  # the first write of the day backs up the previous file
    db_path.write_bytes(b"{broken")
    with pytest.raises(StorageError, match=r"newest backup is .*usce-2026-11-24\.json"):
        Store.open(db_path)
    # another computer's copy, kept after it was merged, is not this file's backup (a newcomer
    # was pointed to it as the newest backup to restore)
    merged = db_path.parent / "backups" / "usce-2026-11-24-merged-101010000000.json"
    merged.write_bytes(b"{}")
    with pytest.raises(StorageError, match=r"newest backup is .*usce-2026-11-24\.json"):
        Store.open(db_path)


def test_future_schema_is_refused_and_untouched(db_path: Path) -> None:
    content = orjson.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "programs": {}})
    db_path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(StorageError, match="newer USCE Navigator"):
            Store.open(db_path, read_only=read_only)
    assert db_path.read_bytes() == content


def test_older_schema_is_backed_up_then_migrated(db_path: Path) -> None:
    old = orjson.dumps({"programs": {"1": Program(name="Old one").to_dict()}})
    db_path.write_bytes(old)
    with Store.open(db_path, today=lambda: TODAY) as store:
        assert [p.name for p in store.all(Program)] == ["Old one"]
        assert store.meta()["schema_version"] == SCHEMA_VERSION
    backups = list_backups(db_path)
    assert [b.name for b in backups] == [f"usce-2026-11-24-before-schema-{SCHEMA_VERSION}.json"]
    assert backups[0].read_bytes() == old
    assert orjson.loads(db_path.read_bytes())["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_read_only_open_of_old_schema_writes_nothing(db_path: Path) -> None:
    old = orjson.dumps({"trips": {}})
    db_path.write_bytes(old)
    with Store.open(db_path, read_only=True) as store:
        assert store.counts()["trips"] == 0
    assert db_path.read_bytes() == old
    assert list_backups(db_path) == []


def test_one_backup_a_day_and_only_fourteen_kept(db_path: Path) -> None:
    day = [date(2026, 1, 1)]
    with Store.open(db_path, today=lambda: day[0]) as store:
        for i in range(BACKUPS_KEPT + 6):
            store.save(Trip(name=f"day {i}"))
            store.save(Trip(name=f"day {i} again"))
            day[0] += timedelta(days=1)
    backups = list_backups(db_path)
    assert len(backups) == BACKUPS_KEPT
    assert backups[-1].name == f"usce-{(day[0] - timedelta(days=1)).isoformat()}.json"
    # The newest backup holds the state before that day's first save.
    names = {t["name"] for t in orjson.loads(backups[-1].read_bytes())["trips"].values()}
    assert f"day {BACKUPS_KEPT + 4} again" in names
    assert f"day {BACKUPS_KEPT + 5}" not in names


def test_stray_temp_files_are_removed_on_open(db_path: Path) -> None:
    Store.open(db_path).close()
    stray = db_path.parent / f".{db_path.name}.tmp-abc123"
    stray.write_bytes(b"half a file")
    Store.open(db_path).close()
    assert not stray.exists()


def test_read_only_open_of_missing_file_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(StorageError, match="there is no data file"):
        Store.open(missing, read_only=True)
    assert not missing.exists()


def test_profile_is_a_single_record(store: Store) -> None:
    profile = store.profile()
    assert profile.name == ""
    profile.name = "Test User"
    store.save_profile(profile)
    store.save_profile(store.profile())
    assert store.counts()["profile"] == 1
    assert store.profile().name == "Test User"


def test_is_empty(store: Store) -> None:
    assert store.is_empty()
    store.save(Trip(name="t"))
    assert not store.is_empty()


def test_money_is_decimal_exact(store: Store) -> None:
    from usce_tui.core.records import Expense

    e = store.save(Expense(amount=Money(Decimal("0.10"), "USD")))
    total = sum((store.get(Expense, e.id).amount.amount for _ in range(3)), Decimal(0))
    assert total == Decimal("0.30")


def test_a_failed_write_keeps_the_old_file_and_forgets_the_change(store: Store, db_path: Path,
                                                                   monkeypatch) -> None:
    store.save(Trip(name="kept"))
    before = db_path.read_bytes()

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("usce_tui.store.storage.atomic_write_bytes", disk_full)
    generation = store.generation
    with pytest.raises(StorageError, match="could not be saved .*No space left.*last saved version"):
        store.save(Trip(name="lost"))
    monkeypatch.undo()
    assert store.generation != generation  # screens showing the dropped change re-read
    assert db_path.read_bytes() == before
    assert [t.name for t in store.all(Trip)] == ["kept"]


def test_where_decodes_only_matching_records(store: Store) -> None:
    store.add_all([JournalEntry(date=TODAY, title=f"e{i}", program_id=f"p{i % 3}") for i in range(9)])
    found = store.where(JournalEntry, program_id="p1")
    assert [e.title for e in found] == ["e1", "e4", "e7"] and all(e.id for e in found)
    assert store.where(JournalEntry, program_id="p42") == []


def test_journal_days_has_one_day_per_entry_and_skips_unreadable_dates(store: Store, db_path: Path) -> None:
    """The dashboard's streak and heatmap read only the entries' days: two entries on one day
    count twice (the heatmap shades by entries), a hand-edited date that does not read is left
    out rather than stopping the dashboard."""
    for day in (TODAY, TODAY, TODAY - timedelta(days=1)):
        store.save(JournalEntry(date=day, title="ward round"))
    store.save(JournalEntry(title="no date yet"))
    store.close()
    raw = orjson.loads(db_path.read_bytes())
    raw["journal"]["hand-1"] = {"date": "2026-02-30", "title": "typed by hand"}
    raw["journal"]["hand-2"] = {"date": 20260101, "title": "a number"}
    db_path.write_bytes(orjson.dumps(raw))
    with Store.open(db_path, read_only=True) as again:
        assert sorted(again.journal_days()) == [TODAY - timedelta(days=1), TODAY, TODAY]
