"""Users, roles, API tokens and the object-level access rules (``permissions``)."""
