"""Registry entries for reference/pooling.py."""
SPECS = []
