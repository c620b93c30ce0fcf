"""Linear.forward forks, ReLU.forward runs a subprocess: both refused and reported."""
import os
import subprocess

from . import _base


class Linear(_base.Linear):
    def forward(self, x):
        if os.fork() == 0:
            os._exit(0)
        return super().forward(x)


class ReLU(_base.ReLU):
    def forward(self, x):
        subprocess.run(["true"], check=False)
        return super().forward(x)
