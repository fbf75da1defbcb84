"""The server-rendered pages (owned by the UI work)."""
