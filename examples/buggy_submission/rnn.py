"""RNN, GRU, LSTM and their cells."""
__all__ = []
