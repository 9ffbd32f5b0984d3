"""The editors' desk: checking a draft against the archive where editors write (the language server)."""
