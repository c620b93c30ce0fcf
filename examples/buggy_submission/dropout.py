"""Dropout, Dropout1d, Dropout2d, AlphaDropout."""
__all__ = []
