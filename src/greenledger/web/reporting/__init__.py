"""Activity-data reporting: submissions, versions, imports, inventories, meter series."""
