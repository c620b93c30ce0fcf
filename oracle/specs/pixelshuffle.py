"""Registry entries for reference/pixelshuffle.py."""
SPECS = []
