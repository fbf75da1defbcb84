"""Pure helpers of the hash-chained audit ledger."""
