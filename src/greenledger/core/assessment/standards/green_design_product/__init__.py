"""Rule sets of green_design_product (see README.md)."""
