"""Click commands of the `greenledger` CLI that run on the pure core."""
