"""Storage: the only code that touches TinyDB or the data file: store, atomic storage, lock,
backups, migrations, checks and the demo copy. No textual, no rich."""
