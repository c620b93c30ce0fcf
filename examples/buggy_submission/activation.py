"""Activation functions as layers."""
__all__ = []
