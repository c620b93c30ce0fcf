"""Registry entries for reference/instancenorm.py."""
SPECS = []
