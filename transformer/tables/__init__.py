"""Mapping tables, one module per flavour family (data only)."""
