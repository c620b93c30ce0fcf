"""Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d."""
__all__ = []
