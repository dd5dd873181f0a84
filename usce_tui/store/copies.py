"""Other copies of the data file: the conflict copies sync tools leave beside it, and the dated
backups in its ``backups/`` folder (listing and restoring them). Nothing here imports textual."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from usce_tui.core.records import RECORD_TYPES
from usce_tui.store.crypto import Keyring, is_encrypted
from usce_tui.store.migrations import SCHEMA_VERSION, migrate, schema_version
from usce_tui.store.storage import (
    EncryptedFileError,
    StorageError,
    WriterLock,
    WrongPassphraseError,
    atomic_write_bytes,
    backup_dir,
    list_backups,
    parse_document,
)
from usce_tui.store.store import Store


def _conflict_patterns(path: Path) -> list[re.Pattern[str]]:
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    return [
        re.compile(rf"{stem} \(.*conflicted copy.*\){suffix}", re.IGNORECASE),  # Dropbox
        re.compile(rf"{stem}\.sync-conflict-\d{{8}}-\d{{6}}(-[A-Z0-9]+)?{suffix}"),  # Syncthing
        re.compile(rf"{stem}-[A-Z][A-Z0-9]*(-[A-Z0-9]+)*{suffix}"),  # OneDrive: name-COMPUTERNAME
        re.compile(rf"{stem} \(\d+\){suffix}"),  # Google Drive
        re.compile(rf"{stem} \d+{suffix}"),  # iCloud Drive
    ]


def conflict_copies(path: Path, keyring: Keyring | None = None) -> list[Path]:
    """Copies of the data file that sync tools left beside it after a conflict (only those that
    are USCE Navigator data files, opened with ``keyring`` when encrypted), oldest first."""
    return copies_beside(path, keyring)[0]


def copies_beside(path: Path, keyring: Keyring | None = None) -> tuple[list[Path], list[Path]]:
    """The conflict copies beside the data file, in one look: those ``keyring`` opens (or plain
    ones), and those encrypted with another passphrase (`usce merge` asks for it); each oldest
    first."""
    patterns = _conflict_patterns(path)
    found: list[Path] = []
    sealed: list[Path] = []
    try:
        names = sorted(path.parent.iterdir())
    except OSError:
        return [], []
    for candidate in names:
        if candidate == path or not any(p.fullmatch(candidate.name) for p in patterns):
            continue
        try:
            doc = parse_document(candidate.read_bytes(), candidate, keyring)
        except (WrongPassphraseError, EncryptedFileError):
            sealed.append(candidate)
            continue
        except (OSError, StorageError):
            continue
        if schema_version(doc) > 0:
            found.append(candidate)
    return sorted(found, key=lambda p: p.stat().st_mtime), sorted(sealed, key=lambda p: p.stat().st_mtime)


_ONE = {"programs": "program", "trips": "trip", "expenses": "expense", "letters": "letter",
        "journal": "journal entry", "documents": "document", "correspondence": "message",
        "experiences": "experience", "questions": "question"}
_MANY = {"journal": "journal entries", "correspondence": "messages"}


def counts_text(counts: dict[str, int]) -> str:
    """ "1 program, 12 journal entries, 1 profile" for the tables that hold records ("1 trips"
    had been written), or ""."""
    return ", ".join(f"{n} {_ONE.get(table, table) if n == 1 else _MANY.get(table, table)}"
                     for table, n in counts.items() if n)


@dataclass(frozen=True)
class BackupInfo:
    """One backup: where, when it was written, its size, and what it holds (None: unreadable)."""

    path: Path
    modified: datetime
    size: int
    counts: dict[str, int] | None
    other_passphrase: bool = False  # encrypted with a passphrase the file no longer has

    def line(self) -> str:
        held = ("encrypted with another passphrase (`usce restore` asks for it)" if self.other_passphrase else
                "unreadable" if self.counts is None else
                counts_text(self.counts) or "empty")
        size = "<1 KB" if self.size < 1024 else f"{self.size / 1024:,.0f} KB"  # ("0 KB" read as broken)
        return f"{self.path.name}  {self.modified:%Y-%m-%d %H:%M}  {size}  {held}"


def backups(path: Path, keyring: Keyring | None = None) -> list[BackupInfo]:
    """The backups of the data file at ``path``, newest first (encrypted ones opened with
    ``keyring``; one it cannot open is listed as unreadable)."""
    found = (backup_info(backup, keyring) for backup in list_backups(path))
    return sorted((info for info in found if info is not None), key=lambda info: info.modified, reverse=True)


def backup_info(backup: Path, keyring: Keyring | None = None) -> BackupInfo | None:
    """One backup: when, its size, what it holds; None when it cannot be read from the disk."""
    try:
        raw = backup.read_bytes()
        stat = backup.stat()
    except OSError:
        return None
    other = False
    try:
        doc = parse_document(raw, backup, keyring)
        counts: dict[str, int] | None = {
            kind.TABLE: len(t) if isinstance(t := doc.get(kind.TABLE), dict) else 0
            for kind in RECORD_TYPES}
    except (WrongPassphraseError, EncryptedFileError):
        counts, other = None, True
    except StorageError:
        counts = None
    return BackupInfo(backup, datetime.fromtimestamp(stat.st_mtime), stat.st_size, counts, other)


def find_backup(path: Path, name: str) -> Path:
    """The backup of ``path`` named ``name`` (a file name in the backups folder, or a path)."""
    for backup in list_backups(path):
        if name in (backup.name, str(backup)) or Path(name).resolve() == backup.resolve():
            return backup
    raise StorageError(f"{name} is not one of the backups of {path}; `usce restore` lists them.")


def _readable_backup(raw: bytes, backup: Path, keyring: Keyring | None) -> dict[str, Any]:
    """The document of a backup, or ``StorageError`` saying it cannot be restored."""
    try:
        return parse_document(raw, backup, keyring)
    except (WrongPassphraseError, EncryptedFileError):
        raise StorageError(f"{backup.name} is encrypted with another passphrase (one used before it "
                           "was changed?), so it cannot be restored with this one.") from None
    except StorageError:
        raise StorageError(f"{backup.name} cannot be read (it is empty, torn or not a data file), "
                           "so it cannot be restored; choose another (`usce restore` lists them).") from None


def restore(store: Store, backup: Path, keyring: Keyring | None = None) -> Path:
    """Put ``backup``'s records in place of the data file's: the current file is backed up
    first, and the change is one atomic save. It is saved as edits made now (records the backup
    lacks are deleted, the others saved again), so a second computer that syncs the file takes
    the restore in too instead of bringing the newer records back. Returns the copy of the
    current file."""
    try:
        raw = backup.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {backup}: {exc.strerror or exc}.") from None
    doc = _readable_backup(raw, backup, keyring or store.keyring)
    version = schema_version(doc)
    if not 0 <= version <= SCHEMA_VERSION:
        raise StorageError(f"{backup} was written by a newer USCE Navigator; nothing was restored.")
    if version < SCHEMA_VERSION:
        migrate(doc, datetime.now(UTC).isoformat(timespec="seconds"))
    kept = store.backup_now("before-restore", "nothing was restored")
    store.replace_records(doc)
    return kept
def put_away(path: Path, copy: Path, today: date, keyring: Keyring | None = None) -> Path:
    """Move a merged conflict copy into the data file's backups folder (named as a backup of the
    day, so `usce restore` lists it), so that it is not offered again. A plain copy of an
    encrypted data file is sealed on the way (no plain copy stays on disk)."""
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{path.stem}-{today.isoformat()}-merged-{datetime.now():%H%M%S%f}{path.suffix}"
    try:
        raw = copy.read_bytes() if keyring is not None else b""
        if keyring is not None and not is_encrypted(raw):
            atomic_write_bytes(target, keyring.seal(raw))
            copy.unlink()
            return target
        try:
            os.replace(copy, target)
        except OSError:  # another file system: copy, then remove
            atomic_write_bytes(target, copy.read_bytes())
            copy.unlink()
    except OSError as exc:
        raise StorageError(f"merged {copy.name}, but could not move it into {folder} "
                           f"({exc.strerror or exc}); move or delete it yourself.") from None
    return target


def restore_over_unreadable(path: Path, backup: Path, today: date,
                            keyring: Keyring | None = None) -> Path | None:
    """Put ``backup`` in place of a data file that cannot be opened (empty, not JSON, torn): the
    unreadable file is kept in the backups folder first, then the backup is copied over it in one
    atomic rename. Returns the copy of the unreadable file (None when there was no file)."""
    try:
        raw = backup.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {backup}: {exc.strerror or exc}.") from None
    _readable_backup(raw, backup, keyring)
    lock = WriterLock(path)
    lock.acquire()
    try:
        kept = None
        if path.exists():
            name = f"{path.stem}-{today.isoformat()}-unreadable-{datetime.now():%H%M%S%f}{path.suffix}"
            kept = backup_dir(path) / name
            kept.parent.mkdir(mode=0o700, exist_ok=True)
            atomic_write_bytes(kept, path.read_bytes())
        atomic_write_bytes(path, raw)
    except OSError as exc:
        raise StorageError(f"could not restore {backup.name} ({exc.strerror or exc}); the data file "
                           "was left as it was.") from None
    finally:
        lock.release()
    # saved again as edits made now, so a synced computer takes it
    with Store.open(path, keyring=keyring) as store:
        store.replace_records(store.document(), resave=True)
    return kept
