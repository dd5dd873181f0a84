"""Widgets shared by the screens: the paged table, the field grid and detail panes."""
