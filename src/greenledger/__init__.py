"""GreenLedger: the platform of a green low-carbon industrial district."""

__version__ = "0.1.0"
