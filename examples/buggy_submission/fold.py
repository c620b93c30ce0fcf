"""Fold and Unfold (im2col / col2im as layers)."""
__all__ = []
