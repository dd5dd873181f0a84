"""Typing as a fast typist does: every key handed to the driver at once, with no pause to let
the app catch up in between (Pilot.press waits for the app to be idle after each key)."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key


def _event(key: str) -> events.Key:
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def type_fast(app: App, *keys: str) -> None:
    """Queue every key at once, as the terminal delivers a burst; then await ``pilot.pause()``."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = _event(key)
        event.set_sender(app)
        driver.send_message(event)


async def settle(pilot, rounds: int = 50) -> None:
    """Wait until the app has handled every queued key (not a fixed time: a loaded machine
    takes longer), up to ``rounds`` short pauses."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.05)
        if app._message_queue.empty() and all(s._message_queue.empty() for s in app.screen_stack) \
                and all(w._message_queue.empty() for w in app.screen.walk_children()):
            return


async def run_command(pilot, words: str) -> None:
    """Open the palette, type ``words`` and choose the command found, as a user does (a pause
    after each step: the palette searches as it is typed in)."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)
