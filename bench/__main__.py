"""`make bench`: each figure beside its floor measured in the same run, and the ratio."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

from usce_tui.cli import open_for_app
from usce_tui.core.records import JournalEntry
from usce_tui.store.crypto import Keyring
from usce_tui.store.store import Store

from .generate import write_large_file

STARTS = 11  # each start is a process on a shared machine: 5 gave medians 1.39-1.54 apart
SAVES = 30
KEYSTROKE_RUNS = 3


def _probe(*args: str, env: dict[str, str] | None = None) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-m", "bench.probe", *args], capture_output=True, env=env,
                         text=True, check=True, stdin=subprocess.DEVNULL).stdout.split()
    return float(out[-2]), int(out[-1])


def _row(name: str, value: float, floor: float, unit: str, target: float) -> str:
    ratio = value / floor if floor else float("inf")
    mark = "ok  " if ratio <= target else "OVER"
    return (f"{name:<44} {value:>10.1f} {unit:<4} floor {floor:>10.1f} {unit:<4} "
            f"ratio {ratio:>5.2f}  target <= {target:<4} {mark}")


def bench_start(path: Path) -> list[str]:
    usce, bare, reading = [], [], []
    for _ in range(STARTS):  # interleaved, so load on the machine hits both alike
        usce.append(_probe("usce", str(path)))
        bare.append(_probe("bare"))
        reading.append(_probe("bare", str(path)))
    return [
        _row("start to first frame (median)", statistics.median(t for t, _ in usce) * 1000,
             statistics.median(t for t, _ in bare) * 1000, "ms", 1.5),
        _row("  the same, floor reading the file too", statistics.median(t for t, _ in usce) * 1000,
             statistics.median(t for t, _ in reading) * 1000, "ms", 1.5),
        _row("peak memory (median of runs)", statistics.median(m for _, m in usce) / 1024,
             statistics.median(m for _, m in bare) / 1024, "MiB", 2.5),
    ]


def _timed_saves(path: Path, keyring: Keyring | None = None,
                 after: Callable[[Store], None] | None = None) -> list[float]:
    """How long each of SAVES journal entries takes to save, after the day's backup (``after``
    runs after each save, untimed: the floor's own measure)."""
    saves = []
    with open_for_app(path, keyring) as store:
        store.save(JournalEntry(date=date.today(), title="warm-up", body="x"))  # daily backup
        for i in range(SAVES):
            entry = JournalEntry(date=date.today(), title=f"Bench {i}", body="reflection " * 180)
            t0 = time.perf_counter()
            store.save(entry)
            saves.append(time.perf_counter() - t0)
            if after is not None:
                after(store)
    return saves


PASSPHRASE = "bench passphrase, not a secret"


def bench_encryption(path: Path, folder: Path) -> list[str]:
    """The cost of encryption at rest: start and one save on the large file, encrypted against
    plain (the floor), in the same run. The key derivation (scrypt, about a third of a second by
    design) is paid once per start."""
    sealed = folder / "sealed.json"
    sealed.write_bytes(path.read_bytes())
    with Store.open(sealed) as store:
        store.change_encryption(Keyring.new(PASSPHRASE))
    env = {**os.environ, "USCE_PASSPHRASE": PASSPHRASE}
    plain_starts, sealed_starts = [], []
    for _ in range(STARTS):
        plain_starts.append(_probe("usce", str(path))[0])
        sealed_starts.append(_probe("usce", str(sealed), env=env)[0])
    plain_saves = _timed_saves(path)
    sealed_saves = _timed_saves(sealed, Keyring(PASSPHRASE))
    return [
        _row("start, encrypted file (median)", statistics.median(sealed_starts) * 1000,
             statistics.median(plain_starts) * 1000, "ms", 1.6),
        _row("one save, encrypted file (median)", statistics.median(sealed_saves) * 1000,
             statistics.median(plain_saves) * 1000, "ms", 1.3),
    ]


