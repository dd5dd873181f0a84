"""Letters (key 4): letters of recommendation from request to thank-you."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Letter
from .base import ListScreen


class LettersScreen(ListScreen):
    """The letter list."""

    AREA = "Letters of recommendation"
    EMPTY = (
        "No letters yet.\n\n"
        "Track each writer here: when you asked, what you sent them, when to follow up, the "
        "ERAS Letter ID, and the thank-you.\n\n"
        "To explore with example letters, run  usce --demo  (or  make demo)."
    )
    COLUMNS = (("Writer", 28), ("Specialty", 18), ("Type", 18), ("Status", 16), ("ERAS ID", 14))

    def rows(self) -> Iterable[tuple[int, tuple[str, ...]]]:
        for letter in self.store.all(Letter):
            yield letter.id or 0, (letter.writer_name, letter.specialty, letter.letter_type,
                                   letter.status, letter.eras_letter_id)
