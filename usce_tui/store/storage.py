"""Durable file storage under TinyDB: in-memory document, atomic orjson writes, lock, backups.

TinyDB's own ``JSONStorage`` re-reads the whole file on every read and rewrites it in place on
every write, so a crash mid-write can leave a torn file. ``AtomicJSONStorage`` keeps the document
in memory after the first read and writes each new version to a temporary file beside the old
one, flushes, fsyncs and renames it over the old file, so any instant holds either the old or the
new file. Nothing here imports textual.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from usce_tui.store.crypto import MAGIC, Keyring, Tampered, WrongPassphrase, is_encrypted

BACKUPS_KEPT = 14
BACKUP_DIR = "backups"
_TMP_MARK = ".tmp-"
_POSIX = os.name == "posix"


class StorageError(Exception):
    """The data file cannot be used; the message is one sentence for the user."""


class FileInUseError(StorageError):
    """Another USCE Navigator process holds the data file."""


class EncryptedFileError(StorageError):
    """The file is encrypted and no passphrase was given."""


class WrongPassphraseError(StorageError):
    """The passphrase given does not open the file."""


def temp_prefix(path: Path) -> str:
    """Prefix of the temporary files written beside ``path`` (recognisable for clean-up)."""
    return f".{path.name}{_TMP_MARK}"


def backup_dir(path: Path) -> Path:
    """The folder that holds dated copies of ``path``."""
    return path.parent / BACKUP_DIR


def _backup_pattern(path: Path) -> re.Pattern[str]:
    """Names of ``path``'s own backups: ``<stem>-<YYYY-MM-DD>[-label]<suffix>``, and no other
    file's (``usce-old.json``'s backups are not ``usce.json``'s)."""
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    return re.compile(rf"{stem}-\d{{4}}-\d{{2}}-\d{{2}}(-[A-Za-z0-9-]+)?{suffix}")


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path``, oldest first (their names sort by date)."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    pattern = _backup_pattern(path)
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file())


