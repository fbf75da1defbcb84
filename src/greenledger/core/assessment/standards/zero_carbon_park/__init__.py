"""Rule sets of zero_carbon_park (see README.md)."""
