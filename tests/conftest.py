"""Shared fixtures: every test runs on its own files, never on the user's real data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from usce_tui.app import UsceApp
from usce_tui.store.demo import write_demo_file
from usce_tui.store.store import Store

TODAY = date(2026, 11, 24)
DATA_DIR = Path(__file__).parent / "data"  # fictional files shaped like real ones


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point USCE_DB (and the platform data folders) at tmp_path for every test; areas are
    not built ahead in the background (tests/screens/test_warm_up.py tests that)."""
    monkeypatch.setattr(UsceApp, "WARM_UP_AFTER", None)
    db = tmp_path / "usce.json"
    monkeypatch.setenv("USCE_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return db


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "usce.json"


@pytest.fixture
def store(db_path: Path):
    s = Store.open(db_path, today=lambda: TODAY)
    yield s
    s.close()


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    path = tmp_path / "sample.json"
    write_demo_file(path, TODAY)
    return path


@pytest.fixture
def sample_store(sample_path: Path):
    s = Store.open(sample_path, today=lambda: TODAY)
    yield s
    s.close()


def key_of(store: Store, kind: type, **fields: object) -> str:
    """The key (UUID) of the one record of ``kind`` whose fields have the given values."""
    found = [r for r in store.all(kind) if all(getattr(r, k) == v for k, v in fields.items())]
    assert len(found) == 1, f"{len(found)} {kind.__name__} records match {fields}"
    return str(found[0].id)
