"""The sample data set: a fictional IMG's year, shifted so that its dates sit around today."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from usce_tui.store.storage import create_private_file

SAMPLE_NAME = "sample_data.json"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def sample_path() -> Path:
    """Where the sample file is: inside an installed wheel (package data built from the
    repository's file), or at the top of the repository in a checkout or editable install."""
    shipped = resources.files("usce_tui").joinpath(SAMPLE_NAME)
    if shipped.is_file():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / SAMPLE_NAME


def sample_bytes() -> bytes:
    """The shipped sample file, exactly as shipped (it is never modified)."""
    return sample_path().read_bytes()


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, str) and _ISO_DAY.match(value):
        return (date.fromisoformat(value) + delta).isoformat()
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    return value


def shifted_sample(today: date) -> dict[str, Any]:
    """The sample document with every calendar date moved by (today - the sample's anchor day).

    The anchor is ``meta.1.sample_anchor``: the day the sample was written "as of", so that
    deadlines stay partly past and partly upcoming whenever the demo is opened.
    """
    doc = orjson.loads(sample_bytes())
    anchor = date.fromisoformat(doc["meta"]["1"]["sample_anchor"])
    delta = today - anchor
    return {name: table if name == "meta" else _shift(table, delta) for name, table in doc.items()}


def write_demo_file(path: Path, today: date) -> None:
    """Write a fresh, date-shifted copy of the sample data to ``path``."""
    create_private_file(path, orjson.dumps(shifted_sample(today)))


DEMO_PREFIX = "usce-demo-"
DEMO_FILE = "usce-demo.json"


def remove_stale_demo_folders(root: Path) -> int:
    """Delete the demo folders a killed demo left in ``root`` (the temporary folder): this user's,
    named as the demo names them, whose data file no running demo holds. Returns how many."""
    import shutil

    from filelock import FileLock, Timeout

    removed = 0
    me = os.getuid() if hasattr(os, "getuid") else None
    for folder in root.glob(DEMO_PREFIX + "*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or (me is not None and folder.stat().st_uid != me):
                continue
        except OSError:
            continue
        lock = FileLock(str(folder / DEMO_FILE) + ".lock", timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # a demo is running there now
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        finally:
            lock.release()
    return removed
