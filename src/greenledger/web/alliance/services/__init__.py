"""Writes of the alliance app. Each function checks permission, validates every field (errors
keyed by field name), changes the rows, appends an audit entry and queues its mail, all in one
transaction."""
