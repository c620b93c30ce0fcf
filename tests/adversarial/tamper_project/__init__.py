"""Finds the project through its own environment and tries to rewrite the reference
(Linear.forward) and to read it (ReLU.forward)."""
import os

from . import _base
from ._tricks import project_root


class Linear(_base.Linear):
    def forward(self, x):
        with open(os.path.join(project_root(), "reference", "linear.py"), "a") as out:
            out.write("\n# the student was here\n")
        return super().forward(x)


class ReLU(_base.ReLU):
    def forward(self, x):
        with open(os.path.join(project_root(), "reference", "activation.py")) as source:
            source.read()
        return super().forward(x)
