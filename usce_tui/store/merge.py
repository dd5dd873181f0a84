"""Merging two copies of one data file, record by record (a sync tool's copy, or the file as it
is on disk now against the one in memory).

Every record carries, under ``_rev``, the content hashes of its last versions (newest last;
a record never edited since it was added has none, and its hash is worked out from its
content). So for a record both copies hold:

- the same content (or only the time of the save differs): the histories are joined;
- one side's current version is in the other's history: the other side is newer, and wins;
- neither: the record was edited on both sides. The version saved later stays in use (the same
  choice on both computers), the other is kept in the ``conflicts`` table (nothing is
  discarded), and the user chooses.

The merge is symmetric: A into B gives the document B into A gives, so two computers following
one synced file settle on the same bytes and stop writing.

A record one copy lacks is added, unless the other copy deleted it (``meta.deleted`` holds the
keys deleted and when); a deletion gives way to an edit made after it. Merging the same copy
twice changes nothing the second time. Nothing here imports textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from usce_tui.core.codec import STORE_BOOKKEEPING
from usce_tui.core.parse import counted
from usce_tui.store.migrations import CONFLICTS, META, SINGLE

REVS = STORE_BOOKKEEPING
REVS_KEPT = 10  # versions of history per record: deeper divergence shows as a conflict (safe)

LABELS = {"profile": ("profile", "profile"), "programs": ("program", "programs"),
          "trips": ("trip", "trips"), "expenses": ("cost", "costs"),
          "letters": ("letter", "letters"), "journal": ("journal entry", "journal entries"),
          "documents": ("document", "documents"), "correspondence": ("message", "messages"),
          "experiences": ("ERAS experience", "ERAS experiences"),
          "questions": ("interview question", "interview questions")}


def content_hash(raw: Any) -> str:
    """A short hash of a record's content (its history left out)."""
    body = {k: v for k, v in raw.items() if k != REVS} if isinstance(raw, dict) else raw
    try:
        data = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # not JSON: a damaged record; hash its text
        data = repr(body).encode("utf-8", "backslashreplace")
    from hashlib import blake2b  # here: OpenSSL's hashes take 3 ms to load, a cost the start need not pay

    return blake2b(data, digest_size=6).hexdigest()


def history(raw: Any) -> list[str]:
    """The record's versions, oldest first, ending with its current one."""
    revs = raw.get(REVS) if isinstance(raw, dict) else None
    past = [r for r in revs if isinstance(r, str)] if isinstance(revs, list) else []
    current = content_hash(raw)
    return past if past and past[-1] == current else [*past, current]


def with_new_version(data: dict[str, Any], before: Any) -> dict[str, Any]:
    """``data`` (a record about to be saved) with its history: ``before``'s, then this one. A
    new record has none (its one version is its content), so an import stores nothing extra."""
    if before is None:
        return data
    past = history(before)
    current = content_hash(data)
    if not past or past[-1] != current:
        past = [*past, current]
    return {**data, REVS: past[-REVS_KEPT:]}


def _label(table: str, count: int) -> str:
    return counted(count, *LABELS.get(table, (table, table)))


@dataclass
class MergeReport:
    """What a merge brought in, per table, and how many records were edited on both sides."""

    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0  # new conflicts recorded by this merge
    known_conflicts: int = 0  # conflicts with exactly this version already recorded

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.conflicts)

    def sentence(self) -> str:
        """One sentence: what came in (empty when nothing did)."""
        parts = []
        for verb, counts in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            if counts:
                parts.append(", ".join(_label(t, n) for t, n in sorted(counts.items())) + f" {verb}")
        if self.conflicts:
            parts.append(f"{counted(self.conflicts, 'record')} edited on both sides: choose which to keep "
                         "(Conflicts, in the command palette)")
        return "; ".join(parts)

    def lines(self, source: str, in_app: bool = False) -> list[str]:
        """The report of `usce merge` (or of a merge in the app: ``in_app``), one line per kind
        of change."""
        out = [f"{source}: added {sum(self.added.values())}, updated {sum(self.updated.values())}, "
               f"removed {sum(self.removed.values())}, in conflict {self.conflicts}"
               + (f" (and {self.known_conflicts} already waiting for your choice)"
                  if self.known_conflicts else "")]
        for verb, counts in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            out += [f"  {verb}: {_label(t, n)}" for t, n in sorted(counts.items())]
        if self.conflicts or self.known_conflicts:
            out.append("  for a record edited on both sides the version saved later is in use; the "
                       "other is kept in the file: " + ("choose" if in_app else "open the app and choose")
                       + " (ctrl+p, Conflicts)")
        return out


def _tables(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: t for name, t in doc.items() if name not in (META, CONFLICTS) and isinstance(t, dict)}


