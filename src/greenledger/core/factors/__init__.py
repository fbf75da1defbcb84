"""Factor library: versioned CSV data, each row with its source."""

from greenledger.core.factors.library import Activity, Factor, FactorLibrary
from greenledger.core.factors.loader import default_data_dir, load_library

__all__ = ["Activity", "Factor", "FactorLibrary", "default_data_dir", "load_library"]
