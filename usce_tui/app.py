"""UsceApp: the six areas as Textual modes, global keys, command palette and theme."""

from __future__ import annotations

import asyncio
import gc
import importlib
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Protocol, runtime_checkable

from textual import events, work
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._context import active_app
from textual.binding import Binding
from textual.command import CommandPalette
from textual.css.stylesheet import Stylesheet
from textual.notifications import Notify
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widget import AwaitMount
from textual.widgets import Input, Select

from usce_tui.commands import AreaCommands, Command, Palette
from usce_tui.core.exports import EXPORTS
from usce_tui.file_commands import IMPORTS, FileCommands
from usce_tui.modals.dialogs import ConfirmDialog
from usce_tui.modals.help import HelpScreen
from usce_tui.modals.quick import size_classes
from usce_tui.screens.base import BaseScreen
from usce_tui.screens.dashboard import DashboardScreen
from usce_tui.store.storage import StorageError
from usce_tui.store.store import Store
from usce_tui.widgets.area_bar import AREAS
from usce_tui.widgets.in_order import handled_so_far, mounted, run_own_binding
from usce_tui.widgets.text_box import TextBox, takes_typing


@runtime_checkable
class Editing(Protocol):
    """A screen or form that can hold typed text not yet saved."""

    def has_unsaved_changes(self) -> bool: ...


# Escape typed with a key right after it reaches the app as one key, alt+key. Textual also
# reads escape then a digit as the character macOS types for Option+digit in WezTerm ("™" for
# escape 2), so "escape 7" on Profile put "¶" in the Name field: those sequences are read as
# alt+digit here instead (WezTerm users type those characters with their layout's own keys).
for _sequence in [f"\x1b{c}" for c in "1234567890§-="]:
    ANSI_SEQUENCES_KEYS.pop(_sequence, None)  # type: ignore[attr-defined]  # a dict in Textual 8


def _in_open_list(widget: object) -> bool:
    """True when ``widget`` is a dropdown's open list (its module is looked up, not imported:
    the first screen has no dropdown, and no list can have the focus before one is loaded)."""
    choice = sys.modules.get("usce_tui.widgets.choice")
    return choice is not None and isinstance(widget, choice.ChoiceList)


# The areas built ahead while the app waits for the user, in the order people usually go.
WARM_UP_ORDER = (("programs", "ProgramsScreen"), ("journal", "JournalScreen"),
                 ("letters", "LettersScreen"), ("budget", "BudgetScreen"),
                 ("profile", "ProfileScreen"), ("paperwork", "PaperworkScreen"),
                 ("eras", "ErasScreen"))


def _area(module: str, name: str) -> Screen:
    """The area's screen: the one built ahead if it is ready, or built now (its module is
    imported the first time, so the app starts as fast as it can)."""
    app = active_app.get()
    ready = app.warmed.pop(module, None) if isinstance(app, UsceApp) else None
    if ready is not None:
        return ready
    return _styled_as_it_mounts(getattr(importlib.import_module(f"usce_tui.screens.{module}"), name)())


def _styled_as_it_mounts(screen: Screen) -> Screen:
    """Mark a new screen as styled by the stylesheet as it is now (it is, as it mounts).

    Textual restyles the whole app (a reparse of the stylesheet and every widget of every
    screen: 0.2 s here) whenever a screen it has not marked as up to date is shown, and a
    screen first shown as a mode is never marked, so every switch to it, and every form or
    dialog opened, paid that. A theme change still restyles every screen (it bumps the count).
    """
    screen._css_update_count = screen.app._css_update_count
    # Its size classes too (-narrow, -wide), as its first resize will set them: it is styled
    # once, with them, rather than a second time as they arrive (0.1 s for a form of fields).
    sized = [name for name, on in size_classes(screen, *screen.app.size).items() if on]
    if sized:
        screen.add_class(*sized, update=False)
    return screen


class KeptRules(Stylesheet):
    """The app's stylesheet, parsing each source once while the theme's colours stay the same.

    Textual parses every source afresh, into a new stylesheet, each time it restyles the app:
    twice more as the app starts (the theme set, the first screen shown), 10 ms each for this
    app's CSS, though nothing had changed. A source's rules depend only on its text and the
    theme's variables, so the rules parsed are kept until the variables change (a new theme),
    and a source that does not parse still leaves the rules in use as they were.
    """

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:  # a new theme: every source is parsed again
            super().set_variables(variables)

    def reparse(self) -> None:
        self.parse()  # sets the rules only when every source parsed


