"""TransformerEncoderLayer."""
__all__ = []
