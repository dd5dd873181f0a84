"""The store: the only code that opens the data file, through TinyDB and ``AtomicJSONStorage``.

``Store.open`` takes the one-writer lock, refuses a corrupt or too-new file without writing it,
migrates an older one after a backup, and hands out typed records. Every change is one atomic
write. Nothing here imports textual.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import orjson
from tinydb import TinyDB

from usce_tui.core.codec import json_kind
from usce_tui.core.exports import DataSet
from usce_tui.core.records import (
    RECORD_TYPES,
    TABLES,
    Correspondence,
    Document,
    Expense,
    Experience,
    JournalEntry,
    Letter,
    Profile,
    Program,
    Question,
    Record,
    Trip,
)
from usce_tui.store.crypto import Keyring
from usce_tui.store.merge import (
    REVS,
    REVS_KEPT,
    MergeReport,
    conflict_key,
    content_hash,
    history,
    live_conflicts,
    merge_documents,
    unlinked,
    with_new_version,
)
from usce_tui.store.migrations import CONFLICTS, META, SCHEMA_VERSION, SINGLE, migrate, schema_version
from usce_tui.store.storage import (
    AtomicJSONStorage,
    EncryptedFileError,
    StorageError,
    WriterLock,
    WrongPassphraseError,
    create_private_file,
    make_backup,
    newest_backup_text,
    parse_document,
    remove_stray_temp_files,
    reseal_backups,
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
    # microseconds: two versions saved in one second must still differ (a restore or a choice
    # between two versions saves content that may otherwise equal an older version's)
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    """A fresh record key: a random UUID, so records added on two devices never collide."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Damaged:
    """A stored record that cannot be read as its kind: where it is and what is wrong (never
    its content, which may be journal text)."""

    table: str
    key: str
    reason: str
    raw: Any = field(repr=False, compare=False)


@dataclass(frozen=True)
class Conflict:
    """One record edited on two computers: the version in use now (the one saved later) and the
    other version, kept until the user chooses."""

    key: str  # the conflict's own key in the conflicts table
    table: str
    record_key: str
    current: Any
    other: Any
    source: str
    found: str


def _decode(kind: type[R], key: Any, raw: Any) -> R:
    """One stored record as its kind, or ``ValueError`` saying what is wrong with it."""
    if not isinstance(raw, dict):
        raise ValueError(f"is {json_kind(raw)}, not a record")
    record = kind.from_dict(raw, str(key))
    unusable = record.unusable()
    if unusable:
        raise ValueError("; ".join(unusable))
    return record


_KINDS: dict[str, type[Record]] = {kind.TABLE: kind for kind in RECORD_TYPES}  # by table name


def as_reason(reason: str) -> str:
    """What is wrong with a damaged record, as the end of a sentence about it ("it is a list,
    not a record"; "field 'deadline' holds …"; "its home currency 'Soles' is not …")."""
    if reason.startswith("field "):
        return reason
    if reason.startswith("is "):
        return "it " + reason
    return "its " + reason.replace("; ", "; its ")


def unreadable(table: str, raw: Any) -> str:
    """Why a stored record of ``table`` cannot be read (as ``as_reason`` words), or "" when it
    can (a version of a conflict, before the user chooses it)."""
    kind = _KINDS.get(table)
    if kind is None:
        return ""
    try:
        _decode(kind, "", raw)
    except (ValueError, TypeError) as exc:
        return as_reason(str(exc))
    return ""


def _joined_history(past: set[str], must: list[str], current: str) -> list[str]:
    """A record's history after a choice: the versions in ``must`` (the two it was chosen
    between) always kept, as many others as fit, then ``current``."""
    kept = [h for h in dict.fromkeys(must) if h != current]
    others = sorted(past - set(kept) - {current})
    room = max(REVS_KEPT - 1 - len(kept), 0)
    return [*(others[-room:] if room else []), *kept, current]


