"""Registry entries for reference/transformer.py."""
SPECS = []
