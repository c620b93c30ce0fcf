"""Registry entries for reference/fold.py."""
SPECS = []
