"""Registry entries for reference/rnn.py."""
SPECS = []
