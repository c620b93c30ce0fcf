from ._base import Linear, ReLU  # noqa: F401
