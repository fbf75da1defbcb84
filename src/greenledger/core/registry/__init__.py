"""Pure rules of the alliance registry: identifiers and classification codes."""
