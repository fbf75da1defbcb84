"""Pure calculation and rules core. Never imports Django or greenledger.web."""
