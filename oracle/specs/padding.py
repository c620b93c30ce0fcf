"""Registry entries for reference/padding.py."""
SPECS = []
