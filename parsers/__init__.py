"""Pure parsing: bytes/str in, typed records out. No network, database, clock or environment."""
