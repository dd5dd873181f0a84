"""The data file's schema version and the migrations that bring an older file forward."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from usce_tui.core.records import TABLES

SCHEMA_VERSION = 2
META = "meta"
CONFLICTS = "conflicts"  # records edited on two devices: the other side's version, kept until chosen
SINGLE = "1"  # key of the profile and of the meta record
PROFILE_TABLE = "profile"

# Version 1 linked records by TinyDB's integer ids; these fields held them.
LINKS: dict[str, dict[str, str]] = {
    "trips": {"program_ids": "programs"},
    "expenses": {"trip_id": "trips", "program_id": "programs"},
    "letters": {"program_id": "programs"},
    "journal": {"program_id": "programs"},
}
_ID_SPACE = uuid.UUID("0b6f3a52-2d0e-4c41-9a43-8f0d6f3c5e11")


def schema_version(doc: dict[str, Any]) -> int:
    """The schema version a data document says it has (0 when it says nothing, -1 if garbled)."""
    table = doc.get(META, {})
    meta = table.get(SINGLE, {}) if isinstance(table, dict) else None
    version = meta.get("schema_version", 0) if isinstance(meta, dict) else -1
    return version if isinstance(version, int) and not isinstance(version, bool) else -1


def _migrate_0_to_1(doc: dict[str, Any]) -> None:
    """Version 0 is a file without a ``meta`` table (an early or hand-made file)."""
    for table in TABLES:
        doc.setdefault(table, {})


def stable_id(table: str, old_key: str, raw: Any) -> str:
    """The UUID a version-1 record gets: the same on every device that migrates the same record
    (it is made from the table, the old key and the record's creation time), so two copies of
    one file migrated apart still merge record by record."""
    created = raw.get("created", "") if isinstance(raw, dict) else ""
    return str(uuid.uuid5(_ID_SPACE, f"{table}/{old_key}/{created}"))


def _migrate_1_to_2(doc: dict[str, Any]) -> None:
    """Version 2 keys every record by a UUID instead of TinyDB's counter (which collides when two
    devices add records apart) and links records by those UUIDs."""
    new_keys: dict[str, dict[str, str]] = {}
    for table in TABLES:
        records = doc.get(table)
        if table == PROFILE_TABLE or not isinstance(records, dict):
            continue
        keys = {old: stable_id(table, old, raw) for old, raw in records.items()}
        new_keys[table] = keys
        doc[table] = {keys[old]: raw for old, raw in records.items()}

    def relink(value: Any, target: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | str):
            return value  # a damaged link is left for `usce check` to name
        return new_keys.get(target, {}).get(str(value), str(value))

    for table, fields in LINKS.items():
        for raw in (doc.get(table) or {}).values():
            if not isinstance(raw, dict):
                continue
            for name, target in fields.items():
                value = raw.get(name)
                if isinstance(value, list):
                    raw[name] = [relink(v, target) for v in value]
                elif value is not None:
                    raw[name] = relink(value, target)
    doc.setdefault(CONFLICTS, {})


MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {0: _migrate_0_to_1, 1: _migrate_1_to_2}


def migrate(doc: dict[str, Any], now: str) -> int:
    """Bring ``doc`` up to ``SCHEMA_VERSION`` in place; return the version it started at."""
    start = schema_version(doc)
    for version in range(start, SCHEMA_VERSION):
        MIGRATIONS[version](doc)
    meta = doc.setdefault(META, {}).setdefault(SINGLE, {})
    meta.setdefault("created", now)
    meta["schema_version"] = SCHEMA_VERSION
    return start
