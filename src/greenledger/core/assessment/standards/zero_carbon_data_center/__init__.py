"""Rule sets of zero_carbon_data_center (see README.md)."""
