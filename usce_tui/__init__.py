"""USCE Navigator: a keyboard-first terminal app for an IMG's search for U.S. Clinical Experience."""

__version__ = "0.1.0"
