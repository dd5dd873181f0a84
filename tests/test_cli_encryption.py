"""`usce encrypt`, `decrypt` and `passphrase`, and every command on an encrypted file: the
passphrase is typed (twice when new) or read from USCE_PASSPHRASE; a wrong one exits 1 with a
sentence and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.conftest import TODAY
from usce_tui import cli
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store.crypto import Keyring, is_encrypted
from usce_tui.store.storage import list_backups
from usce_tui.store.store import Store

PASSPHRASE = "kettle on the windowsill"
BODY = "Fictional reflection: a long night on the ward"


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the person types at each passphrase prompt, in order; the prompts are recorded."""
    answers: list[str] = []
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(cli, "_terminal", lambda: True)
    monkeypatch.setattr(cli, "_ask", ask)
    monkeypatch.delenv("USCE_PASSPHRASE", raising=False)
    yield answers
    assert answers == [], "not every typed answer was asked for"


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A script: no terminal, the passphrase in USCE_PASSPHRASE."""
    monkeypatch.setattr(cli, "_terminal", lambda: False)
    monkeypatch.setenv("USCE_PASSPHRASE", PASSPHRASE)
    return monkeypatch


def _seed(path: Path) -> None:
    with Store.open(path, today=lambda: TODAY) as store:
        store.save(JournalEntry(date=TODAY, title="Ward", body=BODY))


def test_encrypt_asks_twice_warns_and_seals(db_path: Path, typed: list[str], capsys) -> None:
    _seed(db_path)
    typed += ["short", PASSPHRASE, "kettle on the windowsil", PASSPHRASE, PASSPHRASE]
    assert cli.main(["encrypt", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert "cannot be recovered" in err and "at least 8 characters" in err and "did not match" in err
    assert "encrypted" in out and "Exports you write stay plain text" in out
    assert is_encrypted(db_path.read_bytes()) and BODY.encode() not in db_path.read_bytes()
    assert all(is_encrypted(b.read_bytes()) for b in list_backups(db_path))


def test_every_command_asks_for_the_passphrase(db_path: Path, typed: list[str], capsys) -> None:
    _seed(db_path)
    typed += [PASSPHRASE, PASSPHRASE, PASSPHRASE]
    assert cli.main(["encrypt", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert cli.main(["export", "journal", "--db", str(db_path)]) == 0
    assert BODY in capsys.readouterr().out  # exports stay plain: that is what they are for


def test_a_wrong_passphrase_three_times_exits_1_and_changes_nothing(
        db_path: Path, typed: list[str], capsys) -> None:
    _seed(db_path)
    with Store.open(db_path) as store:
        store.change_encryption(Keyring.new(PASSPHRASE, n=2**12))
    before = db_path.read_bytes()
    typed += ["wrong one", "wrong two", "wrong three"]
    assert cli.main(["check", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("try again") == 2
    assert err.strip().endswith("does not open " + str(db_path) + " (3 tries); nothing was changed.")
    assert "Traceback" not in err and db_path.read_bytes() == before


def test_the_passphrase_from_the_environment_opens_every_command(
        db_path: Path, scripted: pytest.MonkeyPatch, capsys) -> None:
    _seed(db_path)
    assert cli.main(["encrypt", "--db", str(db_path)]) == 0
    assert cli.main(["check", "--db", str(db_path)]) == 0
    assert "journal" in capsys.readouterr().out
    scripted.setenv("USCE_PASSPHRASE", "not the passphrase")
    before = db_path.read_bytes()
    assert cli.main(["export", "all", "--db", str(db_path)]) == 1
    assert "the passphrase in $USCE_PASSPHRASE does not open" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_without_a_terminal_or_the_variable_the_command_says_how(
        db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _seed(db_path)
    with Store.open(db_path) as store:
        store.change_encryption(Keyring.new(PASSPHRASE, n=2**12))
    monkeypatch.delenv("USCE_PASSPHRASE", raising=False)
    monkeypatch.setattr(cli, "_terminal", lambda: False)
    assert cli.main(["check", "--db", str(db_path)]) == 1
    assert "set $USCE_PASSPHRASE for a script" in capsys.readouterr().err


def test_passphrase_changes_it_and_decrypt_turns_it_back(
        db_path: Path, scripted: pytest.MonkeyPatch, capsys) -> None:
    _seed(db_path)
    assert cli.main(["encrypt", "--db", str(db_path)]) == 0
    assert cli.main(["encrypt", "--db", str(db_path)]) == 1
    assert "already encrypted" in capsys.readouterr().err
    scripted.setenv("USCE_NEW_PASSPHRASE", "a fresh passphrase here")
    assert cli.main(["passphrase", "--db", str(db_path)]) == 0
    assert not Keyring(PASSPHRASE).opens(db_path.read_bytes())
    scripted.setenv("USCE_PASSPHRASE", "a fresh passphrase here")
    assert cli.main(["decrypt", "--db", str(db_path)]) == 0
    assert orjson.loads(db_path.read_bytes())["journal"]
    assert all(not is_encrypted(b.read_bytes()) for b in list_backups(db_path))
    assert cli.main(["decrypt", "--db", str(db_path)]) == 1
    assert "is not encrypted" in capsys.readouterr().err


def test_a_new_passphrase_from_the_environment_must_be_long_enough(
        db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _seed(db_path)
    before = db_path.read_bytes()
    monkeypatch.setenv("USCE_PASSPHRASE", "short")
    assert cli.main(["encrypt", "--db", str(db_path)]) == 1
    assert "$USCE_PASSPHRASE: a passphrase needs at least 8 characters" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_restoring_an_encrypted_backup_over_an_unreadable_file(
        db_path: Path, scripted: pytest.MonkeyPatch, capsys) -> None:
    _seed(db_path)
    assert cli.main(["encrypt", "--db", str(db_path)]) == 0
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        backup = store.backup_now()
    db_path.write_bytes(b"")  # a sync tool's empty placeholder
    assert cli.main(["restore", backup.name, "--db", str(db_path)]) == 0
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        assert store.all(JournalEntry)[0].body == BODY
    assert is_encrypted(db_path.read_bytes())


def _sealed(path: Path, passphrase: str = PASSPHRASE) -> None:
    _seed(path)
    with Store.open(path) as store:
        store.change_encryption(Keyring.new(passphrase, n=2**12))


def test_ctrl_d_at_the_prompt_is_a_sentence_not_a_crash(db_path: Path, typed: list[str], monkeypatch,
                                                       capsys) -> None:
    _sealed(db_path)

    def end_of_input(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr(cli, "_ask", end_of_input)
    assert cli.main(["check", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "stopped at the passphrase" in err and "nothing was changed" in err
    assert "unexpected error" not in err


def test_an_empty_line_is_asked_again_without_using_a_try(db_path: Path, typed: list[str], capsys) -> None:
    _sealed(db_path)
    typed += ["", "wrong one", "", "wrong two", PASSPHRASE]
    assert cli.main(["check", "--db", str(db_path)]) == 0


def test_a_file_in_use_is_said_before_the_passphrase_is_asked(
        db_path: Path, typed: list[str], capsys) -> None:
    _sealed(db_path)
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)):
        assert cli.main(["passphrase", "--db", str(db_path)]) == 1  # typed holds no answer: none asked
    assert "is open in another USCE Navigator window" in capsys.readouterr().err


def test_the_same_passphrase_again_is_refused(db_path: Path, scripted: pytest.MonkeyPatch, capsys) -> None:
    _sealed(db_path)
    scripted.setenv("USCE_NEW_PASSPHRASE", PASSPHRASE)
    before = db_path.read_bytes()
    assert cli.main(["passphrase", "--db", str(db_path)]) == 1
    assert "already has; nothing was changed" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_merge_asks_for_the_passphrase_of_a_copy_sealed_with_another(
        db_path: Path, tmp_path: Path, typed: list[str], capsys) -> None:
    _sealed(db_path)
    other = tmp_path / "elsewhere" / "usce.json"
    other.parent.mkdir()
    with Store.open(other) as store:
        store.save(JournalEntry(date=TODAY, title="From the laptop", body="Fictional"))
        store.change_encryption(Keyring.new("the laptop passphrase", n=2**12))
    typed += [PASSPHRASE, "the laptop passphrase"]
    assert cli.main(["merge", str(other), "--db", str(db_path)]) == 0
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        assert {e.title for e in store.all(JournalEntry)} == {"Ward", "From the laptop"}


def test_restore_lists_a_backup_sealed_with_another_passphrase_as_such(
        db_path: Path, scripted: pytest.MonkeyPatch, capsys) -> None:
    _sealed(db_path)
    stranger = db_path.parent / "backups" / "usce-2026-01-02-manual.json"
    stranger.write_bytes(Keyring.new("an earlier passphrase", n=2**12).seal(b'{"meta": {}}'))
    assert cli.main(["restore", "--db", str(db_path)]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if stranger.name in line]
    assert line.endswith("encrypted with another passphrase (`usce restore` asks for it)")


def test_the_app_without_a_terminal_says_so(db_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "_terminal", lambda: False)
    assert cli.main(["--db", str(db_path)]) == 1
    assert "the app needs a terminal" in capsys.readouterr().err


def test_restore_asks_for_the_passphrase_of_a_backup_sealed_with_an_earlier_one(
        db_path: Path, typed: list[str], capsys) -> None:
    _sealed(db_path)
    old = db_path.parent / "backups" / "usce-2026-01-02-manual.json"
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), read_only=True) as store:
        doc = store.document()
    doc["journal"] = {}
    doc["programs"] = {"p-old": {"name": "Only in the old backup"}}  # (an empty one asks first)
    old.write_bytes(Keyring.new("an earlier passphrase", n=2**12).seal(orjson.dumps(doc)))
    typed += [PASSPHRASE, "an earlier passphrase"]
    assert cli.main(["restore", old.name, "--db", str(db_path)]) == 0
    assert "encrypted with another passphrase" in capsys.readouterr().err
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:  # still this file's passphrase
        assert store.all(JournalEntry) == []
        assert [p.name for p in store.all(Program)] == ["Only in the old backup"]


def test_encrypt_names_plain_copies_left_beside_the_file(
        db_path: Path, scripted: pytest.MonkeyPatch, capsys) -> None:
    _seed(db_path)
    copy = db_path.parent / "usce (1).json"
    copy.write_bytes(db_path.read_bytes())
    assert cli.main(["encrypt", "--db", str(db_path)]) == 0
    assert "usce (1).json; open the app to merge them" in capsys.readouterr().err


def test_a_new_passphrase_with_spaces_at_either_end_is_refused(db_path: Path, monkeypatch, capsys) -> None:
    _seed(db_path)
    monkeypatch.setenv("USCE_PASSPHRASE", "  red canyon trail ")
    assert cli.main(["encrypt", "--db", str(db_path)]) == 1
    assert "cannot begin or end with a space" in capsys.readouterr().err


def test_the_app_s_modules_load_while_a_typed_passphrase_is_checked(db_path: Path, typed: list[str]) -> None:
    """The key's derivation runs beside the app's imports (scrypt holds no Python lock): the work
    done meanwhile runs once, a wrong passphrase is still asked again, and the right one opens."""
    _sealed(db_path)
    done: list[str] = []
    typed += ["not it at all", PASSPHRASE]
    ring = cli.unlock(db_path, meanwhile=lambda: done.append("imported"))
    assert done == ["imported"]  # once, beside the first check, not again for the second
    assert ring is not None
    with Store.open(db_path, keyring=ring) as store:
        assert [e.body for e in store.all(JournalEntry)] == [BODY]


def test_a_failure_while_the_passphrase_is_checked_is_raised_once_the_check_is_over(
        db_path: Path, scripted: pytest.MonkeyPatch) -> None:
    _sealed(db_path)

    def broken() -> None:
        raise ImportError("a module could not be loaded")

    with pytest.raises(ImportError, match="could not be loaded"):
        cli.unlock(db_path, meanwhile=broken)
    assert cli.unlock(db_path) is not None  # nothing left half done: the next try opens it


def test_a_wrong_passphrase_in_the_environment_is_refused_with_the_app_loading_beside(
        db_path: Path, scripted: pytest.MonkeyPatch) -> None:
    _sealed(db_path)
    scripted.setenv("USCE_PASSPHRASE", "a different passphrase")
    import gc

    collecting = gc.isenabled()
    try:
        with pytest.raises(cli.WrongPassphraseError):
            cli.unlock_for_app(db_path)  # pauses the collector, as `usce` does until the first frame
    finally:
        if collecting:
            gc.enable()  # the tests go on in this process