def newest_backup_text(path: Path) -> str:
    """A clause naming the newest backup of this file, for error messages: not a file set aside
    as unreadable, nor another computer's copy kept after it was merged (a newcomer was pointed
    to the other computer's copy as the one to restore)."""
    backups = [b for b in list_backups(path) if "-unreadable-" not in b.name and "-merged-" not in b.name]
    if not backups:
        return "no backup exists yet"
    newest = max(backups, key=lambda b: b.stat().st_mtime)  # by when written: labelled ones too
    return f"the newest backup is {newest} (`usce restore` lists them all)"


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
    """Delete temporary files a killed writer left beside ``path`` and in its backups folder
    (a kill during the daily backup leaves a full copy there); return how many."""
    pattern = _backup_pattern(path)
    strays = list(path.parent.glob(temp_prefix(path) + "*"))
    folder = backup_dir(path)
    if folder.is_dir():
        strays += [p for p in folder.glob(f".*{_TMP_MARK}*")
                   if pattern.fullmatch(p.name[1:].partition(_TMP_MARK)[0])]
    removed = 0
    for stray in strays:
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
    daily = re.compile(rf"{re.escape(path.stem)}-\d{{4}}-\d{{2}}-\d{{2}}{re.escape(path.suffix)}")
    rotated = [b for b in list_backups(path) if daily.fullmatch(b.name)]  # labelled copies stay
    for old in rotated[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _reseal(path: Path, raw: bytes, old: Keyring | None, new: Keyring | None) -> bool:
    """Write ``raw`` (a copy of the data file) again as ``new`` seals it (None: plain), keeping
    its modification time; False when ``old`` cannot open it (another passphrase)."""
    if is_encrypted(raw):
        if old is None:
            return False
        try:
            plain = old.open(raw)
        except (WrongPassphrase, Tampered):
            return False
    else:
        plain = raw  # sealed whole, even when it does not parse: it may hold journal text
    status = os.stat(path)
    atomic_write_bytes(path, new.seal(plain) if new is not None else plain)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    return True


def reseal_backups(path: Path, old: Keyring | None, new: Keyring | None, *,
                   plain_only: bool = False) -> list[Path]:
    """Encrypt, re-encrypt or decrypt every backup of ``path`` to match the data file (each
    write atomic); ``plain_only`` touches only plain ones (to encrypt what an interrupted
    ``usce encrypt`` left). Returns the backups left as they were: ``old`` does not open them."""
    left = []
    for backup in list_backups(path):
        try:
            with backup.open("rb") as handle:
                head = handle.read(len(MAGIC))
            if plain_only and (is_encrypted(head) or new is None):
                continue
            if not _reseal(backup, backup.read_bytes(), old, new):
                left.append(backup)
        except OSError as exc:
            raise StorageError(f"cannot rewrite the backup {backup}: {exc.strerror or exc}; run the "
                               "command again.") from None
    return left


@contextlib.contextmanager
def no_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many objects that make no cycles are built
    (a file's records as it is read, an import's): its passes over them, as they grow, made a
    large import slower than linear and cost a start on a large file 20 ms."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_document(raw: bytes, path: Path, keyring: Keyring | None = None) -> dict[str, Any]:
    """Parse the bytes of a data file (decrypting them with ``keyring`` when the file is
    encrypted), or raise ``StorageError`` naming the file and the fault.

    An empty or blank file is refused too: it is what a sync tool's placeholder or a failed
    copy looks like, and replacing it with a fresh file would hide the loss.
    """
    if not raw.strip():
        raise StorageError(
            f"{path} is empty ({len(raw)} bytes): a sync tool may not have finished copying it, "
            f"or a copy failed; it was left untouched, and {newest_backup_text(path)}. "
            "Restore a backup (`usce restore`) or move the file away to start afresh."
        )
    if is_encrypted(raw):
        raw = decrypt_file_bytes(raw, path, keyring)
    try:
        with no_collector():
            doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if raw.startswith(b"PK\x03\x04") or not raw.lstrip().startswith((b"{", b"[")):
            # a spreadsheet or another file given as the data file (--db progs.xlsx): the parser's
            # words ("str is not valid UTF-8: surrogates not allowed") said nothing to a newcomer
            kind = "a workbook (a spreadsheet)" if raw.startswith(b"PK\x03\x04") else "not JSON text"
            raise StorageError(
                f"{path} is {kind}, not a USCE Navigator data file; it was left untouched, and "
                f"{newest_backup_text(path)}. Check the path (--db, or USCE_DB); a spreadsheet of "
                "programs comes in with `usce import programs`."
            ) from None
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


def decrypt_file_bytes(raw: bytes, path: Path, keyring: Keyring | None) -> bytes:
    """The plaintext of the encrypted file ``path`` whose bytes are ``raw``, or ``StorageError``
    with a sentence: no passphrase, the wrong one, or a file changed since it was written."""
    if keyring is None:
        raise EncryptedFileError(f"{path} is encrypted; type its passphrase when asked, or set "
                                 "USCE_PASSPHRASE for a script.")
    try:
        return keyring.open(raw)
    except WrongPassphrase:
        raise WrongPassphraseError(f"the passphrase does not open {path}; nothing was changed.") from None
    except Tampered:
        raise StorageError(
            f"{path} is encrypted but damaged: it was changed after it was written, or cut short, "
            "so it fails its integrity check and was not decrypted; it was left untouched, and "
            f"{newest_backup_text(path)}."
        ) from None


class AtomicJSONStorage(Storage):
    """A TinyDB ``Storage`` that holds the document in memory and writes it atomically.

    ``deferred()`` groups several TinyDB operations into one write (and so one atomic change);
    if the block raises, the in-memory document is dropped and re-read from disk, so a failed
    change leaves nothing half-applied. ``read_only=True`` refuses every write.

    The file is never overwritten blind: the storage remembers the size, modification time and
    hash of the bytes it last read or wrote, and before each write (and whenever ``follow()`` is
    called) checks the file on disk against them. When a sync tool or another device changed
    it, the file is read and merged into the document first (``store.merge``), and what came in
    is queued in ``incoming`` for the app to announce.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, today=date.today,
                 merge: Callable[..., tuple[dict[str, Any], Any]] | None = None,
                 keyring: Keyring | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.keyring = keyring  # None: the file is plain JSON; else it is written encrypted
        self.today = today
        self.merge = merge  # (mine, theirs, base=) -> (merged, report with .changed); None: none
        self._data: dict[str, Any] | None = None
        self._defer_depth = 0
        self._dirty = False
        self._held = False  # unsaved changes kept on purpose after a failed write (see flush)
        self._last_good: bytes | None = None  # the bytes last read or written, to fall back on
        # size and mtime_ns of the file last read or written; when they change, its bytes are
        # compared with ``_last_good`` (a touched but unchanged file is not merged)
        self._seen: tuple[int, int] | None = None
        self.incoming: list[Any] = []  # merge reports not yet announced
        self.backed_up_on: date | None = None
        self.writes = 0
        self.generation = 0  # changes whenever the in-memory document may have changed

    # -- TinyDB's Storage interface ------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            try:
                raw = self.path.read_bytes()
                status = os.stat(self.path)
                self._data = parse_document(raw, self.path, self.keyring)
            except FileNotFoundError:
                if self._last_good is None:
                    return None
                self._data = self._last_document()
                return self._data
            except (OSError, StorageError) as exc:
                if self._last_good is None:  # the first read: say what is wrong with the file
                    if isinstance(exc, StorageError):
                        raise
                    raise StorageError(f"{self.path} cannot be read: {exc.strerror}.") from None
                # A sync tool is rewriting the file: go on with the last version read or written
                # (the next look at the file merges the new one in once it reads).
                self._data = self._last_document()
                return self._data
            self._seen = (status.st_size, status.st_mtime_ns)
            self._last_good = raw
        return self._data

    def _last_document(self) -> dict[str, Any]:
        """The document of the bytes last read or written (decrypted again when encrypted)."""
        assert self._last_good is not None
        return parse_document(self._last_good, self.path, self.keyring)

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
        self._dirty = self._held = False
        self.generation += 1

    def _changed_on_disk(self) -> tuple[bytes, tuple[int, int]] | None:
        """The file's bytes and signature when they are not the ones last read or written."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return None  # moved away: the next write puts it back
        seen = (status.st_size, status.st_mtime_ns)
        if self._seen is None or seen == self._seen:
            return None
        raw = self.path.read_bytes()
        if raw == self._last_good:
            self._seen = seen  # touched, not changed
            return None
        return raw, seen

    def _merge_from_disk(self) -> dict[str, Any] | None:
        """Merge a changed file on disk into the document; return the file's document when it
        changed (None when it did not). Raises ``StorageError`` when it cannot be read."""
        if self._data is None or self.merge is None:
            return None
        try:
            changed = self._changed_on_disk()
        except OSError as exc:
            raise StorageError(f"{self.path} changed on disk and cannot be read ({exc.strerror}); "
                               "nothing was written.") from None
        if changed is None:
            return None
        raw, seen = changed
        try:
            theirs = parse_document(raw, self.path, self.keyring)
        except (WrongPassphraseError, EncryptedFileError):
            raise StorageError(f"{self.path} was encrypted on another computer (or its passphrase "
                               "changed there), so this window cannot read it and wrote nothing over "
                               "it; quit and open it again with the passphrase.") from None
        except StorageError:
            raise StorageError(f"{self.path} was changed on disk by another program (a sync tool "
                               "may be writing it) and cannot be read right now, so nothing was "
                               "written over it; try again in a moment.") from None
        last = self._last_good
        merged, report = self.merge(
            self._data, theirs, base=lambda: parse_document(last, self.path, self.keyring) if last else {})
        self._data = merged
        self._seen = seen
        self._last_good = raw
        self.generation += 1
        if report.changed:
            self.incoming.append(report)
        return theirs

    def follow(self) -> bool:
        """Take in what another program wrote to the file since it was read; write the merge
        back only when this side holds something the file lacks. True when anything came in."""
        if self._defer_depth or self.read_only:
            return False
        if self._dirty:  # a write that failed with what came in from elsewhere: try it again
            self.flush()
            return True
        theirs = self._merge_from_disk()
        if theirs is None:
            return False
        if self._data == theirs:
            return True
        self.flush()
        return True

    def flush(self) -> None:
        """Write the in-memory document to disk now (merging the file on disk first when it
        changed; a backup first, once a day)."""
        if self._data is None:
            return
        today = self.today()
        try:
            merged_in = self._merge_from_disk() is not None or self._dirty and not self._defer_depth \
                and self._held
        except StorageError:
            self.discard()  # this change is not saved: the file on disk stays as it is
            raise
        try:
            payload = orjson.dumps(self._data)
            if self.keyring is not None:
                payload = self.keyring.seal(payload)
        except TypeError as exc:  # a lone surrogate or another value JSON cannot hold
            self.discard()
            raise StorageError(f"{self.path} was not saved: a value cannot be written as JSON "
                               f"({str(exc).split(':')[0]}); the file still holds the last saved "
                               "version.") from None
        try:
            if self.backed_up_on != today:
                make_backup(self.path, today)
                self.backed_up_on = today
            atomic_write_bytes(self.path, payload)
            status = os.stat(self.path)
        except OSError as exc:
            if merged_in:
                # What came in from the other computer is only here now: keep it, with this
                # change, and write it at the next try (``follow``), rather than lose it.
                self._dirty = self._held = True
                raise StorageError(
                    f"{self.path} could not be saved ({exc.strerror or exc}); what came in from "
                    "another computer and this change are kept in the app and saved at the next "
                    "try (every few seconds)."
                ) from None
            self.discard()
            raise StorageError(
                f"{self.path} could not be saved ({exc.strerror or exc}); the file on disk "
                "still holds the last saved version."
            ) from None
        self._seen = (status.st_size, status.st_mtime_ns)
        self._last_good = payload
        self._dirty = self._held = False
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

    def release(self, *, remove: bool = False) -> None:
        """Let go of the lock; ``remove`` also deletes the lock file (when the data file could not
        be created, so that nothing is left behind)."""
        self._lock.release()
        if remove:
            with contextlib.suppress(OSError):
                os.unlink(str(self.path) + ".lock")


def create_private_file(path: Path, data: bytes) -> None:
    """Create a new data file (and its folder) readable by the user alone where the OS allows.

    Raises ``StorageError`` (one sentence) when the disk is full or the folder not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
        if _POSIX:
            os.chmod(path, 0o600)
    except OSError as exc:
        raise StorageError(f"cannot create the data file {path}: {exc.strerror or exc}.") from None


__all__ = [
    "AtomicJSONStorage",
    "EncryptedFileError",
    "FileInUseError",
    "StorageError",
    "WriterLock",
    "WrongPassphraseError",
    "atomic_write_bytes",
    "create_private_file",
    "decrypt_file_bytes",
    "list_backups",
    "make_backup",
    "newest_backup_text",
    "remove_stray_temp_files",
    "reseal_backups",
]
