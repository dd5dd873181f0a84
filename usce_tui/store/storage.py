"""Durable file storage under TinyDB: in-memory document, atomic orjson writes, lock, backups.

TinyDB's own ``JSONStorage`` re-reads the whole file on every read and rewrites it in place on
every write, so a crash mid-write can leave a torn file. ``AtomicJSONStorage`` keeps the document
in memory after the first read and writes each new version to a temporary file beside the old
one, flushes, fsyncs and renames it over the old file, so any instant holds either the old or the
new file. Nothing here imports textual.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

BACKUPS_KEPT = 14
BACKUP_DIR = "backups"
_TMP_MARK = ".tmp-"
_POSIX = os.name == "posix"


class StorageError(Exception):
    """The data file cannot be used; the message is one sentence for the user."""


class FileInUseError(StorageError):
    """Another USCE Navigator process holds the data file."""


def temp_prefix(path: Path) -> str:
    """Prefix of the temporary files written beside ``path`` (recognisable for clean-up)."""
    return f".{path.name}{_TMP_MARK}"


def backup_dir(path: Path) -> Path:
    """The folder that holds dated copies of ``path``."""
    return path.parent / BACKUP_DIR


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path``, oldest first (their names sort by date)."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{path.stem}-*{path.suffix}") if p.is_file())


def newest_backup_text(path: Path) -> str:
    """A clause naming the newest backup, for error messages."""
    backups = list_backups(path)
    if not backups:
        return "no backup exists yet"
    return f"the newest backup is {backups[-1]}"


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX; Windows has no directory handles to sync."""
    if not _POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The temporary file is created by ``mkstemp`` (mode 0600 on POSIX) in the same folder, so
    the final ``os.replace`` is a rename within one file system.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def remove_stray_temp_files(path: Path) -> int:
    """Delete temporary files a killed writer left beside ``path``; return how many."""
    removed = 0
    for stray in path.parent.glob(temp_prefix(path) + "*"):
        with contextlib.suppress(OSError):
            stray.unlink()
            removed += 1
    return removed


def make_backup(path: Path, today: date, label: str = "") -> Path | None:
    """Copy ``path`` into ``backups/`` as ``<stem>-<date>[-label].json``; keep the newest 14.

    Returns the backup's path, or None when today's backup already exists or there is no file.
    """
    if not path.exists():
        return None
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    suffix = f"-{label}" if label else ""
    target = folder / f"{path.stem}-{today.isoformat()}{suffix}{path.suffix}"
    if target.exists():
        return None
    atomic_write_bytes(target, path.read_bytes())
    for old in list_backups(path)[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def parse_document(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse the bytes of a data file, or raise ``StorageError`` naming the file and the fault."""
    if not raw.strip():
        return {}
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StorageError(
            f"{path} is not valid JSON ({exc}); it was left untouched, "
            f"and {newest_backup_text(path)}."
        ) from None
    if not isinstance(doc, dict) or not all(isinstance(t, dict) for t in doc.values()):
        raise StorageError(
            f"{path} is JSON but not a USCE Navigator data file (expected tables of records); "
            f"it was left untouched, and {newest_backup_text(path)}."
        )
    return doc


class AtomicJSONStorage(Storage):
    """A TinyDB ``Storage`` that holds the document in memory and writes it atomically.

    ``deferred()`` groups several TinyDB operations into one write (and so one atomic change);
    if the block raises, the in-memory document is dropped and re-read from disk, so a failed
    change leaves nothing half-applied. ``read_only=True`` refuses every write.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, today=date.today) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.today = today
        self._data: dict[str, Any] | None = None
        self._defer_depth = 0
        self._dirty = False
        self.backed_up_on: date | None = None
        self.writes = 0
        self.generation = 0  # changes whenever the in-memory document may have changed

    # -- TinyDB's Storage interface ------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise StorageError(f"{self.path} cannot be read: {exc.strerror}.") from None
            self._data = parse_document(raw, self.path)
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise StorageError(f"{self.path} is open read-only; nothing was written.")
        self._data = data
        if self._defer_depth:
            self._dirty = True
            self.generation += 1  # what reads the document next sees the change
        else:
            self.flush()

    def close(self) -> None:
        self._data = None

    # -- our additions -------------------------------------------------------------------
    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Collect the writes made inside the block into one atomic write at its end."""
        self._defer_depth += 1
        try:
            yield
        except BaseException:
            self._defer_depth -= 1
            if self._defer_depth == 0:
                self.discard()
            raise
        self._defer_depth -= 1
        if self._defer_depth == 0 and self._dirty:
            self.flush()

    def discard(self) -> None:
        """Forget unsaved in-memory changes; the next read comes from disk."""
        self._data = None
        self._dirty = False
        self.generation += 1

    def flush(self) -> None:
        """Write the in-memory document to disk now (backup first, once a day)."""
        if self._data is None:
            return
        today = self.today()
        try:
            if self.backed_up_on != today:
                make_backup(self.path, today)
                self.backed_up_on = today
            atomic_write_bytes(self.path, orjson.dumps(self._data))
        except OSError as exc:
            self.discard()
            raise StorageError(
                f"{self.path} could not be saved ({exc.strerror or exc}); the file on disk "
                "still holds the last saved version."
            ) from None
        self._dirty = False
        self.writes += 1
        self.generation += 1


class WriterLock:
    """The one-writer lock: ``<file>.lock`` beside the data file, held while the app runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = FileLock(str(path) + ".lock", timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise FileInUseError(
                f"{self.path} is open in another USCE Navigator window or command; "
                "close that one first (read-only commands such as `usce check` still work)."
            ) from None
        except OSError as exc:
            raise StorageError(f"cannot lock {self.path}: {exc.strerror or exc}.") from None

    def release(self) -> None:
        self._lock.release()


def create_private_file(path: Path, data: bytes) -> None:
    """Create a new data file (and its folder) readable by the user alone where the OS allows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    if _POSIX:
        os.chmod(path, 0o600)


__all__ = [
    "AtomicJSONStorage",
    "FileInUseError",
    "StorageError",
    "WriterLock",
    "atomic_write_bytes",
    "create_private_file",
    "list_backups",
    "make_backup",
    "newest_backup_text",
    "remove_stray_temp_files",
]