def bench_save(path: Path, folder: Path) -> list[str]:
    floors = []
    floor_file = folder / "floor.json"

    def floor(store: Store) -> None:
        data = store.document()
        t0 = time.perf_counter()
        payload = orjson.dumps(data)
        with open(floor_file, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        floors.append(time.perf_counter() - t0)

    saves = _timed_saves(path, after=floor)
    return [
        _row("one save, add a journal entry (median)", statistics.median(saves) * 1000,
             statistics.median(floors) * 1000, "ms", 1.3),
        _row("one save, add a journal entry (worst)", max(saves) * 1000, max(floors) * 1000,
             "ms", 2.0),
    ]


def bench_filter(folder: Path) -> list[str]:
    path = folder / "programs.json"
    write_large_file(path, programs=5000, entries=0, expenses=0, letters=0)
    usce, bare = [], []
    for _ in range(KEYSTROKE_RUNS):
        usce.append(_keystrokes("usce", str(path)))
        bare.append(_keystrokes("bare"))
    return [
        _row("filter keystroke, 5,000 programs (median)", statistics.median(m for m, _ in usce),
             statistics.median(m for m, _ in bare), "ms", 2.0),
        _row("filter keystroke, 5,000 programs (worst)", max(w for _, w in usce),
             max(w for _, w in bare), "ms", 2.0),
    ]


def _keystrokes(*args: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-m", "bench.keystroke", *args], capture_output=True,
                         text=True, check=True, stdin=subprocess.DEVNULL).stdout.split()
    return float(out[-2]), float(out[-1])


SWITCH_RUNS = 3


def _switch(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.switch", *args], capture_output=True,
                         text=True, check=True, stdin=subprocess.DEVNULL).stdout
    if args[0] == "bare":
        return {line.split()[0]: float(line.split()[1]) for line in out.splitlines()}
    return {name: float(ms) for name, ms in (line.rsplit("\t", 1) for line in out.splitlines())}


def bench_switch(path: Path) -> list[str]:
    """Screen switches and forms opening, key to painted frame, against a bare app switching
    between two screens (one with a 40-row DataTable), medians of interleaved runs."""
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "usce": [], "usce-warm": []}
    for _ in range(SWITCH_RUNS):
        runs["bare"].append(_switch("bare"))
        runs["usce"].append(_switch("usce", str(path)))
        runs["usce-warm"].append(_switch("usce-warm", str(path)))

    def median(kind: str, name: str) -> float:
        return statistics.median(run[name] for run in runs[kind])

    first, back = median("bare", "first"), median("bare", "return")
    rows = []
    for name in runs["usce"][0]:
        if "(first visit)" in name and "Dashboard" not in name:
            rows.append(_row(name.replace("(first visit)", "first, at once"),
                             median("usce", name), first, "ms", 2.0))
            rows.append(_row(name.replace("(first visit)", "first, after 2 s"),
                             median("usce-warm", name), first, "ms", 2.0))
        elif "(return)" in name:
            rows.append(_row(name, median("usce", name), back, "ms", 2.0))
        elif name.startswith("open the add form"):
            rows.append(_row(name + ", at once", median("usce", name), first, "ms", 2.0))
            rows.append(_row(name + ", built ahead", median("usce-warm", name), first, "ms", 2.0))
    return rows


def _spreadsheet(rows: int) -> str:
    """A fictional programs spreadsheet of ``rows`` rows, as a directory exports it."""
    lines = ["Program Name,Hospital,Type,Specialty,Location,Cost,Application Deadline,Eligibility,E-mail"]
    for i in range(rows):
        lines.append(f"Observership {i},Fictional Hospital {i % 311},OBSERVERSHIP,Internal Medicine,"
                     f"\"City {i % 97}, NY\",${100 + i % 2900},Rolling,\"USMLE Step 1, ECFMG\","
                     f"coordinator{i}@example.org")
    return "\n".join(lines) + "\n"


def bench_import(folder: Path) -> list[str]:
    """An import of 10,000 and 100,000 rows against parsing the same CSV plus one save of the
    resulting file (the work an import cannot avoid)."""
    import csv
    import io

    from usce_tui.store.store import Store
    from usce_tui.store.transfer import import_programs

    rows, times = [], {}
    for count in (10_000, 100_000):
        source = folder / f"programs-{count}.csv"
        source.write_text(_spreadsheet(count))
        path = folder / f"import-{count}.json"
        with Store.open(path) as store:
            t0 = time.perf_counter()
            import_programs(store, source, date.today())
            took = time.perf_counter() - t0
            doc = store.document()
        t0 = time.perf_counter()
        parsed = list(csv.reader(io.StringIO(source.read_text())))
        floor_file = folder / "floor-import.json"
        with open(floor_file, "wb") as handle:
            handle.write(orjson.dumps(doc))
            handle.flush()
            os.fsync(handle.fileno())
        floor = time.perf_counter() - t0
        assert len(parsed) == count + 1
        times[count] = took
        rows.append(_row(f"import {count:,} spreadsheet rows", took * 1000, floor * 1000, "ms", 2.0))
    rows.append(f"  import time, 100,000 rows / 10,000 rows: {times[100_000] / times[10_000]:.1f} "
                "(10 is linear)")
    return rows


PARTS = ("start", "switch", "save", "filter", "import", "encryption")


def main() -> None:
    chosen = [a for a in sys.argv[1:] if a in PARTS] or list(PARTS)
    with tempfile.TemporaryDirectory(prefix="usce-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "large.json"
        size = write_large_file(path)
        print(f"large file: {size / 1e6:.1f} MB (1,000 programs, 5,000 journal entries, "
              f"300 expenses, 50 letters, 12 ERAS experiences, 12 interview questions)")
        runs = {"start": lambda: bench_start(path), "switch": lambda: bench_switch(path),
                "save": lambda: bench_save(path, folder), "filter": lambda: bench_filter(folder),
                "import": lambda: bench_import(folder),
                "encryption": lambda: bench_encryption(path, folder)}
        for part in chosen:
            for line in runs[part]():
                print(line, flush=True)


if __name__ == "__main__":
    main()
