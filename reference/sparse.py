"""Embedding."""
__all__ = []
