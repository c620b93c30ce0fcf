"""AdaptiveLogSoftmaxWithLoss."""
__all__ = []
