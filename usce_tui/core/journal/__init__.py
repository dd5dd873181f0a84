"""The journal: tags, filters, patterns, the editor's form, the privacy scan, imports and exports."""
