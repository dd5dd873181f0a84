"""Modal screens: dialogs that return a value with dismiss, and the forms."""
