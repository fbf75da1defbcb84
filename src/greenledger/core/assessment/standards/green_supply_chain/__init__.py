"""Rule sets of green_supply_chain (see README.md)."""
