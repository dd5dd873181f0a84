"""The domain: records, parsing and the rules of every area. No textual, no rich, no I/O."""
