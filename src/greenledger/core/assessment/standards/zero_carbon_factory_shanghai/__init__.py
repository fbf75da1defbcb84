"""Rule sets of zero_carbon_factory_shanghai (see README.md)."""
