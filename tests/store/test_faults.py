"""Faults found around the save: symlinks, other files' backups, kills during a backup, empty
files, full disks, damaged records. Each case is a file as it was seen."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store.storage import FileInUseError, StorageError, backup_dir, list_backups, make_backup
from usce_tui.store.store import Store

posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links need POSIX here")


@posix_only
def test_a_symlinked_data_path_updates_the_target_and_locks_the_real_file(tmp_path: Path) -> None:
    real = tmp_path / "Dropbox" / "usce.json"
    real.parent.mkdir()
    link = tmp_path / "usce.json"
    Store.open(real).close()
    link.symlink_to(real)
    with Store.open(link, today=lambda: TODAY) as store:
        store.save(Program(name="Through the link"))
        assert link.is_symlink()
        with pytest.raises(FileInUseError):
            Store.open(real)  # the lock is the real file's
    assert link.is_symlink()
    with Store.open(real, read_only=True) as again:
        assert [p.name for p in again.all(Program)] == ["Through the link"]
    assert list_backups(real)  # the day's backup sits beside the real file
    assert not (tmp_path / "backups").exists()


def test_backup_rotation_leaves_other_files_backups_alone(tmp_path: Path) -> None:
    path = tmp_path / "usce.json"
    other = tmp_path / "usce-old.json"
    for p in (path, other):
        p.write_bytes(b"{}")
    for day in range(20):
        make_backup(other, TODAY.replace(day=1 + day))
    mine = make_backup(path, TODAY)
    assert mine is not None and mine.exists()  # not rotated away at once
    assert len(list_backups(other)) == 14 and list_backups(path) == [mine]
    assert all(b.name.startswith("usce-old-") for b in list_backups(other))


def test_a_kill_during_the_daily_backup_leaves_no_copy_behind(db_path: Path) -> None:
    Store.open(db_path).close()
    folder = backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    stray = folder / f".usce-{TODAY.isoformat()}.json.tmp-k1ll3d"
    stray.write_bytes(b"x" * 1000)
    others = folder / ".usce-old-2026-11-24.json.tmp-abc"  # another file's, maybe being written now
    others.write_bytes(b"y")
    Store.open(db_path).close()
    assert not stray.exists() and others.exists()


@pytest.mark.parametrize("content", [b"", b"   \n\t ", b"\n"])
def test_an_empty_or_blank_data_file_is_refused_not_replaced(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(StorageError, match="is empty"):
            Store.open(db_path, read_only=read_only)
    assert db_path.read_bytes() == content


def test_creating_the_file_on_a_full_disk_says_so_and_leaves_no_lock(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("usce_tui.store.storage.atomic_write_bytes", full)
    with pytest.raises(StorageError, match="cannot create the data file .*No space left"):
        Store.open(db_path)
    assert sorted(p.name for p in db_path.parent.iterdir()) == []


DAMAGED = {  # a record as a hand edit or another tool might leave it
    "null name": {"name": None},
    "list where text belongs": {"name": ["a", "b"]},
    "string where a list belongs": {"requirements": "step1"},
    "record is a string": "just text",
    "record is a number": 42,
    "money without a currency": {"name": "Fee", "fee": {"amount": "100"}},
    "bad date": {"name": "Date", "deadline": "31/02/2027"},
    "bool as text": {"name": "Flag", "needs_review": "yes"},
    "history item wrong": {"name": "Hist", "history": [{"status": 3}]},
}


@pytest.mark.parametrize("raw", DAMAGED.values(), ids=list(DAMAGED))
def test_a_damaged_record_is_named_kept_and_skipped(db_path: Path, raw: object) -> None:
    with Store.open(db_path) as store:
        good = store.save(Program(name="Good"))
    doc = orjson.loads(db_path.read_bytes())
    doc["programs"]["damaged-0000"] = raw
    db_path.write_bytes(orjson.dumps(doc))
    with Store.open(db_path) as store:
        assert [p.name for p in store.all(Program)] == ["Good"]
        [damaged] = store.damaged()
        assert damaged.key == "damaged-0000" and damaged.table == "programs"
        store.save(Program(name="Another"))  # saving others keeps the damaged bytes
        assert store.document()["programs"]["damaged-0000"] == raw
        assert store.get(Program, str(good.id)) is not None


def test_a_damaged_record_can_be_mended_or_deleted(db_path: Path) -> None:
    Store.open(db_path).close()
    doc = orjson.loads(db_path.read_bytes())
    doc["journal"] = {"j1": {"date": "2026-11-02", "title": 7, "body": "Saw a fictional case"},
                      "j2": "garbage"}
    db_path.write_bytes(orjson.dumps(doc))
    with Store.open(db_path) as store:
        first, second = sorted(store.damaged(), key=lambda d: d.key)
        assert "title" in first.reason and "Saw a fictional case" not in first.reason
        with pytest.raises(StorageError, match="still cannot be read: field 'title' should be text"):
            store.replace_damaged(first, '{"date": "2026-11-02", "title": 8}')
        # a date written right but that does not exist says so ("not text" had puzzled a newcomer,
        # and "it field" read oddly)
        with pytest.raises(StorageError, match="read: field 'date' holds a date that does not exist"):
            store.replace_damaged(first, '{"date": "2027-02-31", "title": "x"}')
        with pytest.raises(StorageError, match="read: it is text, not a record"):
            store.replace_damaged(first, '"x"')
        with pytest.raises(StorageError, match="not JSON"):
            store.replace_damaged(first, '{"date": ')
        store.replace_damaged(first, '{"date": "2026-11-02", "title": "Mended", "body": "ok"}')
        store.delete_damaged(second)
        assert [e.title for e in store.all(JournalEntry)] == ["Mended"] and store.damaged() == []


def test_deleting_a_damaged_record_backs_up_the_file_first(db_path: Path) -> None:
    """Newcomer: the dialog promised a copy in the backups that was not there."""
    Store.open(db_path).close()
    doc = orjson.loads(db_path.read_bytes())
    doc["journal"] = {"j1": {"date": "2026-11-02", "title": 7, "body": "A fictional ward round"}}
    db_path.write_bytes(orjson.dumps(doc))
    with Store.open(db_path) as store:
        [damaged] = store.damaged()
        kept = store.delete_damaged(damaged)
    assert "before-delete" in kept.name and b"A fictional ward round" in kept.read_bytes()
    assert b"A fictional ward round" not in db_path.read_bytes()
