"""Registry entries for reference/batchnorm.py."""
SPECS = []
