"""Registry entries for reference/upsampling.py."""
SPECS = []
