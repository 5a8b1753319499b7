"""The ``tidings eval ...`` measurements: quality figures beside reference tools."""
