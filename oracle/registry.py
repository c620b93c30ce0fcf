"""The registry: the single list of graded layers.

Each family has one file ``oracle/specs/<family>.py`` (the same name as its reference file) that
defines ``SPECS``, a list of LayerSpec. Adding a layer = adding a LayerSpec there; adding a family =
adding its name to FAMILIES.
"""
from __future__ import annotations

import importlib

from .spec import LayerSpec

FAMILIES = ("linear", "flatten", "container", "activation", "loss", "init", "conv", "fold", "pooling",
            "padding", "pixelshuffle", "upsampling", "batchnorm", "normalization", "instancenorm",
            "dropout", "sparse", "mlp", "rnn", "attention", "adaptive", "transformer")

SPECS: list[LayerSpec] = [spec for family in FAMILIES
                          for spec in importlib.import_module(f"oracle.specs.{family}").SPECS]
BY_NAME: dict[str, LayerSpec] = {spec.name: spec for spec in SPECS}

if len(BY_NAME) != len(SPECS):
    raise RuntimeError("two registry entries share a name")


def manifest(layers=None) -> list[tuple[str, str]]:
    """Every (layer, check) pair that is graded, fixed before anything runs."""
    return [(spec.name, check) for spec in SPECS if layers is None or spec.name in layers
            for check in spec.checks()]
