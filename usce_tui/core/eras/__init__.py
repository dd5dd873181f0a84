"""From rotation to residency application: ERAS experiences, the story bank, interview questions."""
