"""Registry entries for reference/conv.py."""
SPECS = []
