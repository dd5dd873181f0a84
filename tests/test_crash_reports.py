"""A bug never shows a traceback, nor the data in it, on the terminal: the command line and the
app both say one sentence and write the details to a report only the user can read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import TODAY
from usce_tui import cli
from usce_tui.app import UsceApp
from usce_tui.store.crash import crash_folder
from usce_tui.store.store import Store

SECRET = "Fictional patient in bed 4 said"


def _report_in(data_folder: Path) -> Path:
    assert not list(data_folder.glob("usce-crash-*.txt"))  # never beside the (synced) data file
    [report] = crash_folder().glob("usce-crash-*.txt")
    if os.name == "posix":
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
    return report


def test_an_unexpected_error_in_a_command_is_one_sentence_and_a_private_report(
        db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    Store.open(db_path).close()

    def broken(path: Path, keyring: object = None) -> int:
        raise KeyError(SECRET)

    monkeypatch.setattr(cli, "cmd_check", broken)
    assert cli.main(["check", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and SECRET not in err
    assert err.startswith("usce: an unexpected error (KeyError) stopped the command; the details are in ")
    assert SECRET in _report_in(db_path.parent).read_text()


async def test_an_unexpected_error_in_the_app_is_one_sentence_and_a_private_report(db_path: Path) -> None:
    store = Store.open(db_path, today=lambda: TODAY)
    app = UsceApp(store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)):
        try:
            raise ValueError(SECRET)
        except ValueError:
            app._fatal_error()  # what Textual calls on an unhandled error
        shown = " ".join(str(r) for r in app._exit_renderables)
    store.close()
    assert "Traceback" not in shown and SECRET not in shown
    assert "an unexpected error (ValueError) stopped the app" in shown
    assert SECRET in _report_in(db_path.parent).read_text()
