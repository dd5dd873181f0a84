"""A dropdown that takes keys as fast as they come.

Textual's ``Select`` opens its list on enter and moves the focus to it a moment later; the keys
typed in that moment (enter, up, up, enter: a choice made without waiting) went to the closed
dropdown, which only opened itself again, so the choice was lost. ``Choice`` acts on them: while
its list is open, up, down, enter and escape move in it, choose and close it, whichever of the
two has the focus.

It is also lighter: Textual's ``Select`` builds six widgets (a row of three for its face, and
its list), and a form of eight dropdowns spent a third of its opening on them. ``Choice`` draws
its face in one widget and builds its list the first time it is opened.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay

from usce_tui.widgets.in_order import run_own_binding


class ChoiceFace(SelectCurrent):
    """A dropdown's face in one widget: its choice (or prompt), cut to fit, and the arrow."""

    DEFAULT_CSS = """
    ChoiceFace {
        color: $foreground 50%;
        &.-has-value {
            color: $foreground;
        }
    }
    """

    def compose(self) -> ComposeResult:
        return iter(())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1  # one line: a long choice is cut (Textual's face is a row laid out as one)

    def update(self, label: object) -> None:
        self.label = label  # type: ignore[assignment]
        self.has_value = label is not Select.NULL
        self.refresh()

    def render(self) -> Content:
        label = self.placeholder if isinstance(self.label, NoSelection) else self.label
        text = Content.from_rich_text(label) if isinstance(label, Text) else Content(str(label))
        text = text.truncate(max(self.content_size.width - 2, 0), ellipsis=True, pad=True)
        arrow = "▲" if getattr(self.parent, "expanded", False) else "▼"
        return Content.assemble(text, " ", (arrow, "$foreground 50%") if self.has_value else arrow)

    async def _on_click(self, event: events.Click) -> None:  # type: ignore[override]  # Textual awaits it
        event.stop()
        event.prevent_default()  # Textual's face would toggle a list that is not built yet
        choice = self.parent
        if isinstance(choice, Choice):
            if choice.expanded:
                choice.expanded = False
            else:
                await choice.action_show_overlay()


def _begins_words(typed: str, label: str) -> bool:
    """True when each word typed begins a word of ``label``, in the same order ("prog f" and
    "program fee"; "prog f" had begun no option and its "f" alone chose "flights")."""
    wanted = typed.split()
    for word in label.split():
        if wanted and word.startswith(wanted[0]):
            wanted.pop(0)
    return not wanted


class ChoiceList(SelectOverlay):
    """The open list: letters typed in it find an option as they do on the closed dropdown
    (word starts, three letters inside), and three that find nothing say so. Textual's own
    search said nothing: a name typed into an open list was lost without a word."""

    async def _on_key(self, event: events.Key) -> None:
        choice = self.parent
        if isinstance(choice, Choice) and event.is_printable and event.character \
                and (event.character != " " or choice._searching()):
            event.stop()
            event.prevent_default()
            choice._find(event.character)
            return
        await super()._on_key(event)