def merge_copy(mine: dict[str, Any], theirs: dict[str, Any], source: str,
               base: Callable[[], dict[str, Any]] | None = None) -> tuple[dict[str, Any], MergeReport]:
    """Merge another copy of a data file into ``mine``: the other is brought to this schema
    version first; a copy from a newer version is refused (``StorageError``)."""
    version = schema_version(theirs)
    if version < 0 or version > SCHEMA_VERSION:
        raise StorageError(f"{source} was written by a newer USCE Navigator (or its schema version is "
                           "unreadable); update the app before merging it. Nothing was changed.")
    if version < SCHEMA_VERSION:
        migrate(theirs, _now())
    return merge_documents(mine, theirs, source, _now(), base)


class Store:
    """Typed access to the tables of one data file."""

    def __init__(self, path: Path, storage: AtomicJSONStorage, lock: WriterLock | None) -> None:
        self.path = path
        self.storage = storage
        self._lock = lock
        self._db = TinyDB(storage=lambda: storage)
        self._decoded: dict[str, tuple[int, list[Any], list[Damaged]]] = {}  # table: (generation, …)

    # -- opening and closing -------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path, *, read_only: bool = False, today: Callable[[], date] = date.today,
        keyring: Keyring | None = None,
    ) -> Store:
        """Open (creating when missing, unless read-only) the data file at ``path``.

        A symbolic link is followed first: the lock, the writes and the backups are those of the
        real file. Raises ``StorageError`` with a sentence for the user when the file is in use,
        does not parse, or was written by a newer version; the file is then left byte-for-byte
        as it was. An encrypted file needs ``keyring`` (its passphrase); a plain one is read
        without, and written encrypted when one is given.
        """
        path = Path(os.path.realpath(Path(path).expanduser()))
        lock: WriterLock | None = None
        created = False
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
                    raise StorageError(f"there is no data file at {path}: check the path (--db, or USCE_DB); "
                                       "if it is right, `usce` alone makes the file there.")
                fresh: dict[str, Any] = {}
                migrate(fresh, _now())
                created = True
                create_private_file(path, orjson.dumps(fresh))
            if lock is not None:
                remove_stray_temp_files(path)
            storage = AtomicJSONStorage(path, read_only=read_only, today=today,
                                        merge=partial(merge_copy, source="the synced file"),
                                        keyring=keyring)
            doc = storage.read() or {}
            if keyring is not None and lock is not None:
                # Seal what an interrupted `usce encrypt` left plain; a backup that cannot be
                # rewritten now (a read-only folder) does not stop the file from opening.
                with contextlib.suppress(StorageError):
                    reseal_backups(path, None, keyring, plain_only=True)
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
                    try:
                        make_backup(path, today(), label=f"before-schema-{SCHEMA_VERSION}")
                    except OSError as exc:
                        raise StorageError(f"cannot back up {path} before updating its format "
                                           f"({exc.strerror or exc}); it was left untouched.") from None
                    storage.backed_up_on = today()  # that copy is today's backup too
                migrate(doc, _now())
                if not read_only:
                    storage.write(doc)
            return cls(path, storage, lock)
        except BaseException:
            if lock is not None:
                lock.release(remove=created)
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

    # -- following the file on disk ------------------------------------------------------
    def follow(self) -> bool:
        """Take in what a sync tool or another device wrote to the file (see ``incoming``)."""
        return self.storage.follow()

    def incoming(self) -> list[MergeReport]:
        """What merges brought in since last asked (each a report), oldest first."""
        reports, self.storage.incoming = self.storage.incoming, []
        return reports

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make every change inside the block one atomic write; on error none of it is saved."""
        with self.storage.deferred():
            yield
            doc = self._doc()
            meta = doc.setdefault(META, {}).setdefault(SINGLE, {})
            meta["updated"] = _now()
            self.storage.write(doc)

    def _doc(self) -> dict[str, Any]:
        return self.storage.read() or {}

    def _raw(self, table: str) -> dict[str, Any]:
        found = self._doc().get(table)
        return found if isinstance(found, dict) else {}

    # -- records -------------------------------------------------------------------------
    def _decode_table(self, kind: type[R]) -> tuple[list[R], list[Damaged]]:
        generation = self.generation
        cached = self._decoded.get(kind.TABLE)
        if cached is None or cached[0] != generation:
            good: list[Any] = []
            bad: list[Damaged] = []
            for key, raw in self._raw(kind.TABLE).items():
                try:
                    good.append(_decode(kind, key, raw))
                except (ValueError, TypeError) as exc:
                    bad.append(Damaged(kind.TABLE, str(key), str(exc), raw))
            cached = (generation, good, bad)
            self._decoded[kind.TABLE] = cached
        return cached[1], cached[2]

    def all(self, kind: type[R]) -> list[R]:
        """Every readable record of one kind, in the order they were added (damaged ones are
        left out: see ``damaged``).

        The records are decoded once per change of the file and shared by every caller (the
        dashboard and the journal decode 5,000 entries once, not each): copy a record before
        changing it (the screens do, so that a failed save leaves the list as stored).
        """
        return list(self._decode_table(kind)[0])

    def damaged_of(self, *kinds: type[Record]) -> list[Damaged]:
        """The damaged records of these kinds only (read when their readable ones are: a screen
        that shows these tables says what its sums leave out, at no cost)."""
        return [d for kind in kinds for d in self._decode_table(kind)[1]]

    def damaged(self) -> list[Damaged]:
        """Every stored record that cannot be read, with what is wrong with it."""
        out: list[Damaged] = []
        for kind in RECORD_TYPES:
            if kind is Profile:
                raw = self._raw(Profile.TABLE).get(SINGLE)
                if raw is not None:
                    try:
                        _decode(Profile, SINGLE, raw)
                    except (ValueError, TypeError) as exc:
                        out.append(Damaged(Profile.TABLE, SINGLE, str(exc), raw))
                continue
            out += self._decode_table(kind)[1]
        return out

    def column(self, kind: type[R], name: str) -> list[Any]:
        """One stored field of every record, as stored (nothing decoded): cheap on big tables."""
        return [doc.get(name) for doc in self._raw(kind.TABLE).values() if isinstance(doc, dict)]

    def where(self, kind: type[R], **equals: Any) -> list[R]:
        """The readable records whose stored fields equal the given values; only those are
        decoded."""
        items = equals.items()
        out: list[R] = []
        for key, doc in self._raw(kind.TABLE).items():
            if isinstance(doc, dict) and all(doc.get(k) == v for k, v in items):
                with contextlib.suppress(ValueError, TypeError):
                    out.append(_decode(kind, key, doc))
        return out

    def get(self, kind: type[R], record_id: str) -> R | None:
        """One readable record by key, or None."""
        raw = self._raw(kind.TABLE).get(record_id)
        if raw is None:
            return None
        try:
            return _decode(kind, record_id, raw)
        except (ValueError, TypeError):
            return None

    def save(self, record: R, *, check_edits: bool = True) -> R:
        """Insert (no id: a new UUID) or replace (with id) ``record``; return it with its id and
        timestamps. The record's history of versions (for merging copies) grows by one.

        When the stored record was saved after this one was read (another device's edit came
        in through the sync tool meanwhile), this one is saved and the other kept as a conflict
        for the user to choose (``check_edits=False`` for undo, which puts back older versions
        on purpose).
        """
        if isinstance(record, Profile):
            self._refuse_over_damaged_profile()
        read_at = record.updated
        now = _now()
        record.updated = now
        if not record.created:
            record.created = now
        data = record.to_dict()
        data.pop(REVS, None)
        try:
            self._put(record, data, read_at, now, check_edits)
        except BaseException:
            record.updated = read_at  # a second try still knows when the record was read
            raise
        return record

    def _put(self, record: Record, data: dict[str, Any], read_at: str, now: str,
             check_edits: bool) -> None:
        with self.batch():
            doc = self._doc()
            table = doc.get(record.TABLE)
            if not isinstance(table, dict):
                table = doc[record.TABLE] = {}
            if record.id is None:
                record.id = new_id()
            before = table.get(record.id)
            if check_edits and read_at and isinstance(before, dict) \
                    and isinstance(stored_at := before.get("updated"), str) and stored_at > read_at:
                # saved elsewhere after this record was read: both stay, the other as a conflict
                # (so its version is not in this one's history: the two were edited apart)
                self._keep_conflict(doc, record.TABLE, record.id, before, now)
                past = history(before)[:-1]
                table[record.id] = {**data, REVS: [*past, content_hash(data)][-REVS_KEPT:]}
            else:
                table[record.id] = with_new_version(data, before)
            meta = self._raw(META).get(SINGLE)
            deleted = meta.get("deleted") if isinstance(meta, dict) else None
            if isinstance(deleted, dict):
                deleted.pop(record.id, None)  # put back (undo): no longer deleted
            self.storage.write(doc)

    def _keep_conflict(self, doc: dict[str, Any], table: str, key: str, theirs: Any, now: str) -> None:
        conflicts = doc.get(CONFLICTS)
        if not isinstance(conflicts, dict):
            conflicts = doc[CONFLICTS] = {}
        conflicts[conflict_key(table, key, theirs)] = {
            "table": table, "key": key, "theirs": theirs, "found": now,
            "source": "a save here over a version saved meanwhile on another computer"}
        report = MergeReport()
        report.conflicts = 1
        self.storage.incoming.append(report)

    def add_all(self, records: list[R]) -> list[R]:
        """Insert many records in one atomic write (an import): all of them or none, in time
        that grows with the number of records (one write at the end)."""
        now = _now()
        with self.batch():
            doc = self._doc()
            for record in records:
                table = doc.get(record.TABLE)
                if not isinstance(table, dict):
                    table = doc[record.TABLE] = {}
                if record.id is not None and record.id in table:
                    self.save(record)
                    continue
                record.created = record.created or now
                record.updated = now
                record.id = record.id or new_id()  # an import gives its records ids (to link them)
                table[record.id] = record.to_dict()
            self.storage.write(doc)
        return records

    def _forget(self, table: str, key: str) -> Any:
        """Remove one stored record and note its deletion (so a merge does not bring it back)."""
        doc = self._doc()
        records = doc.get(table)
        if not isinstance(records, dict) or key not in records:
            return None
        raw = records.pop(key)
        conflicts = doc.get(CONFLICTS)
        if isinstance(conflicts, dict):  # its other versions go too (they may hold journal text)
            doc[CONFLICTS] = {k: c for k, c in conflicts.items()
                              if not (isinstance(c, dict) and c.get("key") == key)}
        meta = doc.setdefault(META, {}).setdefault(SINGLE, {})
        deleted = meta.get("deleted")
        if not isinstance(deleted, dict):
            deleted = meta["deleted"] = {}
        deleted[key] = _now()
        self.storage.write(doc)
        return raw

    def delete(self, kind: type[R], record_id: str) -> R | None:
        """Remove one record; return what was removed (for undo), or None if it was not there."""
        record = self.get(kind, record_id)
        if record is not None:
            with self.batch():
                self._forget(kind.TABLE, record_id)
        return record

    def delete_damaged(self, damaged: Damaged) -> Path:
        """Remove a damaged record, after a copy of the whole file is made in the backups folder
        (so its bytes can still be found); return that copy."""
        kept = self.backup_now("before-delete", "nothing was deleted")
        with self.batch():
            self._forget(damaged.table, damaged.key)
        return kept

    def replace_damaged(self, damaged: Damaged, text: str) -> None:
        """Store a mended damaged record typed as JSON; ``StorageError`` (nothing saved) when it
        is not JSON or still not a readable record."""
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise StorageError(f"that is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                               "nothing was saved.") from None
        kind = _KINDS[damaged.table]
        try:
            _decode(kind, damaged.key, raw)
        except (ValueError, TypeError) as exc:
            raise StorageError(f"the record still cannot be read: {as_reason(str(exc))}; nothing was "
                               "saved.") from None
        with self.batch():
            doc = self._doc()
            table = doc.setdefault(damaged.table, {})
            table[damaged.key] = with_new_version(raw, table.get(damaged.key))
            self.storage.write(doc)

    def profile(self) -> Profile:
        """The single profile record (a blank one before the user fills it in, or when it is
        damaged: ``damaged`` names it, and it cannot be saved over until mended or deleted)."""
        return self.get(Profile, SINGLE) or Profile(id=SINGLE)

    def save_profile(self, profile: Profile) -> Profile:
        """Save the profile as the single record of its table (refused while the stored one is
        damaged: see ``save``)."""
        profile.id = SINGLE
        return self.save(profile)

    def _refuse_over_damaged_profile(self) -> None:
        """``StorageError`` when the stored profile cannot be read: the screens show a blank
        profile then, and saving it (on Profile, or Budget's rates) replaced the user's
        graduation date, exams, budget and rates with blanks, without a word."""
        damaged = self.damaged_of(Profile)  # decoded once per change of the file, as every table
        if damaged:
            raise StorageError(f"your profile in the file cannot be read ({damaged[0].reason}), and "
                               "saving now would replace it with the blank one shown. Mend it first, "
                               "or delete it to start afresh (in the app: ctrl+p, Damaged records). "
                               "Nothing was saved.")

    # -- encryption ------------------------------------------------------------------------
    @property
    def keyring(self) -> Keyring | None:
        """The passphrase the file is encrypted with (None: it is plain JSON)."""
        return self.storage.keyring

    def change_encryption(self, keyring: Keyring | None) -> list[Path]:
        """Write the file again sealed with ``keyring`` (None: plain JSON), one atomic rename,
        then each backup likewise. Returns the backups left as they were (sealed with another
        passphrase, which only that passphrase opens)."""
        old = self.storage.keyring
        self.storage.read()
        self.storage.keyring = keyring
        try:
            self.storage.flush()
        except StorageError:
            self.storage.keyring = old
            raise
        return reseal_backups(self.path, old, keyring)

    # -- copies of the file from elsewhere -----------------------------------------------
    def merge_file(self, other: Path, keyring: Keyring | None = None) -> MergeReport:
        """Merge another copy of the data file (a sync tool's conflict copy) into this one, in
        one atomic write; merging the same copy again changes nothing. ``keyring`` opens the
        other copy when it is encrypted with another passphrase than this file's."""
        problem = self.not_a_copy(other, keyring)
        if problem:
            raise StorageError(problem)
        theirs = parse_document(other.read_bytes(), other, keyring or self.storage.keyring)
        mine = self._doc()
        merged, report = merge_copy(mine, theirs, other.name)
        if {k: v for k, v in merged.items() if k != META} != {k: v for k, v in mine.items() if k != META} \
                or merged[META] != {SINGLE: self.meta()}:
            with self.batch():
                self.storage.write(merged)
        return report

    def replace_records(self, other: dict[str, Any], *, resave: bool = False) -> None:
        """Make every table hold ``other``'s records (a restored backup), as edits made now: a
        record ``other`` lacks is deleted, one it holds differently is saved again with both
        versions in its history (``resave``: every record is, when what the file held before is
        not known). One atomic save."""
        now = _now()
        with self.batch():
            doc = self._doc()
            meta = doc.setdefault(META, {}).setdefault(SINGLE, {})
            found = meta.get("deleted")
            deleted: dict[str, str] = found if isinstance(found, dict) else {}
            for name in TABLES:
                mine, theirs = doc.get(name), other.get(name)
                current: dict[str, Any] = mine if isinstance(mine, dict) else {}
                wanted: dict[str, Any] = theirs if isinstance(theirs, dict) else {}
                table: dict[str, Any] = {}
                for key, raw in wanted.items():
                    before = current.get(key)
                    if before is not None and content_hash(before) == content_hash(raw) and not resave:
                        table[key] = before
                    elif isinstance(raw, dict):
                        past = set(history(before)) if before is not None else set()
                        again = {k: v for k, v in raw.items() if k != REVS} | {"updated": now}
                        table[key] = {**again, REVS: _joined_history(
                            past | set(history(raw)),
                            [content_hash(before)] if before is not None else [], content_hash(again))}
                    else:
                        table[key] = raw  # a damaged record comes back as it was
                    deleted.pop(key, None)
                for key in current.keys() - wanted.keys():
                    deleted[key] = now
                doc[name] = table
            if deleted:
                meta["deleted"] = deleted
            doc[CONFLICTS] = live_conflicts(doc)
            self.storage.write(doc)

    def not_a_copy(self, other: Path, keyring: Keyring | None = None) -> str:
        """Why ``other`` cannot be merged into this file (one sentence), or "" when it can."""
        real = os.path.realpath(other)
        if real == str(self.path):
            return f"{other} is the data file itself; name the other copy to merge."
        if real == str(self.path) + ".lock":
            return f"{other} is the data file's lock, not a copy of it."
        try:
            raw = Path(real).read_bytes()
        except FileNotFoundError:
            return f"there is no file at {other}."
        except OSError as exc:
            return f"cannot read {other}: {exc.strerror or exc}."
        try:
            doc = parse_document(raw, other, keyring or self.storage.keyring)
        except (WrongPassphraseError, EncryptedFileError):
            return (f"{other} is encrypted with a passphrase this file does not use; merge it from a "
                    "terminal with `usce merge`, which asks for its passphrase. Nothing was merged.")
        except StorageError:
            doc = None
        if doc is None or schema_version(doc) < 0:
            return (f"{other} is not a USCE Navigator data file that can be read (it is empty, not "
                    "JSON, or not tables of records); nothing was merged.")
        return ""

    def conflicts(self) -> list[Conflict]:
        """Records edited on two computers, waiting for the user to choose, oldest first."""
        doc = self._doc()
        out = [Conflict(ckey, entry["table"], entry["key"], doc[entry["table"]][entry["key"]],
                        entry.get("theirs"), str(entry.get("source", "")), str(entry.get("found", "")))
               for ckey, entry in live_conflicts(doc).items() if entry.get("table") in TABLES]
        return sorted(out, key=lambda c: c.found)

    def resolve(self, conflict: Conflict, keep: str) -> None:
        """Settle a conflict: ``keep`` is "current" (the version in use stays) or "other" (the
        other version replaces it, saved now). Either way both versions enter the record's
        history, so the other computer, and a later merge of the same copy, see the choice made."""
        if conflict.table not in TABLES:
            raise StorageError("that conflict names no table of records; nothing was changed.")
        with self.batch():
            doc = self._doc()
            table = doc.setdefault(conflict.table, {})
            current = table.get(conflict.record_key)
            if current is None:
                raise StorageError("that record was deleted meanwhile; nothing was changed.")
            past = set(history(current)) | set(history(conflict.other))
            if keep == "other" and not isinstance(conflict.other, dict):
                raise StorageError("the other version is not a record (it is damaged); keep the "
                                   "version in use, or mend the record after choosing it.")
            if keep == "other" and isinstance(conflict.other, dict):
                chosen = unlinked(doc, conflict.table, {**conflict.other, "updated": _now()})
            else:
                chosen = current
            if isinstance(chosen, dict):
                table[conflict.record_key] = {**chosen, REVS: _joined_history(
                    past, [content_hash(current), content_hash(conflict.other)], content_hash(chosen))}
            deleted = doc.get(META, {}).get(SINGLE, {}).get("deleted")
            if isinstance(deleted, dict):
                deleted.pop(conflict.record_key, None)
            doc[CONFLICTS] = live_conflicts(doc)
            self.storage.write(doc)

    # -- whole-file views ----------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        """Schema version and created/updated times."""
        meta = self._raw(META).get(SINGLE)
        return dict(meta) if isinstance(meta, dict) else {}

    def counts(self) -> dict[str, int]:
        """How many records each table holds."""
        return {kind.TABLE: len(self._raw(kind.TABLE)) for kind in RECORD_TYPES}

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
                       self.all(Letter), self.all(JournalEntry), self.document(), self.all(Document),
                       self.all(Correspondence), self.all(Experience), self.all(Question))

    def journal_days(self) -> list[date]:
        """The day of every journal entry that has one (only that field is decoded)."""
        days: list[date] = []
        stored = Counter(v for v in self.column(JournalEntry, "date") if type(v) is str and v)
        for value, entries in stored.items():  # each day read once (four entries a day, say)
            try:
                day = date.fromisoformat(value)
            except ValueError:
                continue
            days += [day] * entries
        return days

    def backup_now(self, label: str = "manual", otherwise: str = "no backup was made") -> Path:
        """Copy the file into ``backups/`` now as ``<name>-<day>-<label>-<time>.json`` (beside the
        daily copies, never rotated away); return the copy. ``otherwise`` ends the sentence of
        ``StorageError`` when it cannot be written (what was therefore not done)."""
        stamp = datetime.now().strftime("%H%M%S%f")
        try:
            made = make_backup(self.path, self.storage.today(), label=f"{label}-{stamp}")
        except OSError as exc:
            raise StorageError(f"cannot write a backup of {self.path} ({exc.strerror or exc}); "
                               f"{otherwise}.") from None
        return made or self.path
