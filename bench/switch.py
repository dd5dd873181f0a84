"""Screen switches and forms opening, key press to painted frame:
`python -m bench.switch usce PATH | usce-warm PATH | bare`.

`usce` presses each area's key on PATH (first visit, then a return visit), and `a` on each list
screen (the add form opening), the moment the app is up; `usce-warm` does the same after the
app has built the other areas in the background (a user reading the dashboard first). `bare`
is the floor the issue names: a bare Textual app switching between two screens, one with a
40-row DataTable, measured the same way. Prints one line per figure: name, then milliseconds
(median of the rounds for the floor).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

ROUNDS = 5


async def _key_to_frame(pilot, key: str) -> float:
    """Send ``key`` as the terminal driver would, wait until everything it caused is handled,
    then lay out and paint the frame at once (rather than on the next refresh tick)."""
    from textual import events

    app = pilot.app
    await pilot.pause()
    started = time.perf_counter()
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(6):  # the key, the screen switch or push, its mount, and what they post
        await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return time.perf_counter() - started


async def measure_usce(path: str, warm: bool) -> list[tuple[str, float]]:
    """``warm``: the user reads the dashboard for a moment first, while the app builds the
    other areas in the background; otherwise they press a key the moment the app is up (and
    the building ahead is off, so it does not compete with the measurement)."""
    from usce_tui.app import WARM_UP_ORDER, UsceApp
    from usce_tui.cli import open_for_app
    from usce_tui.widgets.area_bar import AREAS

    store = open_for_app(path)
    if not warm:
        UsceApp.WARM_UP_AFTER = None
    app = UsceApp(store)
    out: list[tuple[str, float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(200):  # up to 10 s: every area built
            if not warm or len(app.warmed) == len(WARM_UP_ORDER):
                break
            await pilot.pause(0.05)
        for visit in ("first visit", "return"):
            for _mode, key, title in (*AREAS[1:], AREAS[0]):
                out.append((f"switch to {title} ({visit})", await _key_to_frame(pilot, key)))
                if title == "Profile":
                    await pilot.press("escape")  # out of its fields, where digits are typed
        for key, title in (("2", "Programs"), ("3", "Budget"), ("4", "Letters"), ("5", "Journal"),
                           ("7", "Paperwork"), ("8", "ERAS")):
            await pilot.press(key)
            await pilot.pause()
            for _ in range(100):  # warm: the user looks at the list first (up to 5 s)
                if not warm or getattr(app.screen, "spare_ready", True):
                    break
                await pilot.pause(0.05)
            out.append((f"open the add form on {title}", await _key_to_frame(pilot, "a")))
            await pilot.press("escape")
            await pilot.pause()
    store.close()
    return out


async def measure_bare() -> list[tuple[str, float]]:
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    from .probe import floor_screen

    class Text(Screen):
        def compose(self):
            yield Header()
            yield Static("A second screen")
            yield Footer()

    class Bare(App):
        MODES = {"table": floor_screen(), "text": Text}
        DEFAULT_MODE = "text"

        def on_key(self, event) -> None:
            if event.key == "1":
                self.switch_mode("text")
            elif event.key == "2":
                self.switch_mode("table")

    out: list[tuple[str, float]] = []
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        out.append(("first visit", await _key_to_frame(pilot, "2")))
        for _ in range(ROUNDS):
            out.append(("return", await _key_to_frame(pilot, "1")))
            out.append(("return", await _key_to_frame(pilot, "2")))
    return out


def main() -> None:
    if sys.argv[1] == "bare":
        figures = asyncio.run(measure_bare())
        first = [t for name, t in figures if name == "first visit"]
        back = [t for name, t in figures if name == "return"]
        print(f"first {first[0] * 1000:.3f}")
        print(f"return {statistics.median(back) * 1000:.3f}")
    else:
        for name, seconds in asyncio.run(measure_usce(sys.argv[2], sys.argv[1] == "usce-warm")):
            print(f"{name}\t{seconds * 1000:.3f}")


if __name__ == "__main__":
    main()
