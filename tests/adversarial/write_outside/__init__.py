"""Linear.forward writes into /tmp outside its working directory; ReLU.forward writes a scratch
file into its working directory, which is allowed."""
import numpy as np

from . import _base

ESCAPE = "/tmp/nn-oracle-adversarial-escape.txt"


class Linear(_base.Linear):
    def forward(self, x):
        with open(ESCAPE, "w") as out:
            out.write("escaped")
        return super().forward(x)


class ReLU(_base.ReLU):
    def forward(self, x):
        np.save("scratch.npy", x)
        return super().forward(x)
