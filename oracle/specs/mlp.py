"""Registry entries for reference/mlp.py."""
SPECS = []
