"""The assessment pages, by topic: calls, applications and evidence, relations, reviews and
decisions, recognition. Thin: parse the request, call a service or a selector, render."""