class Choice(Select[str]):
    """A ``Select`` whose list takes the keys typed while it opens, and is built on first use."""

    _built: SelectOverlay | None = None  # the list, once it has been opened

    BINDINGS = [
        # priority: enter in the open list is handled here too, so a choice in a form moves on
        Binding("enter", "open_or_choose", "Show menu", show=False, priority=True),
        Binding("space", "open_or_choose", "Show menu", show=False),
        Binding("down", "open_or_move(1)", "Show menu", show=False),
        Binding("up", "open_or_move(-1)", "Show menu", show=False),
        Binding("escape", "close", "Close menu", show=False),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space" and not self.expanded and self._searching():
            event.stop()
            event.prevent_default()
            self._find(" ")
            return
        if await run_own_binding(self, event):  # in the order typed (see ``in_order``)
            return
        if self.expanded and event.is_printable and event.character and self.has_focus:
            # letters typed while the list opens find an option, as they do once it has the
            # focus ("enter f l u enter" picks "flu vaccine"): its own search takes them
            await self._list._on_key(event)
        elif not self.expanded and event.is_printable and event.character and event.character != " ":
            # letters on a closed dropdown choose the option they begin (o b s: observership),
            # as in a browser's select; they went up past the form before, and a letter typed
            # just before ctrl+s reached the list once the form had closed (s sorted it)
            event.stop()
            event.prevent_default()
            self._find(event.character)

    FIND_PAUSE = 1.0  # seconds after which a letter starts a new search
    _typed = ""
    _typed_at = 0.0
    _letters_typed = False  # letters typed since the focus came: enter moves on, as in a text box

    def on_focus(self) -> None:
        self._letters_typed = False

    def _find(self, character: str) -> None:
        now = time.monotonic()
        labels = [(str(label).lower(), value) for label, value in self._options]

        def match(typed: str) -> str | NoSelection | None:
            """The option ``typed`` begins; or one with a word it begins ("mo" finds "per
            month"); or, typed at length, one it is in ("vacc" finds "flu vaccine"). A single
            letter in the middle of an option does not choose it: "y" chose "observer only"
            without a word."""
            found = next((value for label, value in labels if label.startswith(typed)), None)
            if found is None and " " in typed.strip():  # words begun in turn ("prog f": program fee)
                found = next((value for label, value in labels if _begins_words(typed, label)), None)
            if found is None and len(typed) >= 2:  # a word of it ("mo": per month; "we": per week)
                found = next((value for label, value in labels
                              if any(word.startswith(typed) for word in label.split())), None)
            if found is None and len(typed) >= 3:
                found = next((value for label, value in labels if typed in label), None)
            return found

        going_on, fresh = self._typed + character.lower(), character.lower()
        # a letter goes on with the ones before it while they still begin an option, however
        # late it is handled (a loaded machine); after a pause, one that begins none starts anew
        if now - self._typed_at >= self.FIND_PAUSE and not any(label.startswith(going_on)
                                                                 for label, _value in labels):
            going_on = fresh
        found = match(going_on)
        if found is None and len(self._typed) == 1 and going_on != fresh \
                and (alone := match(fresh)) is not None:
            # "y" then "d" at once: "yd" finds nothing, "d" does. Only after one letter: the
            # last letter of "pho" (for phone) had chosen "other", of "phone" "email", unsaid
            going_on, found = fresh, alone
        self._typed, self._typed_at = going_on, now
        self._letters_typed = True  # even letters that found nothing: enter then moves on
        if found is not None and found is not Select.NULL:
            if self.expanded and (index := self._index_of(found)) is not None:
                self._list.highlighted = index  # open: enter chooses it, as after an arrow key
            else:
                self.value = found
        elif found is None and len(going_on) == 3:  # a word, not a stray letter: say so, once
            names = [str(label) for label, _value in self._options if str(label)]
            shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
            self.notify(f"'{going_on}' matches none of: {shown}. Nothing was chosen.",
                        severity="warning", timeout=4)

    def _searching(self) -> bool:
        """Letters were typed a moment ago: a space goes on with them ("per m"), not opens."""
        return bool(self._typed) and time.monotonic() - self._typed_at < self.FIND_PAUSE

    @property
    def _list(self) -> SelectOverlay:
        assert self._built is not None, "the list is built as it opens"
        return self._built

    # -- the face in one widget, the list built on first use (see the module's text) ----------
    def compose(self) -> ComposeResult:
        yield ChoiceFace(self.prompt)

    async def action_show_overlay(self) -> None:  # type: ignore[override]  # Textual awaits it
        if self._built is None:
            overlay = ChoiceList(type_to_search=self._type_to_search)
            overlay.compact = self.compact
            overlay._markup = False  # the options are the user's names ("Obs [/x]"), not markup
            self._built = overlay
            await self.mount(overlay)  # awaited: the keys typed next go to a list that is ready
            super()._setup_options_renderables()
        super().action_show_overlay()

    def _index_of(self, value: object) -> int | None:
        return next((i for i, (_label, v) in enumerate(self._options) if v == value), None)

    def _setup_options_renderables(self) -> None:
        if self._built is not None:
            super()._setup_options_renderables()

    def _watch_value(self, value: str | NoSelection) -> None:
        self._value = value
        if not self.children:
            return  # not composed yet: the face shows it when it mounts
        face = self.query_one(ChoiceFace)
        index = None if value == self.NULL else self._index_of(value)
        face.update(self.NULL if index is None else self._options[index][0])
        if self._built is not None and index is not None:
            self._built.highlighted = index
        self.post_message(Select.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        """Show or hide the list, as Textual's does, except that the list takes the focus now:
        Textual's ``focus()`` gives it on a later turn, so with "enter down enter Neuro" typed at
        once the list took the focus back after enter had chosen and moved on, and the name
        went nowhere (or, after a list opened once, nothing kept the focus)."""
        if self._built is None:
            return  # never opened: nothing to show or hide
        overlay = self._built
        self.set_class(expanded, "-expanded")
        if expanded:
            self.screen.set_focus(overlay, scroll_visible=False)
            index = None if self.value is self.NULL else self._index_of(self.value)
            overlay.select(index)
            self.query_one(ChoiceFace).has_value = index is not None
        self.query_one(ChoiceFace).refresh()  # its arrow

    def _watch_prompt(self, prompt: str) -> None:
        if not self.is_mounted:
            return
        face = self.query_one(ChoiceFace)
        face.placeholder = prompt
        if self.value == self.NULL:
            face.update(self.NULL)
        if self._built is not None and self._allow_blank:
            self._built.replace_option_prompt_at_index(0, Text(prompt, style="dim"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.expanded  # a closed dropdown lets escape through (a form cancels)
        return super().check_action(action, parameters)

    async def action_open_or_choose(self) -> None:
        """enter opens the list; enter in it chooses and moves on to the next field (as enter
        does in a text box, in a form and in a row of filters alike), so what is typed next is
        not lost on the dropdown."""
        if self.expanded and self._list.highlighted is not None:
            # chosen here and now (not through the list's message), so that the next keys,
            # typed at once, reach the next field of the form
            self.value = self._options[self._list.highlighted][1]
            following = self._next_field()
            self.expanded = False
            self.screen.set_focus(following or self)  # now: the next keys, typed at once, go there
        elif self.expanded:
            self._list.action_select()
        elif self._letters_typed and (following := self._next_field()):
            # letters typed ("o b s" enter): enter moves on, as after a text box ("obs", enter,
            # then "Neurology" opened the list and searched it; "fix", which finds nothing, then
            # enter lost the date typed next in the list)
            self.screen.set_focus(following)
        else:
            await self.action_show_overlay()

    async def action_open_or_move(self, step: int) -> None:
        if not self.expanded:
            await self.action_show_overlay()
        elif step > 0:
            self._list.action_cursor_down()
        else:
            self._list.action_cursor_up()

    def _next_field(self) -> Widget | None:
        """The widget after this dropdown (and its own list) in the screen's focus order."""
        passed = False
        for widget in self.screen.focus_chain:
            inside = widget is self or self in widget.ancestors
            if passed and not inside:
                return widget
            passed = passed or inside
        return None

    def action_close(self) -> None:
        self.expanded = False
        self.screen.set_focus(self)  # now, not after the keys already typed (see below)

    @on(SelectOverlay.Dismiss)
    def _select_overlay_dismiss(self, event: SelectOverlay.Dismiss) -> None:
        """escape in the open list: closed, and the focus back on the dropdown at once. Textual's
        own handler focuses it later, after the keys typed meanwhile: "escape tab" then a name
        typed at once went from the hidden list to the form's first dropdown."""
        event.stop()
        event.prevent_default()  # Textual's handler, next in line, would focus it again later
        self.expanded = False
        if not event.lost_focus:
            self.screen.set_focus(self)
