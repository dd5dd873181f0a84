"""Start an app headless, wait for its first settled frame, exit, print seconds and peak RSS.

`python -m bench.probe usce PATH` starts USCE Navigator on PATH; `python -m bench.probe bare`
starts a bare Textual app (Header + DataTable + Footer), the floor; `python -m bench.probe bare
PATH` starts the same bare app after reading and parsing PATH with orjson (a floor that, like the
app, reads the data file: proposed in the closing note of issue 13, shown beside the contract's).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

START = time.perf_counter()
HELD: list[object] = []  # what the floor that reads the file holds while it runs


def _peak_kib() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def floor_screen():
    """The floor's screen: Header, a DataTable of three columns and 40 rows, Footer (the start
    floor is an app showing it; the switch bench's floor switches to it). Textual is imported
    here, after the clock started."""
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    class FloorTable(Screen):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Name", "Type", "Status")
            for i in range(40):
                table.add_row(f"Row {i}", "observership", "researching")

    return FloorTable


def main() -> None:
    kind = sys.argv[1]
    if kind == "bare":
        from textual.app import App

        if len(sys.argv) > 2:  # the floor that reads the file too, as fast as it can be
            import gc

            import orjson

            gc.disable()  # as the app reads it: a collection's passes over the new objects
            HELD.append(orjson.loads(Path(sys.argv[2]).read_bytes()))  # kept, as the app keeps it
            gc.freeze()
            gc.enable()

        class Bare(App):
            MODES = {"table": floor_screen()}
            DEFAULT_MODE = "table"

        app = Bare()
        store = None
    else:
        from usce_tui.cli import load_app, unlock_for_app

        path = Path(sys.argv[2])
        app = load_app(path, keyring=unlock_for_app(path))  # as `usce` does; encrypted: $USCE_PASSPHRASE
        store = app.store

    async def auto_pilot(pilot) -> None:
        await pilot.pause()
        pilot.app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=auto_pilot)
    if store is not None:
        store.close()
    print(f"{time.perf_counter() - START:.6f} {_peak_kib()}")


if __name__ == "__main__":
    main()
