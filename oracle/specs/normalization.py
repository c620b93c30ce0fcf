"""Registry entries for reference/normalization.py."""
SPECS = []
