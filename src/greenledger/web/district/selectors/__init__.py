"""Reads of the district app, by topic: ``facts`` (the fact table: yearly series, coverage,
breakdowns, core frames, decomposition, coordinated reduction), ``public`` (published
aggregates), ``targets``, ``budgets``, ``restatements``. Import the topic module."""
