"""Rule sets, one folder per standard, one YAML file per edition."""
