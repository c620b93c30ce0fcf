"""Registry entries for reference/activation.py."""
SPECS = []
