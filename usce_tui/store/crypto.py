"""Encryption at rest: a passphrase, a memory-hard key (scrypt) and authenticated encryption
(AES-256-GCM), from the ``cryptography`` library. Pure bytes in, bytes out: no files here.

An encrypted data file is::

    USCE Navigator encrypted file\\n
    {"v": 1, "kdf": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": "…", "check": "…"}\\n
    12-byte nonce, then the AES-GCM ciphertext of the JSON document with its 16-byte tag

The two text lines say what the file is to whoever opens it, and are authenticated with the
contents (GCM's associated data), so no byte of the file can change unnoticed. scrypt derives 64
bytes from the passphrase and the salt: the first 32 are the key, the next 16 are ``check``. A
wrong passphrase therefore fails ``check`` and is told apart from a file changed on disk, which
fails the tag; neither is ever decrypted into garbage. Each write draws a fresh nonce; the salt
stays with the file until the passphrase changes, so the slow derivation runs once per session.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from dataclasses import dataclass

import orjson

# The cryptography package is imported when a passphrase is first used (keys derived, a file
# opened or sealed), not by every start: most files are not encrypted (10 ms of the start).

MAGIC = b"USCE Navigator encrypted file\n"
# scrypt cost: 2^17 x 8 x 128 bytes = 128 MiB and about a third of a second on a laptop, once
# per session (the OWASP recommendation for scrypt). Files say their own cost; these bound what
# a file may ask for, so that a hand-made header cannot make opening it take minutes or gigabytes.
DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**17, 8, 1
_MAX_N, _MAX_R, _MAX_P = 2**20, 16, 4
_NONCE = 12
_HEADER_LIMIT = 1024
HEADER_BYTES = len(MAGIC) + _HEADER_LIMIT + 1  # enough of a file to tell whether a passphrase opens it
MIN_PASSPHRASE = 8


def _same(a: bytes, b: bytes) -> bool:
    """``a == b`` in a time that does not depend on where they differ (hmac is imported only
    when a passphrase is used: OpenSSL's hashes load in 3 ms that a plain file's start need not pay)."""
    import hmac

    return hmac.compare_digest(a, b)


class CryptoError(Exception):
    """An encrypted file cannot be opened; subclasses say why (the caller names the file)."""


class WrongPassphrase(CryptoError):
    """The passphrase does not open this file."""


class Tampered(CryptoError):
    """The file was changed after it was written (or cut short): its integrity check fails."""


class NotEncrypted(CryptoError):
    """The bytes are not an encrypted data file."""


def is_encrypted(raw: bytes) -> bool:
    """True when ``raw`` (a whole file, or its first bytes) starts as an encrypted data file."""
    return raw.startswith(MAGIC)


def normalized(passphrase: str) -> bytes:
    """The passphrase as bytes, the same whichever keyboard or system typed it (Unicode NFC)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_problem(passphrase: str) -> str:
    """Why ``passphrase`` cannot protect a file (a clause), or "" when it can."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words are best)"
    if not passphrase.strip():
        return "a passphrase cannot be only spaces"
    if passphrase != passphrase.strip():
        return "a passphrase cannot begin or end with a space (one you would not remember typing)"
    return ""


@dataclass(frozen=True)
class _Params:
    salt: bytes
    n: int
    r: int
    p: int

    def header(self, check: bytes) -> bytes:
        fields = {"v": 1, "kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p,
                  "salt": base64.b64encode(self.salt).decode(), "check": base64.b64encode(check).decode()}
        return MAGIC + orjson.dumps(fields) + b"\n"


def _read_header(raw: bytes) -> tuple[_Params, bytes, int]:
    """The parameters, the stored check value and where the nonce starts, or ``Tampered``."""
    if not is_encrypted(raw):
        raise NotEncrypted
    end = raw.find(b"\n", len(MAGIC), len(MAGIC) + _HEADER_LIMIT)
    if end < 0:
        raise Tampered
    try:
        fields = orjson.loads(raw[len(MAGIC):end])
        params = _Params(base64.b64decode(fields["salt"], validate=True), int(fields["n"]),
                         int(fields["r"]), int(fields["p"]))
        check = base64.b64decode(fields["check"], validate=True)
        known = fields["v"] == 1 and fields["kdf"] == "scrypt"
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise Tampered from None
    if (not known or len(params.salt) < 16 or len(check) != 16 or params.n < 2 or params.n & (params.n - 1)
            or params.n > _MAX_N or not 1 <= params.r <= _MAX_R or not 1 <= params.p <= _MAX_P):
        raise Tampered
    return params, check, end + 1


class Keyring:
    """One passphrase, and the keys it gives with each salt met (derived once each).

    ``seal`` encrypts with the salt of the file being written: the one this keyring first
    opened, or a fresh one (``Keyring.new``). ``open`` decrypts any file sealed with the same
    passphrase, whatever its salt (older backups, a copy from another computer)."""

    def __init__(self, passphrase: str, *, n: int = DEFAULT_N) -> None:
        self._secret = normalized(passphrase)
        self._n = n
        self._keys: dict[_Params, tuple[bytes, bytes]] = {}
        self._current: _Params | None = None

    @classmethod
    def new(cls, passphrase: str, *, n: int = DEFAULT_N) -> Keyring:
        """A keyring that seals with a fresh random salt (a file encrypted for the first time, or
        under a new passphrase)."""
        ring = cls(passphrase, n=n)
        ring._current = _Params(os.urandom(16), n, DEFAULT_R, DEFAULT_P)
        return ring

    def same_passphrase(self, other: Keyring) -> bool:
        """True when ``other`` holds the same passphrase (as typed, after normalising)."""
        return _same(self._secret, other._secret)

    def _derive(self, params: _Params) -> tuple[bytes, bytes]:
        if params not in self._keys:
            from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

            kdf = Scrypt(salt=params.salt, length=48, n=params.n, r=params.r, p=params.p)
            derived = kdf.derive(self._secret)
            self._keys[params] = (derived[:32], derived[32:48])
        return self._keys[params]

    def opens(self, raw: bytes) -> bool:
        """True when this passphrase is the one ``raw`` was sealed with (its check value matches);
        ``Tampered`` when the header cannot be read."""
        params, check, _start = _read_header(raw)
        return _same(self._derive(params)[1], check)

    def open(self, raw: bytes) -> bytes:
        """The plaintext of an encrypted file; ``WrongPassphrase``, ``Tampered`` or
        ``NotEncrypted`` otherwise. The first file opened sets the salt ``seal`` uses."""
        params, check, start = _read_header(raw)
        key, expected = self._derive(params)
        if not _same(expected, check):
            raise WrongPassphrase
        nonce, body = raw[start:start + _NONCE], raw[start + _NONCE:]
        if len(nonce) < _NONCE:
            raise Tampered
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            plain = AESGCM(key).decrypt(nonce, body, raw[:start])
        except InvalidTag:
            raise Tampered from None
        if self._current is None:
            self._current = params
        return plain

    def seal(self, plain: bytes) -> bytes:
        """``plain`` encrypted under this passphrase, with a fresh nonce."""
        if self._current is None:
            self._current = _Params(os.urandom(16), self._n, DEFAULT_R, DEFAULT_P)
        key, check = self._derive(self._current)
        head = self._current.header(check)
        nonce = os.urandom(_NONCE)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return head + nonce + AESGCM(key).encrypt(nonce, plain, head)


__all__ = [
    "DEFAULT_N",
    "HEADER_BYTES",
    "MAGIC",
    "CryptoError",
    "Keyring",
    "NotEncrypted",
    "Tampered",
    "WrongPassphrase",
    "is_encrypted",
    "passphrase_problem",
]
