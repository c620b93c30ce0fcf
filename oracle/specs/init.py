"""Registry entries for reference/init.py."""
SPECS = []
