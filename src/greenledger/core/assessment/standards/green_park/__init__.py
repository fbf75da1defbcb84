"""Rule sets of green_park (see README.md)."""
