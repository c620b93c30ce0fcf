"""Randomness-aware properties for layers whose output depends on random draws (dropout-like).

Such layers are never compared mask-for-mask with the reference. A spec lists the checks whose
value comparison is replaced (``LayerSpec.property_checks``) and registers a property function
here under its layer name: ``PROPERTIES[layer](check, case, actual, expected, session, **extra)``
returns a list of problems (empty when the properties hold).
"""
from __future__ import annotations

PROPERTIES: dict = {}


def run(spec, check, case, actual, expected, session, **extra) -> list[str]:
    if spec.name not in PROPERTIES:
        raise KeyError(f"{spec.name} declares property checks but registers no property function")
    return PROPERTIES[spec.name](check, case, actual, expected, session, **extra)