def _meta(doc: dict[str, Any]) -> dict[str, Any]:
    table = doc.get(META)
    meta = table.get(SINGLE) if isinstance(table, dict) else None
    return meta if isinstance(meta, dict) else {}


def deleted_keys(doc: dict[str, Any]) -> dict[str, str]:
    """Keys of records deleted from this copy, with when (ISO time)."""
    found = _meta(doc).get("deleted")
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def _updated(raw: Any) -> str:
    value = raw.get("updated") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else ""


def conflict_key(table: str, key: str, other: Any) -> str:
    """The key a conflict is kept under: one per record and version not in use."""
    return f"{table}/{key}/{content_hash(other)}"


def _combined(a: Any, b: Any) -> Any:
    """One record with the same content on both sides: the histories joined (the same result on
    either side, so two computers end up with identical files)."""
    current = content_hash(a)
    past = sorted((set(history(a)) | set(history(b))) - {current})
    if not isinstance(a, dict) or not past:
        return a
    return {**a, REVS: [*past[-(REVS_KEPT - 1):], current]}


def _same_but_when(a: Any, b: Any) -> bool:
    """True when two versions differ only in when they were saved."""
    skip = ("updated", REVS)
    return isinstance(a, dict) and isinstance(b, dict) and \
        {k: v for k, v in a.items() if k not in skip} == {k: v for k, v in b.items() if k not in skip}


def _newer(a: Any, b: Any) -> bool:
    """Which of two versions edited apart stays in use until the user chooses: the one saved
    later (ties broken by content), the same choice on both computers."""
    return (_updated(a), content_hash(a)) > (_updated(b), content_hash(b))


def live_conflicts(doc: dict[str, Any]) -> dict[str, Any]:
    """The conflicts still open: the record exists, and the other version is neither in use nor
    already taken into its history (a choice made, here or on the other computer)."""
    out: dict[str, Any] = {}
    found = doc.get(CONFLICTS)
    if not isinstance(found, dict):
        return out
    for ckey, entry in found.items():
        if not isinstance(entry, dict):
            continue
        table, key = entry.get("table"), entry.get("key")
        records = doc.get(table) if isinstance(table, str) and table not in (META, CONFLICTS) else None
        if not isinstance(records, dict) or not isinstance(key, str) or key not in records:
            continue
        if content_hash(entry.get("theirs")) in history(records[key]):
            continue
        out[ckey] = entry
    return out


