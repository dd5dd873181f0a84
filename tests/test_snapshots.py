"""Snapshots of the main screens on the sample data, with the date frozen.

After an intended visual change: `.venv/bin/pytest tests/test_snapshots.py --snapshot-update`,
then look at the SVGs in the report before committing them.
"""

from __future__ import annotations

from tests.conftest import TODAY
from usce_tui.app import UsceApp
from usce_tui.store.store import Store

SIZE = (120, 40)


def _app(store: Store) -> UsceApp:
    # demo=True gives a fixed subtitle instead of the (temporary) file path
    return UsceApp(store, today=lambda: TODAY, demo=True)


def test_dashboard_on_empty_file(snap_compare, store: Store) -> None:
    assert snap_compare(_app(store), terminal_size=SIZE)


def test_dashboard_on_sample(snap_compare, sample_store: Store) -> None:
    assert snap_compare(_app(sample_store), terminal_size=SIZE)


def test_profile_on_sample(snap_compare, sample_store: Store) -> None:
    assert snap_compare(_app(sample_store), press=["6"], terminal_size=SIZE)


def test_programs_on_sample(snap_compare, sample_store: Store) -> None:
    assert snap_compare(_app(sample_store), press=["2"], terminal_size=SIZE)
