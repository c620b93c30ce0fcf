"""Registry entries for reference/loss.py."""
SPECS = []
