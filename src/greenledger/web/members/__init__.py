"""The alliance registry: organisations, memberships, sites and designations."""
