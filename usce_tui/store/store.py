"""The store: the only code that opens the data file, through TinyDB and ``AtomicJSONStorage``.

``Store.open`` takes the one-writer lock, refuses a corrupt or too-new file without writing it,
migrates an older one after a backup, and hands out typed records. Every change is one atomic
write. Nothing here imports textual.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.table import Document, Table

from usce_tui.core.exports import DataSet
from usce_tui.core.records import (
    RECORD_TYPES,
    Expense,
    JournalEntry,
    Letter,
    Profile,
    Program,
    Record,
    Trip,
)
from usce_tui.store.migrations import META, SCHEMA_VERSION, SINGLE, migrate, schema_version
from usce_tui.store.storage import (
    AtomicJSONStorage,
    StorageError,
    WriterLock,
    create_private_file,
    make_backup,
    newest_backup_text,
    remove_stray_temp_files,
)

R = TypeVar("R", bound=Record)

ENV_DB = "USCE_DB"


def default_db_path() -> Path:
    """Where the user's data lives: ``$USCE_DB``, else the platform's user data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    import platformdirs  # resolved lazily, never at import time

    return platformdirs.user_data_path("usce-tui") / "usce.json"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Typed access to the six tables of one data file."""

    def __init__(self, path: Path, storage: AtomicJSONStorage, lock: WriterLock | None) -> None:
        self.path = path
        self.storage = storage
        self._lock = lock
        self._db = TinyDB(storage=lambda: storage)
        self._tables: dict[str, Table] = {}
        self._decoded: dict[str, tuple[int, list[Any]]] = {}  # table: (generation, records)

    # -- opening and closing -------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path, *, read_only: bool = False, today: Callable[[], date] = date.today
    ) -> Store:
        """Open (creating when missing, unless read-only) the data file at ``path``.

        Raises ``StorageError`` with a sentence for the user when the file is in use, does not
        parse, or was written by a newer version; the file is then left byte-for-byte as it was.
        """
        path = Path(path).expanduser().absolute()
        lock: WriterLock | None = None
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create the folder {path.parent}: {exc.strerror}.") from None
            lock = WriterLock(path)
            lock.acquire()
        try:
            if not path.exists():
                if read_only:
                    raise StorageError(f"there is no data file at {path}; run `usce` once to create it.")
                fresh: dict[str, Any] = {}
                migrate(fresh, _now())
                create_private_file(path, orjson.dumps(fresh))
            if lock is not None:
                remove_stray_temp_files(path)
            storage = AtomicJSONStorage(path, read_only=read_only, today=today)
            doc = storage.read() or {}
            version = schema_version(doc)
            if version < 0:
                raise StorageError(
                    f"{path} has an unreadable schema version in its meta table; it was left "
                    f"untouched, and {newest_backup_text(path)}."
                )
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{path} was written by a newer USCE Navigator (schema version {version}; "
                    f"this one reads up to {SCHEMA_VERSION}); it was left untouched, and "
                    f"{newest_backup_text(path)}. Update the app to open it."
                )
            if version < SCHEMA_VERSION:
                # Read-only opens migrate in memory only; a writer keeps a copy of the old file.
                if not read_only:
                    make_backup(path, today(), label=f"before-schema-{SCHEMA_VERSION}")
                    storage.backed_up_on = today()  # that copy is today's backup too
                migrate(doc, _now())
                if not read_only:
                    storage.write(doc)
            return cls(path, storage, lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        """Release the writer lock; the file on disk is always current, so nothing to flush."""
        self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def generation(self) -> int:
        """A number that changes with every save (or dropped change): screens compare it to
        know whether what they show is still current."""
        return self.storage.generation

    @property
    def read_only(self) -> bool:
        return self.storage.read_only

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make every change inside the block one atomic write; on error none of it is saved."""
        with self.storage.deferred():
            yield
            self._table(META).upsert(Document({"updated": _now()}, doc_id=SINGLE))

    def _table(self, name: str) -> Table:
        if name not in self._tables:
            self._tables[name] = self._db.table(name, cache_size=0)
        return self._tables[name]

    # -- records -------------------------------------------------------------------------
    def all(self, kind: type[R]) -> list[R]:
        """Every record of one kind, in the order they were added.

        The records are decoded once per change of the file and shared by every caller (the
        dashboard and the journal decode 5,000 entries once, not each): copy a record before
        changing it (the screens do, so that a failed save leaves the list as stored).
        """
        generation = self.generation
        cached = self._decoded.get(kind.TABLE)
        if cached is None or cached[0] != generation:
            raw = (self.storage.read() or {}).get(kind.TABLE, {})
            cached = (generation, [kind.from_dict(doc, int(doc_id)) for doc_id, doc in raw.items()])
            self._decoded[kind.TABLE] = cached
        return list(cached[1])

    def column(self, kind: type[R], name: str) -> list[Any]:
        """One stored field of every record, as stored (nothing decoded): cheap on big tables."""
        raw = (self.storage.read() or {}).get(kind.TABLE, {})
        return [doc.get(name) for doc in raw.values()]

    def where(self, kind: type[R], **equals: Any) -> list[R]:
        """The records whose stored fields equal the given values; only those are decoded."""
        raw = (self.storage.read() or {}).get(kind.TABLE, {})
        items = equals.items()
        return [kind.from_dict(doc, int(doc_id)) for doc_id, doc in raw.items()
                if all(doc.get(key) == value for key, value in items)]

    def get(self, kind: type[R], record_id: int) -> R | None:
        """One record by id, or None."""
        doc = self._table(kind.TABLE).get(doc_id=record_id)
        return None if doc is None else kind.from_dict(dict(doc), record_id)

    def save(self, record: R) -> R:
        """Insert (no id) or replace (with id) ``record``; return it with id and timestamps."""
        now = _now()
        record.updated = now
        if not record.created:
            record.created = now
        data = record.to_dict()
        table = self._table(record.TABLE)
        with self.batch():
            if record.id is None:
                record.id = table.insert(data)
            elif table.contains(doc_id=record.id):
                table.update(data, doc_ids=[record.id])
            else:
                table.insert(Document(data, doc_id=record.id))
        return record

    def add_all(self, records: list[R]) -> list[R]:
        """Insert many records in one atomic write (an import): all of them or none."""
        with self.batch():
            for record in records:
                self.save(record)
        return records

    def delete(self, kind: type[R], record_id: int) -> R | None:
        """Remove one record; return what was removed (for undo), or None if it was not there."""
        record = self.get(kind, record_id)
        if record is not None:
            with self.batch():
                self._table(kind.TABLE).remove(doc_ids=[record_id])
        return record

    def profile(self) -> Profile:
        """The single profile record (a blank one before the user fills it in)."""
        return self.get(Profile, SINGLE) or Profile(id=SINGLE)

    def save_profile(self, profile: Profile) -> Profile:
        """Save the profile as the single record of its table."""
        profile.id = SINGLE
        return self.save(profile)

    # -- whole-file views ----------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        """Schema version and created/updated times."""
        return dict((self.storage.read() or {}).get(META, {}).get(str(SINGLE), {}))

    def counts(self) -> dict[str, int]:
        """How many records each table holds."""
        doc = self.storage.read() or {}
        return {kind.TABLE: len(doc.get(kind.TABLE, {})) for kind in RECORD_TYPES}

    def is_empty(self) -> bool:
        """True when the user has entered nothing yet (a blank profile counts as nothing)."""
        counts = self.counts()
        counts.pop(Profile.TABLE)
        return not any(counts.values()) and not self.profile().name

    def document(self) -> dict[str, Any]:
        """The raw document (read-only use: exports and checks)."""
        return self.storage.read() or {}

    def dataset(self) -> DataSet:
        """Every record, decoded, with the raw document: what the exports read."""
        return DataSet(self.profile(), self.all(Program), self.all(Trip), self.all(Expense),
                       self.all(Letter), self.all(JournalEntry), self.document())

    def journal_days(self) -> list[date]:
        """The day of every journal entry that has one (only that field is decoded)."""
        return [date.fromisoformat(d) for d in self.column(JournalEntry, "date") if isinstance(d, str) and d]

    def backup_now(self) -> Path:
        """Copy the file into ``backups/`` now (beside the daily copies); return the copy."""
        stamp = datetime.now().strftime("%H%M%S")
        try:
            made = make_backup(self.path, self.storage.today(), label=f"manual-{stamp}")
        except OSError as exc:
            raise StorageError(f"cannot write a backup of {self.path}: {exc.strerror or exc}.") from None
        if made is None:
            raise StorageError(f"a backup of {self.path} was made this very second; try again.")
        return made
