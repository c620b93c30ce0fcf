"""Registry entries for reference/sparse.py."""
SPECS = []
