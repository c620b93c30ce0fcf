"""Registry entries for reference/dropout.py."""
SPECS = []
