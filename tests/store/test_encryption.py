"""Encryption at rest (issue 16): the data file and every copy of it written to disk are
sealed with the passphrase; a wrong passphrase or a changed byte is refused, never decrypted
into garbage, and leaves the file as it was."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from usce_tui.core.records import JournalEntry, Program
from usce_tui.store.copies import backups, restore
from usce_tui.store.crypto import (
    MAGIC,
    Keyring,
    NotEncrypted,
    Tampered,
    WrongPassphrase,
    is_encrypted,
    passphrase_problem,
)
from usce_tui.store.storage import EncryptedFileError, StorageError, WrongPassphraseError, list_backups
from usce_tui.store.store import Store

FAST = 2**12  # scrypt cost for tests: the real one (2^17) is the same code, 30 times slower
PASSPHRASE = "plum orchard lantern 7"
WARD_NOTE = "Fictional ward note: sat with a frightened woman before her biopsy"


def ring(passphrase: str = PASSPHRASE) -> Keyring:
    return Keyring.new(passphrase, n=FAST)


def test_sealed_bytes_open_with_the_passphrase_only() -> None:
    plain = orjson.dumps({"journal": {"a": {"body": WARD_NOTE}}})
    sealed = ring().seal(plain)
    assert is_encrypted(sealed) and WARD_NOTE.encode() not in sealed
    assert Keyring(PASSPHRASE).open(sealed) == plain
    with pytest.raises(WrongPassphrase):
        Keyring("plum orchard lantern 8").open(sealed)
    with pytest.raises(NotEncrypted):
        Keyring(PASSPHRASE).open(plain)


def test_the_same_text_sealed_twice_differs() -> None:
    keyring = ring()
    assert keyring.seal(b"{}") != keyring.seal(b"{}")  # a fresh nonce each write


def test_a_passphrase_typed_on_another_system_opens_the_file() -> None:
    composed, decomposed = "caf\u00e9 con leche 42", "cafe\u0301 con leche 42"  # macOS types the second
    assert Keyring(decomposed).open(Keyring.new(composed, n=FAST).seal(b"{}")) == b"{}"


@pytest.mark.parametrize("where", ["header", "salt", "nonce", "body", "tag"])
def test_a_changed_byte_anywhere_is_refused_never_decrypted(where: str) -> None:
    sealed = bytearray(ring().seal(orjson.dumps({"journal": {"a": {"body": WARD_NOTE}}})))
    header_end = sealed.index(b"\n", len(MAGIC)) + 1
    position = {"header": len(MAGIC) + 2, "salt": sealed.index(b'"salt":"') + 10, "nonce": header_end + 3,
                "body": header_end + 30, "tag": len(sealed) - 1}[where]
    sealed[position] ^= 0x01
    with pytest.raises((Tampered, WrongPassphrase)):
        Keyring(PASSPHRASE).open(bytes(sealed))


def test_a_file_cut_short_is_refused() -> None:
    sealed = ring().seal(b'{"meta": {}}')
    for length in (len(MAGIC) + 5, len(sealed) - 20, len(sealed) - 1):
        with pytest.raises(Tampered):
            Keyring(PASSPHRASE).open(sealed[:length])


def test_a_header_asking_for_an_absurd_cost_is_refused_without_trying() -> None:
    sealed = ring().seal(b"{}")
    greedy = sealed.replace(f'"n":{FAST}'.encode(), b'"n":1073741824')
    with pytest.raises(Tampered):
        Keyring(PASSPHRASE).open(greedy)


def test_short_passphrases_are_refused() -> None:
    assert "at least 8" in passphrase_problem("short")
    assert passphrase_problem("        ") != ""
    assert passphrase_problem(PASSPHRASE) == ""


# -- the data file ----------------------------------------------------------------------------

def _seeded(path: Path) -> None:
    with Store.open(path, today=lambda: TODAY) as store:
        store.save(Program(name="Fictional Observership", city="Springfield"))
        store.save(JournalEntry(date=TODAY, title="Night float", body=WARD_NOTE))


def _encrypted(path: Path) -> Keyring:
    _seeded(path)
    keyring = ring()
    with Store.open(path, today=lambda: TODAY) as store:
        store.change_encryption(keyring)
    return keyring


def _plaintext_on_disk(folder: Path) -> list[Path]:
    """Every file under ``folder`` that holds journal or program text in the clear."""
    found = []
    for file in folder.rglob("*"):
        if file.is_file():
            raw = file.read_bytes()
            secrets = (b"frightened woman", b"Fictional Observership", b"Night float")
            if any(secret in raw for secret in secrets):
                found.append(file)
    return found


def test_encrypting_seals_the_file_and_its_backups(db_path: Path) -> None:
    _seeded(db_path)
    with Store.open(db_path, today=lambda: TODAY + timedelta(days=1)) as store:
        store.save(Program(name="Second Program"))  # makes the day's plain backup
    assert list_backups(db_path) and _plaintext_on_disk(db_path.parent)
    with Store.open(db_path, today=lambda: TODAY + timedelta(days=2)) as store:
        left = store.change_encryption(ring())
    assert left == []
    assert is_encrypted(db_path.read_bytes())
    assert all(is_encrypted(b.read_bytes()) for b in list_backups(db_path))
    assert _plaintext_on_disk(db_path.parent) == []


def test_backups_keep_their_dates_when_sealed(db_path: Path) -> None:
    _seeded(db_path)
    with Store.open(db_path, today=lambda: TODAY + timedelta(days=1)) as store:
        store.save(Program(name="Second Program"))
    before = {b: b.stat().st_mtime_ns for b in list_backups(db_path)}
    with Store.open(db_path) as store:
        store.change_encryption(ring())
    assert before and {b: b.stat().st_mtime_ns for b in before} == before  # `usce restore` lists when


def test_an_encrypted_file_opens_with_its_passphrase_and_stays_encrypted(db_path: Path) -> None:
    _encrypted(db_path)
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), today=lambda: TODAY) as store:
        assert [p.name for p in store.all(Program)] == ["Fictional Observership"]
        assert store.all(JournalEntry)[0].body == WARD_NOTE
        store.save(JournalEntry(date=TODAY, title="Second night", body="More fictional reflection"))
    raw = db_path.read_bytes()
    assert is_encrypted(raw) and b"Second night" not in raw
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), read_only=True) as store:
        assert len(store.all(JournalEntry)) == 2


def test_without_a_passphrase_or_with_a_wrong_one_nothing_is_opened_or_changed(db_path: Path) -> None:
    _encrypted(db_path)
    before = db_path.read_bytes()
    with pytest.raises(EncryptedFileError, match="is encrypted"):
        Store.open(db_path)
    with pytest.raises(WrongPassphraseError, match="does not open"):
        Store.open(db_path, keyring=Keyring("not the passphrase"))
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == sorted(["usce.json", "usce.json.lock",
                                                                       "backups"])


def test_a_flipped_byte_in_the_file_is_named_and_the_file_left_as_it_was(db_path: Path) -> None:
    _encrypted(db_path)
    damaged = bytearray(db_path.read_bytes())
    damaged[-40] ^= 0x20
    db_path.write_bytes(bytes(damaged))
    with pytest.raises(StorageError, match="encrypted but damaged") as caught:
        Store.open(db_path, keyring=Keyring(PASSPHRASE))
    assert WARD_NOTE not in str(caught.value)
    assert db_path.read_bytes() == bytes(damaged)


def test_a_backup_of_an_encrypted_file_is_encrypted_and_restores(db_path: Path) -> None:
    _encrypted(db_path)
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), today=lambda: TODAY + timedelta(days=3)) as store:
        store.save(Program(name="Added after the backup"))
        manual = store.backup_now()
    assert is_encrypted(manual.read_bytes())
    assert _plaintext_on_disk(db_path.parent) == []
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        listed = backups(db_path, store.keyring)
        assert all(info.counts is not None for info in listed)
        day = (TODAY + timedelta(days=3)).isoformat()
        [daily] = [b for b in list_backups(db_path) if b.name == f"usce-{day}.json"]
        restore(store, daily)
        assert [p.name for p in store.all(Program)] == ["Fictional Observership"]
    assert is_encrypted(db_path.read_bytes()) and _plaintext_on_disk(db_path.parent) == []


def test_changing_the_passphrase_reseals_file_and_backups(db_path: Path) -> None:
    _encrypted(db_path)
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), today=lambda: TODAY + timedelta(days=1)) as store:
        store.save(Program(name="Made a backup"))
        left = store.change_encryption(ring("a new and longer passphrase"))
    assert left == []
    for copy in [db_path, *list_backups(db_path)]:
        assert not Keyring(PASSPHRASE).opens(copy.read_bytes())
        assert Keyring("a new and longer passphrase").opens(copy.read_bytes())
    with pytest.raises(WrongPassphraseError):
        Store.open(db_path, keyring=Keyring(PASSPHRASE))


def test_decrypting_turns_file_and_backups_back_into_json(db_path: Path) -> None:
    _encrypted(db_path)
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), today=lambda: TODAY + timedelta(days=1)) as store:
        store.save(Program(name="Made a backup"))
        store.change_encryption(None)
    for copy in [db_path, *list_backups(db_path)]:
        assert isinstance(orjson.loads(copy.read_bytes()), dict)
    with Store.open(db_path) as store:
        assert len(store.all(Program)) == 2


def test_a_backup_under_an_earlier_passphrase_is_named_not_lost(db_path: Path) -> None:
    _encrypted(db_path)
    stranger = db_path.parent / "backups" / f"usce-{date(2026, 1, 2).isoformat()}-manual.json"
    stranger.write_bytes(Keyring.new("an earlier passphrase", n=FAST).seal(b'{"meta": {}}'))
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        left = store.change_encryption(ring("the next passphrase"))
        assert left == [stranger]
        with pytest.raises(StorageError, match="another passphrase"):
            restore(store, stranger)
    assert Keyring("an earlier passphrase").opens(stranger.read_bytes())


def test_opening_an_encrypted_file_seals_plain_backups_an_interrupted_encrypt_left(db_path: Path) -> None:
    keyring = _encrypted(db_path)
    plain = db_path.parent / "backups" / "usce-2026-01-01.json"
    plain.write_bytes(orjson.dumps({"journal": {"x": {"body": WARD_NOTE}}}))
    Store.open(db_path, keyring=Keyring(PASSPHRASE)).close()
    assert is_encrypted(plain.read_bytes()) and keyring.opens(plain.read_bytes())


def test_a_synced_change_to_an_encrypted_file_is_merged(db_path: Path) -> None:
    _encrypted(db_path)
    mine = Store.open(db_path, keyring=Keyring(PASSPHRASE), today=lambda: TODAY)
    try:
        theirs = Store.open(db_path, keyring=Keyring(PASSPHRASE), read_only=True)
        doc = theirs.document()
        theirs.close()
        key = next(iter(doc["programs"]))
        doc["programs"][key]["city"] = "Shelbyville"
        db_path.write_bytes(Keyring(PASSPHRASE).seal(orjson.dumps(doc)))  # written by the other computer
        assert mine.follow()
        assert mine.all(Program)[0].city == "Shelbyville"
        mine.save(Program(name="Mine"))
    finally:
        mine.close()
    assert is_encrypted(db_path.read_bytes())
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        assert {p.name for p in store.all(Program)} == {"Fictional Observership", "Mine"}


def test_a_conflict_copy_of_an_encrypted_file_is_found_and_merged(db_path: Path) -> None:
    from usce_tui.store.copies import conflict_copies

    _encrypted(db_path)
    copy = db_path.parent / "usce (Laptop's conflicted copy 2026-11-28).json"
    with Store.open(db_path, keyring=Keyring(PASSPHRASE), read_only=True) as store:
        doc = store.document()
    key = next(iter(doc["programs"]))
    doc["programs"][key]["city"] = "Capital City"
    copy.write_bytes(Keyring(PASSPHRASE).seal(orjson.dumps(doc)))
    assert conflict_copies(db_path) == []  # without the passphrase it is not recognised
    assert conflict_copies(db_path, Keyring(PASSPHRASE)) == [copy]
    with Store.open(db_path, keyring=Keyring(PASSPHRASE)) as store:
        store.merge_file(copy)
        assert store.all(Program)[0].city in {"Capital City", "Springfield"}
    assert is_encrypted(db_path.read_bytes())


def test_a_merged_plain_copy_is_sealed_when_put_away(db_path: Path) -> None:
    from usce_tui.store.copies import put_away

    keyring = _encrypted(db_path)
    copy = db_path.parent / "usce (conflicted copy).json"
    copy.write_bytes(orjson.dumps({"journal": {"x": {"body": WARD_NOTE}}}))
    kept = put_away(db_path, copy, TODAY, keyring)
    assert not copy.exists() and is_encrypted(kept.read_bytes())
    assert _plaintext_on_disk(db_path.parent) == []


@settings(max_examples=60, deadline=None)
@given(plain=st.binary(max_size=2000), flip=st.integers(min_value=0),
       bit=st.integers(min_value=0, max_value=7))
def test_any_bytes_round_trip_and_any_flipped_bit_is_refused(plain: bytes, flip: int, bit: int) -> None:
    keyring = Keyring.new(PASSPHRASE, n=2**4)
    sealed = keyring.seal(plain)
    assert Keyring(PASSPHRASE).open(sealed) == plain
    changed = bytearray(sealed)
    changed[flip % len(changed)] ^= 1 << bit
    with pytest.raises((Tampered, WrongPassphrase, NotEncrypted)):
        Keyring(PASSPHRASE).open(bytes(changed))


def test_a_conflict_copy_sealed_with_another_passphrase_is_named(db_path: Path) -> None:
    from usce_tui.store.copies import conflict_copies, copies_beside

    keyring = _encrypted(db_path)
    copy = db_path.parent / "usce (conflicted copy 2026-11-30).json"
    other = Keyring.new("another passphrase", n=FAST)
    copy.write_bytes(other.seal(b'{"meta": {"1": {"schema_version": 2}}}'))
    assert conflict_copies(db_path, keyring) == []
    assert copies_beside(db_path, keyring)[1] == [copy]
