"""Settings: ``base`` (one machine, SQLite), ``test`` and ``production`` (PostgreSQL)."""
