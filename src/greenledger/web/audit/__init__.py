"""The append-only, hash-chained audit ledger of every state change."""
