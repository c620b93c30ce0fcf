"""GroupNorm and LayerNorm."""
__all__ = []
