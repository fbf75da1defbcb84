"""Industry ecology on the pure core: hourly carbon-free energy matching (``cfe``) and the
exchange of wastes, by-products, heat and water between sites (``symbiosis``)."""
