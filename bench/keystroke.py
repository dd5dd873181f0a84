"""Filter keystrokes, key to final frame: `python -m bench.keystroke usce PATH | bare`.

`usce` types into the programs filter on PATH; `bare` is the floor: a bare Textual app with a
table of the same columns, whose key handler repaints the whole visible table. Both get the
same keys through Pilot, and both frames are forced at once after the key is handled, so the
two figures differ only by what the keystroke does. Prints the median and worst in ms.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

KEYS = [*"medicine", *["backspace"] * 8, *"program 4", *["backspace"] * 9]


async def measure(app, setup) -> list[float]:
    """Send each key as the terminal driver would, wait until every message it caused is
    handled, then lay out and paint the frame at once (instead of on the next refresh tick)."""
    from textual import events

    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await setup(pilot)
        for key in KEYS * 3:
            await pilot.pause()
            started = time.perf_counter()
            app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
            for _ in range(4):  # the key, the Changed message it posts, and what follows
                await pilot._wait_for_screen()
            app.screen._on_timer_update()
            times.append(time.perf_counter() - started)
    return times


def bare_app():
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    from usce_tui.core.programs.view import COLUMNS

    class Bare(App):
        def compose(self):
            yield Header()
            yield DataTable(cell_padding=0, zebra_stripes=True, cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            for title, width in COLUMNS:
                table.add_column(title, width=width)
            for i in range(50):
                table.add_row(f"Program {i} Example", "observer", "Internal Me…", "City 4, NY",
                              "1,500 USD", "12/03/2027", "researching", "✔ yes", "⚑1")
            table.focus()

        def on_key(self) -> None:
            table = self.query_one(DataTable)
            table._clear_caches()  # every visible cell is rendered again, not copied from a cache
            table.refresh()

    async def setup(pilot) -> None:
        await pilot.pause()

    return Bare(), setup


def usce_app(path: str):
    from usce_tui.app import UsceApp
    from usce_tui.cli import open_for_app

    store = open_for_app(path)

    async def setup(pilot) -> None:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()

    return UsceApp(store), setup


def main() -> None:
    app, setup = bare_app() if sys.argv[1] == "bare" else usce_app(sys.argv[2])
    times = asyncio.run(measure(app, setup))
    print(f"{statistics.median(times) * 1000:.3f} {max(times) * 1000:.3f}")


if __name__ == "__main__":
    main()
