"""Crash safety: a writer killed with SIGKILL at random instants never leaves a torn file, plain or
encrypted."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from usce_tui.store.crypto import Keyring, is_encrypted
from usce_tui.store.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX-only")

KILLS = 50

# The child continues from the state on disk: state n holds a payload whose size depends on n
# (growing, or alternating large/small so that some writes shrink the file), then writes
# n+1, n+2, ... as fast as it can until it is killed.
CHILD = r"""
import sys
from pathlib import Path
from usce_tui.store.crypto import Keyring
from usce_tui.store.storage import AtomicJSONStorage

path, mode, sealed = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "encrypted"

def size(n):
    if mode == "shrink":
        return 300_000 if n % 2 else 50
    return 1_000 + (n % 40) * 5_000

storage = AtomicJSONStorage(path, keyring=Keyring(PASSPHRASE, n=2**12) if sealed else None)
doc = storage.read() or {}
n = doc.get("meta", {}).get("1", {}).get("n", 0)
told = False
while True:
    n += 1
    storage.write({"meta": {"1": {"schema_version": 1, "n": n}},
                   "data": {"1": {"n": n, "payload": "x" * size(n)}}})
    if not told:  # after its first write, so that the kill lands among the writes (on a
        print("ready", flush=True)  # loaded machine it came before the first one had ended)
        told = True
"""


PASSPHRASE = "correct horse battery"
CHILD = CHILD.replace("PASSPHRASE", repr(PASSPHRASE))


def _size(mode: str, n: int) -> int:
    if mode == "shrink":
        return 300_000 if n % 2 else 50
    return 1_000 + (n % 40) * 5_000


def _state(path: Path, mode: str) -> int:
    """Parse the file (decrypted when it is encrypted: a torn one fails its integrity check) and
    check it is one whole state; return its number."""
    raw = path.read_bytes()
    doc = orjson.loads(Keyring(PASSPHRASE).open(raw) if is_encrypted(raw) else raw)  # raises if torn
    n = doc["meta"]["1"]["n"]
    record = doc["data"]["1"]
    assert record["n"] == n, "meta and data come from different writes"
    assert len(record["payload"]) == _size(mode, n), "payload is not the one of its state"
    return n


@pytest.mark.parametrize(("mode", "sealed"), [("grow", "plain"), ("shrink", "plain"),
                                             ("grow", "encrypted"), ("shrink", "encrypted")])
def test_sigkill_during_writes_leaves_old_or_new_state(tmp_path: Path, mode: str, sealed: str) -> None:
    path = tmp_path / "crash.json"
    rng = random.Random(20261124)
    last = 0
    advanced = 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), mode, sealed],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.03))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        if not path.exists():
            continue  # killed before its first write finished: nothing was there to tear
        assert is_encrypted(path.read_bytes()) == (sealed == "encrypted")
        n = _state(path, mode)
        assert n >= last, "the file went back to an older state"
        advanced += n > last
        last = n
    assert advanced >= KILLS // 2, "the child was rarely killed while writing"
    # A kill between mkstemp and rename leaves a temporary file; the next writer removes it.
    Store.open(path, keyring=Keyring(PASSPHRASE) if sealed == "encrypted" else None).close()
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []
    assert _state(path, mode) == last
