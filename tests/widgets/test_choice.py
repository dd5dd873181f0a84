"""The dropdown draws its face in one widget and builds its list when first opened; what a user
sees and does with it is what Textual's Select gave (the keys, the mouse, a long choice cut)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Select

from tests.screens.seen import screen_lines
from usce_tui.widgets.choice import Choice

KINDS = [("observership", "observership"), ("externship", "externship"),
         ("research with a very long name that cannot fit in the box", "research")]


class _Form(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[object] = []

    def compose(self) -> ComposeResult:
        yield Choice(KINDS, prompt="any type", id="kind")

    def on_select_changed(self, event: Select.Changed) -> None:
        self.changes.append(event.value)


async def test_the_face_shows_the_prompt_then_the_choice_cut_to_fit() -> None:
    app = _Form()
    async with app.run_test(size=(40, 12)) as pilot:
        kind = app.query_one(Choice)
        assert "any type" in screen_lines(app)[1] and "▼" in screen_lines(app)[1]
        kind.value = "research"
        await pilot.pause()
        line = screen_lines(app)[1]
        assert "research with a very" in line and "…" in line and line.rstrip().endswith("▼  ▎")
        assert "cannot fit" not in line


async def test_keys_open_the_list_find_and_choose() -> None:
    app = _Form()
    async with app.run_test(size=(40, 12)) as pilot:
        app.query_one(Choice).focus()
        await pilot.press("enter", "e", "x", "enter")  # typed without a pause
        await pilot.pause()
        kind = app.query_one(Choice)
        assert kind.value == "externship" and not kind.expanded
        assert app.changes[-1] == "externship"
        assert "externship" in screen_lines(app)[1]
        await pilot.press("enter")
        await pilot.pause()
        assert kind.expanded and "▲" in screen_lines(app)[1]
        assert any("observership" in line for line in screen_lines(app)[2:])  # the list shows
        await pilot.press("escape")
        await pilot.pause()
        assert not kind.expanded and kind.value == "externship" and kind.has_focus


async def test_the_mouse_opens_the_list_and_chooses() -> None:
    app = _Form()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.click(Choice)
        await pilot.pause()
        kind = app.query_one(Choice)
        assert kind.expanded
        lines = screen_lines(app)
        row = next(y for y, line in enumerate(lines) if y > 2 and "externship" in line)
        await pilot.click(offset=(6, row))
        await pilot.pause()
        assert kind.value == "externship" and not kind.expanded
        assert "externship" in screen_lines(app)[1]


async def test_new_options_and_prompt_reach_a_list_not_opened_yet_and_one_opened() -> None:
    app = _Form()
    async with app.run_test(size=(40, 12)) as pilot:
        kind = app.query_one(Choice)
        kind.set_options([("clerkship", "clerkship")])
        kind.prompt = "pick a kind"
        await pilot.pause()
        assert "pick a kind" in screen_lines(app)[1]
        kind.focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert kind.value == "clerkship"
        kind.set_options([("elective", "elective")])
        await pilot.pause()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert kind.value == "elective"


class _Recurs(App[None]):
    def compose(self) -> ComposeResult:
        yield Choice([(r, r) for r in ("once", "per day", "per week", "per month")], allow_blank=False)
        yield Choice([(o, o) for o in ("DMY", "MDY", "YMD")], allow_blank=False, id="order")


async def test_typed_words_with_a_space_and_a_letter_after_a_miss_find_their_option() -> None:
    """Seen by a newcomer: "per m" opened the list on its space and left "per day"; and a letter
    typed a moment after another found nothing when the two began no option (y then d searched
    "yd"): it starts a new search instead."""
    app = _Recurs()
    async with app.run_test(size=(40, 12)) as pilot:
        recurs = app.query(Choice).first()
        recurs.focus()
        await pilot.press(*"per", "space", "m")
        await pilot.pause()
        assert recurs.value == "per month" and not recurs.expanded
        order = app.query_one("#order", Choice)
        order.focus()
        await pilot.press("y")
        await pilot.pause()
        assert order.value == "YMD"
        await pilot.press("d")
        await pilot.pause()
        assert order.value == "DMY"
        await pilot.pause(Choice.FIND_PAUSE + 0.1)
        await pilot.press("space")  # after a pause, space opens the list as before
        await pilot.pause()
        assert order.expanded


class _Category(App[None]):
    def compose(self) -> ComposeResult:
        yield Choice([(c, c) for c in ("flights", "housing", "program fee", "visa/SEVIS")],
                     allow_blank=False)


async def test_words_typed_in_turn_find_the_option_whose_words_they_begin() -> None:
    """Seen by a newcomer: "prog f" in a closed Category chose "flights": "prog f" begins no
    option as a whole, and its "f" alone began one. Each word typed begins a word of "program
    fee", in turn."""
    app = _Category()
    async with app.run_test(size=(40, 12)) as pilot:
        category = app.query_one(Choice)
        category.focus()
        await pilot.press(*"prog", "space", "f")
        await pilot.pause()
        assert category.value == "program fee" and not category.expanded


