"""torchvision.ops.MLP."""
__all__ = []
