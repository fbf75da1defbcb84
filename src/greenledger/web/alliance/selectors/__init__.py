"""Reads of the alliance app: what each user may see of applications, colleagues, events,
registrations, notices and the outgoing mail."""