async def test_two_letters_that_begin_a_word_of_an_option_find_it() -> None:
    """Seen by a newcomer: "m o" on Fee period chose nothing and said nothing ("mo" begins no
    option, and two letters were too few to look inside one), so the fee stayed "once"."""
    app = _Recurs()
    async with app.run_test(size=(40, 12)) as pilot:
        recurs = app.query(Choice).first()
        recurs.focus()
        await pilot.press("m", "o")
        await pilot.pause()
        assert recurs.value == "per month"
        await pilot.pause(Choice.FIND_PAUSE + 0.1)
        await pilot.press("w", "e")
        await pilot.pause()
        assert recurs.value == "per week"


class _HandsOn(App[None]):
    def compose(self) -> ComposeResult:
        yield Choice([(o, o) for o in ("hands-on", "observer only", "mixed", "unknown")],
                     allow_blank=False, value="unknown")


async def test_a_letter_that_begins_no_option_changes_nothing() -> None:
    """Seen by a newcomer: y chose "observer only" and x "mixed" (a letter anywhere in an
    option); a typo silently changed the value."""
    app = _HandsOn()
    async with app.run_test(size=(40, 8)) as pilot:
        hands_on = app.query_one(Choice)
        hands_on.focus()
        for letter in "yxz":
            await pilot.pause(Choice.FIND_PAUSE + 0.1)  # each a new search
            await pilot.press(letter)
            await pilot.pause()
            assert hands_on.value == "unknown"
        await pilot.pause(Choice.FIND_PAUSE + 0.1)
        await pilot.press(*"ixe")  # typed at length, letters inside an option find it
        await pilot.pause()
        assert hands_on.value == "mixed"



async def test_letters_in_the_open_list_find_as_on_the_closed_one_and_say_when_nothing_does() -> None:
    """Seen by a newcomer: enter opened a dropdown's list, and the name typed next vanished into
    it without a word. Letters in the open list find an option as on the closed dropdown (a
    word it begins, three letters inside it), and three that find nothing say so."""
    app = _Category()
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        category = app.query_one(Choice)
        category.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert category.expanded
        await pilot.press(*"Ms. Ana")
        await pilot.pause()
        assert any("matches none of" in n.message for n in app._notifications)
        await pilot.pause(Choice.FIND_PAUSE + 0.1)
        await pilot.press(*"fee", "enter")  # a word of "program fee", not its start
        await pilot.pause()
        assert category.value == "program fee" and not category.expanded


class _Channel(App[None]):
    def compose(self) -> ComposeResult:
        yield Choice([(c, c) for c in ("email", "call", "portal", "other")], allow_blank=False)


async def test_a_word_that_begins_no_option_chooses_nothing_by_its_last_letter() -> None:
    """Seen by a newcomer: "p h o" on By (email, call, portal, other) chose "other" by its last
    letter, and "p h o n e" chose "email", without a word. Past the second letter a search that
    finds nothing stays one: nothing is chosen, and it says so."""
    app = _Channel()
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        by = app.query_one(Choice)
        by.focus()
        await pilot.press(*"phone")
        await pilot.pause()
        assert by.value == "portal"  # its p found it; not "email", chosen by the last "e"
        assert any("'pho' matches none of" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause(Choice.FIND_PAUSE + 0.1)
        await pilot.press(*"pho")
        await pilot.pause()
        assert by.value == "portal"  # not "other", chosen by the "o"
