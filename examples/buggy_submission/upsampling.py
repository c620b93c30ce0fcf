"""Upsample."""
__all__ = []
