"""The data file's schema version and the migrations that bring an older file forward."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from usce_tui.core.records import TABLES

SCHEMA_VERSION = 1
META = "meta"
SINGLE = 1  # doc id of the profile and of the meta record


def schema_version(doc: dict[str, Any]) -> int:
    """The schema version a data document says it has (0 when it says nothing, -1 if garbled)."""
    meta = doc.get(META, {}).get(str(SINGLE), {})
    version = meta.get("schema_version", 0) if isinstance(meta, dict) else -1
    return version if isinstance(version, int) and not isinstance(version, bool) else -1


def _migrate_0_to_1(doc: dict[str, Any]) -> None:
    """Version 0 is a file without a ``meta`` table (an early or hand-made file)."""
    for table in TABLES:
        doc.setdefault(table, {})


MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {0: _migrate_0_to_1}


def migrate(doc: dict[str, Any], now: str) -> int:
    """Bring ``doc`` up to ``SCHEMA_VERSION`` in place; return the version it started at."""
    start = schema_version(doc)
    for version in range(start, SCHEMA_VERSION):
        MIGRATIONS[version](doc)
    meta = doc.setdefault(META, {}).setdefault(str(SINGLE), {})
    meta.setdefault("created", now)
    meta["schema_version"] = SCHEMA_VERSION
    return start
