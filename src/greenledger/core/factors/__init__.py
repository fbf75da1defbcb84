"""Factor library: versioned CSV data, each row with its source."""
