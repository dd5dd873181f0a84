"""A session in the app on an encrypted file leaves no plain text of it anywhere on disk: not in
the file, its backups, temporary files, nor a crash report (issue 16)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import TODAY
from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry, Program
from usce_tui.modals.journal_editor import JournalEditor
from usce_tui.store.crypto import Keyring, is_encrypted
from usce_tui.store.storage import list_backups
from usce_tui.store.store import Store

PASSPHRASE = "ferry at dawn, seven gulls"
SEEDED = "Fictional Seeded Observership"
TYPED = "Quietly watched the night team"
CRASH = "Fictional text inside an error message"


def _plain_copies(root: Path) -> list[str]:
    """Files under ``root`` holding any of the session's text in the clear."""
    found = []
    for file in root.rglob("*"):
        if file.is_file():
            raw = file.read_bytes()
            found += [f"{file.relative_to(root)}: {s}" for s in (SEEDED, TYPED, CRASH) if s.encode() in raw]
    return found


@pytest.fixture
def sealed_store(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An encrypted file written yesterday; temporary files go under tmp_path, to be searched."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with Store.open(db_path, today=lambda: TODAY - timedelta(days=1)) as store:
        store.save(Program(name=SEEDED, city="Springfield"))
        store.change_encryption(Keyring.new(PASSPHRASE, n=2**12))
    assert _plain_copies(tmp_path) == []
    store = Store.open(db_path, keyring=Keyring(PASSPHRASE), today=lambda: TODAY)
    yield store
    store.close()


async def test_a_session_on_an_encrypted_file_writes_no_plain_text(
        sealed_store: Store, tmp_path: Path) -> None:
    app = UsceApp(sealed_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "a")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, JournalEditor)
        await pilot.press(*TYPED)
        editor.query_one("#entry-title", Input).focus()
        await pilot.press(*"Night float")
        await pilot.press("ctrl+s")
        await pilot.pause()
        try:
            raise ValueError(CRASH)
        except ValueError:
            app._fatal_error()  # what Textual calls on an unhandled error
        shown = " ".join(str(r) for r in app._exit_renderables)
    [entry] = sealed_store.all(JournalEntry)
    assert entry.body == TYPED
    assert "holds none of your data" in shown and CRASH not in shown
    assert list_backups(sealed_store.path), "the day's backup was made"
    assert all(is_encrypted(b.read_bytes()) for b in list_backups(sealed_store.path))
    assert is_encrypted(sealed_store.path.read_bytes())
    assert _plain_copies(tmp_path) == []
