"""Rule sets of zero_carbon_factory_ceca (see README.md)."""
