"""Rule sets of green_factory (see README.md)."""