class UsceApp(FileCommands):
    """The USCE Navigator app, built on an open ``Store``."""

    TITLE = "USCE Navigator"
    CSS_PATH = "app.tcss"
    COMMANDS = {AreaCommands}  # Textual's own commands too, after the app's (see AreaCommands)
    # The other screens are imported when first opened, so the app starts as fast as it can.
    MODES = {
        "dashboard": DashboardScreen,  # the first screen: styled in full as the app starts
        "programs": lambda: _area("programs", "ProgramsScreen"),
        "budget": lambda: _area("budget", "BudgetScreen"),
        "letters": lambda: _area("letters", "LettersScreen"),
        "journal": lambda: _area("journal", "JournalScreen"),
        "profile": lambda: _area("profile", "ProfileScreen"),
        "paperwork": lambda: _area("paperwork", "PaperworkScreen"),
        "eras": lambda: _area("eras", "ErasScreen"),
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        *(
            # priority: the switch happens the moment the key arrives, so the keys typed right
            # after it reach the new screen (check_action lets a digit through to a field)
            Binding(key, f"switch_mode('{mode}')", title, id=f"go-{mode}",
                    tooltip=f"Go to {title}", show=False, priority=True)  # the area bar shows them
            for mode, key, title in AREAS
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="help", show=False),
        Binding("f1", "help", "Help", id="help-f1"),  # shown: it works in a field too
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),  # help, palette
    ]

    # Seconds after the start before the other areas are built in the background (None: never;
    # the tests turn it off so that what they see does not depend on the machine's speed).
    WARM_UP_AFTER: float | None = 0.3

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today,
                 demo: bool = False) -> None:
        super().__init__()
        self.stylesheet = KeptRules(variables=self.get_css_variables())
        self._held_keys: list[events.Key] = []  # typed while a palette command gets going
        self._holding = False
        self.warmed: dict[str, Screen] = {}  # areas built ahead, mounted and filled, not shown yet
        self.store = store
        self._today = today
        self.demo = demo
        self._areas: list[BaseScreen] = []
        if demo:
            self.sub_title = "demo: a temporary copy"
        else:
            self.sub_title = str(store.path)

    def on_mount(self) -> None:
        saved = self.store.profile().theme
        if saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen_change_signal.subscribe(self, self._arrived)
        self.start_following()
        self._collector_was = gc.isenabled(), gc.get_threshold()
        gc.disable()  # until the first frame: the start makes no garbage worth a pass (10 ms)
        # (`usce` pauses it already as it imports the app: see cli.load_app)

    # -- garbage collection while the user is not typing -----------------------------------
    # Python's full collection walks every object the app holds that was made after the file
    # was loaded (the areas' widgets, the decoded records): 0.1-0.2 s on a large file, at a
    # moment of its choosing, so a key typed then waited (a form opened in 0.4 s instead of
    # 0.2). The collector is paused while the app starts; at the first frame what the start
    # made (the modules, the records, the dashboard: they live as long as the app) is set
    # aside as the file is (``gc.freeze``). From then on the young generations are collected
    # as they fill (they are quick); the full collection is made when due by Python's own
    # rule, but once no key has come for a second, or, if the typing never stops, when it is
    # far overdue. When the app ends, the collector is as it was (the tests run many apps).
    IDLE_BEFORE_COLLECTING = 1.0  # seconds without a key
    FULL_COLLECTION_DUE = 10  # middle-generation collections since the last full one (Python's)
    FULL_COLLECTION_OVERDUE = 200

    def _collect_while_idle(self) -> None:
        _enabled, (young, middle, _full) = self._collector_was
        gc.freeze()  # rather than walked by the first collection (25 ms)
        gc.enable()  # on while the app runs (paused for the start, by the app or by `usce`)
        gc.set_threshold(young, middle, 1 << 30)  # a full collection not on its own
        self.set_interval(0.5, self._collect_if_idle)

    def _collect_if_idle(self) -> None:
        pending = gc.get_count()[2]
        idle = time.monotonic() - self.last_key_at >= self.IDLE_BEFORE_COLLECTING
        if pending >= self.FULL_COLLECTION_DUE and idle or pending >= self.FULL_COLLECTION_OVERDUE:
            gc.collect()

    MAX_TOASTS = 2  # at 80×24 a third message stacked over the list it speaks of

    def _on_notify(self, event: Notify) -> None:
        """Keep the newest messages only (Textual's own handler, run next, adds this one), and
        show each as plain text: the messages name the user's records, and a program named
        "Clinic [/] weird" stopped the app as its "Added …" was drawn as markup."""
        event.notification.markup = False
        new = event.notification
        if new.severity == "error":  # "Profile saved." from before stood beside "Profile not saved"
            self._drop_notices_older_than(self.STALE_NOTICE)
        for same in [n for n in self._notifications if (n.title, n.message) == (new.title, new.message)]:
            self._unnotify(same, refresh=False)  # said again: once, for its full time (a key pressed
            # again and again kept ERAS's limit over the dialogs that followed)
        shown = list(self._notifications)
        for old in shown[:max(0, len(shown) - self.MAX_TOASTS + 1)]:
            self._unnotify(old, refresh=False)

    def on_unmount(self) -> None:
        if hasattr(self, "_collector_was"):  # as it was: the process goes on (the tests run many apps)
            enabled, thresholds = self._collector_was
            gc.set_threshold(*thresholds)
            gc.unfreeze()  # what was set aside at the first frame may be collected again
            if enabled:
                gc.enable()

    def on_ready(self) -> None:
        """The first frame is on screen: the building ahead may begin (counted from here, so
        that on a slow start it never delays the dashboard itself)."""
        self._collect_while_idle()
        if self.WARM_UP_AFTER is not None:
            self.set_timer(self.WARM_UP_AFTER, self._warm_up)

    @work(exclusive=True, group="warm-up")
    async def _warm_up(self) -> None:
        """Build, mount and fill the other areas one at a time while the user reads the
        dashboard, so the first visit to each is as quick as a return (a screen of fields or a
        table of thousands of rows takes a few hundred milliseconds to build). Between two
        areas the keys typed meanwhile are handled first."""
        for module, name in WARM_UP_ORDER:
            if module in self._screen_stacks or module in self.warmed:
                continue  # already visited
            screen = getattr(importlib.import_module(f"usce_tui.screens.{module}"), name)()
            if not await self.mount_ahead(screen, screen.refresh_data if isinstance(screen, BaseScreen)
                                          else None):
                return  # the app is closing
            if module in self._screen_stacks:  # the user went there while it was being built
                await screen.remove()
                continue
            self.warmed[module] = screen
            await asyncio.sleep(0.05)

    def _remember_theme(self, theme: Theme) -> None:
        profile = self.store.profile()
        if profile.theme == theme.name or self.store.read_only:
            return
        profile.theme = theme.name
        try:
            self.store.save_profile(profile)
        except StorageError as exc:
            self.notify(str(exc), title="Theme not saved", severity="error")

    def _fatal_error(self) -> None:
        """An unexpected error ends the app with one sentence naming a private report, instead of
        Textual's traceback with the values of local variables (journal text among them)."""
        import sys

        from rich.text import Text

        from usce_tui.store.crash import crash_sentence

        error = sys.exc_info()[1] or self._exception or RuntimeError("unknown error")
        self.bell()
        self._exit_renderables.append(Text("usce: " + crash_sentence(error, self.store.path, "the app",
                                                                  sealed=self.store.keyring is not None)))
        self._close_messages_no_wait()

    def action_command_palette(self) -> None:
        """The palette, in its close-once form."""
        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(Palette(id="--command-palette"))

    async def on_event(self, event: events.Event) -> None:
        """A key is handed on once the focused widget has handled the keys typed before it.
        What is typed after the enter that chooses a palette command waits for the dialog
        the command opens (an export's path, typed at once, goes into the path box), then is
        handed over in order; if no dialog opens within half a second, it goes where it would
        have gone (the palette, if the enter did not choose)."""
        if isinstance(event, events.Key) and event.key.startswith("alt+") and not event.is_forwarded:
            # escape typed and a key right after it reach the app as one key, alt+key (a
            # terminal sends alt as escape first; the app binds no alt key): they are the two
            # keys that were typed, escape 2 (leave the form, go to Programs), escape y
            await self.on_event(events.Key("escape", "\x1b"))
            await self.on_event(events.Key(event.key.removeprefix("alt+"), event.character))
            return
        if isinstance(event, events.Key) and event.key == "shift+tab" and not event.is_forwarded \
                and _in_open_list(self.focused):
            # escape then tab typed at once reach the app as ESC TAB, which Textual reads as
            # shift+tab: in a dropdown's open list they meant "close it, go to the next field"
            # (the tab was lost and the name typed next went into the dropdown)
            await self.on_event(events.Key("escape", "\x1b"))
            await self.on_event(events.Key("tab", "\t"))
            return
        if isinstance(event, events.MouseDown):
            self._typed_on = self.screen  # a click counts as typing there (see digits_switch_areas)
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.last_key_at = time.monotonic()
            if self._holding:
                self._held_keys.append(events.Key(event.key, event.character))
                return
            await mounted(self.screen)
            focused, before = self.focused, self.screen
            typed_on = before
            await handled_so_far(focused)  # the keys before this one first (in_order)
            # an open dropdown's list tells the dropdown what was chosen: that too, before the
            # next key (enter then ctrl+s saved the value from before the enter)
            owner = next((w for w in focused.ancestors if isinstance(w, Select)), None) if focused else None
            await handled_so_far(owner)
            if self.screen is not before and self._next_callbacks:
                # a dialog closed meanwhile and its answer waits to be acted on "after the current
                # message" (this key): act on it first, as it may open the next dialog (M, enter,
                # then y for "Merge?"), where this key belongs. (Textual's queue of callbacks to
                # run next is private; this is the one place that runs it early.)
                await self._flush_next_callbacks()
            if isinstance(self.screen, Palette) and event.key == "enter":
                self._holding = True
                self.set_timer(0.05, partial(self._hand_over_keys, self.screen_stack[-2], 0))
            elif isinstance(box := self.focused, Input) and not isinstance(box, TextBox) \
                    and await run_own_binding(box, event):
                return  # the palette's search box: its editing keys in the order typed, as a
                # TextBox's ("xyzzy", then ctrl+u and "export budget" at once, left "t")
        else:
            typed_on = None
        await super().on_event(event)
        if typed_on is not None and self.screen is typed_on:
            self._typed_on = typed_on  # a key typed here that did not leave: digits are typed now

    def _hand_over_keys(self, under: Screen, waited: int) -> None:
        """Once the palette is gone and the dialog the command opened has its focus (or after
        half a second, if it opens none), post the held keys again, in order."""
        if not self.screen_stack:
            return  # the app is closing
        screen = self.screen
        ready = (not isinstance(screen, Palette) and screen is not under and screen.is_mounted
                 and self.focused is not None) or waited >= 10
        if not ready:
            self.set_timer(0.05, partial(self._hand_over_keys, under, waited + 1))
            return
        held, self._held_keys, self._holding = self._held_keys, [], False
        for key in held:
            self.post_message(key)

    async def mount_ahead(self, screen: Screen, fill: Callable[[], None] | None = None) -> bool:
        """Compose, mount and style a screen that is not shown yet (an area, a form), ``fill``
        it, then lay it out at the terminal's size and paint it once, into nothing: shown, it
        is already the right size (no relayout of it and of the screens under it) and each
        widget has its lines ready (three layouts and two full paints of a form of fields were
        two thirds of the time it took to appear). Textual has no public way to do this.
        False when the app closed meanwhile (its screens go one widget at a time: the screen
        is not to be filled or used)."""
        _styled_as_it_mounts(screen)
        _, mounted = self._get_screen(screen)  # registers it
        await mounted
        if not self._still_has(screen):
            return False
        if fill is not None:
            fill()
        for _ in range(4):  # until the layout settles (sizes it sets can ask for another)
            screen._layout_required = False
            screen._refresh_layout(self.size)
            await asyncio.sleep(0.02)  # what the widgets post about it arrives
            if not self._still_has(screen):
                return False
            if not screen._layout_required:
                break
        screen._compositor.render_update(full=True)
        return True

    def _still_has(self, screen: Screen) -> bool:
        return self.is_running and screen.is_attached

    STALE_NOTICE = 0.5  # seconds: a notice older than this, as a form opens, is about what came before

    def push_screen(self, screen, *args, **kwargs):
        """Push a screen (a form or a dialog) without restyling the whole app first. A form or
        dialog opens without the plain notices left from before it (a status changed, "Press u
        to undo"): shown at its top, they covered the field typed in; warnings and errors stay."""
        if isinstance(screen, Screen) and not screen.is_mounted:
            _styled_as_it_mounts(screen)
        if isinstance(screen, ModalScreen):
            self._drop_notices_older_than(self.STALE_NOTICE)
        return super().push_screen(screen, *args, **kwargs)

    STALE_ON_SWITCH = 2.0  # seconds: a plain notice older than this stays behind on its area

    def switch_mode(self, mode: str) -> AwaitMount:
        """Go to an area without the plain notices of the one left ("Deleted Psychiatry
        Observership. Press u to undo." sat over Budget's totals and the journal's preview);
        one just raised (a file written, a key's answer) still shows."""
        if mode != self.current_mode:
            self._drop_notices_older_than(self.STALE_ON_SWITCH)
        return super().switch_mode(mode)

    def _drop_notices_older_than(self, seconds: float) -> None:
        now = time.time()
        for notice in list(self._notifications):
            if notice.severity == "information" and now - notice.raised_at > seconds:
                self._unnotify(notice)

    _typed_on: Screen | None = None  # the screen a key was last typed on, since it was shown

    def _arrived(self, _screen: Screen) -> None:
        self._typed_on = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """1–6 switch screens only where they are not typed: not in a field, a dropdown or a
        list of choices, and not while a dialog or form is open."""
        if action == "switch_mode":
            in_field = takes_typing(self.focused)
            return (not in_field or self.digits_switch_areas()) and not isinstance(self.screen, ModalScreen)
        return True

    def digits_switch_areas(self) -> bool:
        """True while the cursor is where the area just shown put it and nothing has been typed
        or clicked there: a digit then switches areas even though that is a field (Profile's
        Name; "6 then 1" typed the 1 into the name and stayed on Profile). A text box asks this
        (``TextBox``)."""
        screen, focused = self.screen, self.focused
        placed = focused is not None and focused.id is not None and isinstance(screen, BaseScreen) \
            and f"#{focused.id}" == screen.AUTO_FOCUS
        return placed and self._typed_on is not screen

    def register_area(self, screen: BaseScreen) -> None:
        """Screens announce themselves so that quitting can look for unsaved changes."""
        self._areas.append(screen)

    async def action_quit(self) -> None:
        """Quit; if a form holds unsaved changes, ask first."""
        self._confirm_quit()

    @work(exclusive=True, group="quit")
    async def _confirm_quit(self) -> None:
        dirty = [type(s).__name__.removesuffix("Screen") for s in self._areas if s.has_unsaved_changes()]
        # Forms and the journal editor open over a screen; what is typed there counts too.
        dirty += ["A form" for s in self.screen_stack if not isinstance(s, BaseScreen)
                  and isinstance(s, Editing) and s.has_unsaved_changes()]
        if dirty:
            question = f"{', '.join(dirty)} has unsaved changes. Quit and lose them?"
            if not await self.push_screen_wait(ConfirmDialog(question, yes="Quit", no="Stay")):
                return
        self.exit()

    def action_help(self) -> None:
        """Show every key of the current screen and of the app."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def open_record(self, mode: str, record_id: str) -> None:
        """Go to an area with one record under the cursor (the dashboard's enter)."""
        await self.switch_mode(mode)
        if isinstance(self.screen, BaseScreen):
            self.screen.select_record(record_id)

    def palette_commands(self) -> list[Command]:
        """The app's own commands: areas, help, every import and export, a backup."""
        out = [Command(f"Go to {title}", f"Open the {title} screen (key {key})",
                       partial(self.switch_mode, mode)) for mode, key, title in AREAS]
        out.append(Command("Help: keys", "Every key of this screen and the app (? or F1)", self.action_help))
        out += [Command(title, hint.split(" enter:")[0], partial(self.import_file, what))
                for what, (title, hint) in IMPORTS.items()]
        out += [Command(f"Export {what.split('-')[0]}: {about}", f"Writes {name} (you choose where)",
                        partial(self.export_file, what)) for what, (name, about) in EXPORTS.items()]
        out.append(Command("Back up the data file now", "A dated copy in the backups folder beside it",
                           self.backup_now))
        out += [
            Command("Restore a backup", "Put a dated backup in place of the data file (the current "
                    "one is kept)", self.restore_backup),
            Command("Conflicts: choose between two computers' versions", "Records edited on two "
                    "computers, each shown side by side", self.resolve_conflicts),
            Command("Damaged records: mend or delete", "Records the app cannot read, as JSON",
                    self.mend_damaged),
            Command("Merge another copy of the data file", "A sync tool's conflict copy or a copy "
                    "from another computer", self.merge_other_copy),
        ]
        return out
