"""Factor library: versioned CSV data, each row with its source."""

from greenledger.core.factors.library import Activity, Factor, FactorLibrary, load_library

__all__ = ["Activity", "Factor", "FactorLibrary", "load_library"]
