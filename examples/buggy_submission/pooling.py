"""Pooling: max, average, adaptive, LP, max-unpool."""
__all__ = []