def _meta_merged(mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """The bookkeeping record of both: the later one's, with the latest save, the earliest
    creation and every deletion (the latest time for each)."""
    a, b = _meta(mine), _meta(theirs)
    first, second = (a, b) if (_updated(a), orjson.dumps(a, option=orjson.OPT_SORT_KEYS)) >= \
        (_updated(b), orjson.dumps(b, option=orjson.OPT_SORT_KEYS)) else (b, a)
    meta = {**second, **first}
    created = [c for c in (a.get("created"), b.get("created")) if isinstance(c, str)]
    if created:
        meta["created"] = min(created)
    deleted = deleted_keys(mine)
    for key, when in deleted_keys(theirs).items():
        deleted[key] = max(when, deleted.get(key, ""))
    if deleted:
        meta["deleted"] = dict(sorted(deleted.items()))
    return meta


# The fields that point at another record: table -> field -> the table pointed at.
LINKS: dict[str, dict[str, str]] = {
    "trips": {"program_ids": "programs"}, "expenses": {"trip_id": "trips", "program_id": "programs"},
    "letters": {"program_id": "programs"}, "journal": {"program_id": "programs"},
    "correspondence": {"program_id": "programs"}, "experiences": {"program_id": "programs"},
    "questions": {"stories": "journal"},
}


def unlinked(doc: dict[str, Any], table: str, raw: Any, deleted: dict[str, str] | None = None) -> Any:
    """``raw``, a record of ``table``, without its links to records deleted from ``doc``, as a
    delete in the app unlinks what points at the record (a new version, so the next merge keeps
    it); ``raw`` itself when it has none. An entry edited on one computer while the other deleted
    its rotation had kept the link to nothing, and `usce check` failed from then on."""
    links = LINKS.get(table)
    if not links or not isinstance(raw, dict):
        return raw
    deleted = deleted_keys(doc) if deleted is None else deleted  # (worked out once for a whole file)

    def gone(ref: Any, target: str) -> bool:
        held = doc.get(target)
        return isinstance(ref, str) and ref in deleted and not (isinstance(held, dict) and ref in held)

    changes: dict[str, Any] = {}
    for name, target in links.items():
        value = raw.get(name)
        if isinstance(value, list) and any(gone(v, target) for v in value):
            changes[name] = [v for v in value if not gone(v, target)]
        elif gone(value, target):
            changes[name] = None
    return with_new_version({**raw, **changes}, raw) if changes else raw


def merge_documents(mine: dict[str, Any], theirs: dict[str, Any], source: str, now: str,
                    base: Callable[[], dict[str, Any]] | None = None) -> tuple[dict[str, Any], MergeReport]:
    """Merge ``theirs`` into ``mine`` (neither is changed); return the merged document and what
    came in. Both must already be at the current schema version. Merging A into B gives the
    same document as B into A, so two computers following one synced file settle on one file.

    ``base`` gives the document both sides last shared (the file as this app last read or wrote
    it), asked for only when two versions have no history in common (a record never saved by the
    app, edited by hand or by another tool): a side still equal to it did not change."""
    report = MergeReport()
    shared: list[dict[str, Any]] = []

    def before(name: str, key: str) -> Any:
        if base is None:
            return None
        if not shared:
            shared.append(base())
        table = shared[0].get(name)
        return table.get(key) if isinstance(table, dict) else None

    merged: dict[str, Any] = {name: (dict(t) if isinstance(t, dict) else t) for name, t in mine.items()}
    my_deleted, their_deleted = deleted_keys(mine), deleted_keys(theirs)
    open_before = live_conflicts(mine)
    conflicts: dict[str, Any] = dict(open_before)
    for ckey, entry in live_conflicts(theirs).items():  # the same conflict: the earlier note of it
        known = conflicts.get(ckey)
        if known is None or (str(entry.get("found")), str(entry.get("source"))) < \
                (str(known.get("found")), str(known.get("source"))):
            conflicts[ckey] = entry
    their_tables = _tables(theirs)
    for name in set(_tables(mine)) | set(their_tables):
        ours: dict[str, Any] = merged.setdefault(name, {})
        other = their_tables.get(name, {})
        for key, raw in other.items():
            if key not in ours:
                if key in my_deleted and _updated(raw) <= my_deleted[key]:
                    continue  # deleted here, not edited there since
                ours[key] = raw
                report.added[name] += 1
                continue
            mine_raw = ours[key]
            if mine_raw == raw:
                continue
            mine_revs, their_revs = history(mine_raw), history(raw)
            if mine_revs[-1] == their_revs[-1]:
                ours[key] = _combined(mine_raw, raw)  # same content, histories joined
            elif mine_revs[-1] in their_revs:
                ours[key] = raw
                report.updated[name] += 1
            elif their_revs[-1] in mine_revs:
                continue
            elif _same_but_when(mine_raw, raw):  # saved on both sides with nothing changed
                newer = mine_raw if _newer(mine_raw, raw) else raw
                current = content_hash(newer)
                past = sorted((set(mine_revs) | set(their_revs)) - {current})
                ours[key] = {**newer, REVS: [*past[-(REVS_KEPT - 1):], current]}
                if newer is raw:
                    report.updated[name] += 1
            elif isinstance(mine_raw, dict) and REVS not in mine_raw and \
                    (shared_version := before(name, key)) is not None and \
                    content_hash(shared_version) == mine_revs[-1]:
                # this side never changed it since the file was last read here (it has no history
                # of edits), so the other side's change, by hand or by a tool that keeps no
                # history, wins; both versions enter its history so no later merge undoes it
                changed = raw
                past = sorted((set(mine_revs) | set(their_revs)) - {content_hash(changed)})
                ours[key] = {**changed, REVS: [*past[-(REVS_KEPT - 1):], content_hash(changed)]} \
                    if isinstance(changed, dict) else changed
                if changed is raw:
                    report.updated[name] += 1
            else:  # edited on both sides: the later stays in use, the other is kept for the user
                kept, other_version = (mine_raw, raw) if _newer(mine_raw, raw) else (raw, mine_raw)
                ours[key] = kept
                ckey = conflict_key(name, key, other_version)
                if ckey in open_before:
                    report.known_conflicts += 1
                else:  # new here (perhaps noted first on the other computer): say so
                    conflicts.setdefault(ckey, {"table": name, "key": key, "theirs": other_version,
                                                "source": source, "found": now})
                    report.conflicts += 1
        for key in [k for k in ours if k not in other and k in their_deleted]:
            if _updated(ours[key]) <= their_deleted[key]:
                del ours[key]
                report.removed[name] += 1
    merged[META] = {SINGLE: _meta_merged(mine, theirs)}
    deleted = deleted_keys(merged)
    for name in LINKS if deleted else ():
        table = merged.get(name)
        if isinstance(table, dict):
            for key, raw in table.items():
                table[key] = unlinked(merged, name, raw, deleted)
    merged[CONFLICTS] = conflicts
    merged[CONFLICTS] = live_conflicts(merged)
    return merged, report


__all__ = ["LINKS", "MergeReport", "REVS", "content_hash", "conflict_key", "deleted_keys", "history",
           "live_conflicts", "merge_documents", "unlinked", "with_new_version"]
