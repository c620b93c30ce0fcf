"""Registry entries for reference/attention.py."""
SPECS = []
