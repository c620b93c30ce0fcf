"""InstanceNorm1d/2d."""
__all__ = []
