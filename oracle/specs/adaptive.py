"""Registry entries for reference/adaptive.py."""
SPECS = []
