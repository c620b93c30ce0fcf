"""ReLU.forward prints 4 GiB; Linear prints a little debug output and is right."""
from . import _base


class Linear(_base.Linear):
    def forward(self, x):
        print("Linear.forward got", x.shape)
        return super().forward(x)


class ReLU(_base.ReLU):
    def forward(self, x):
        line = "x" * (1 << 22)
        for _ in range(1024):
            print(line)
        return super().forward(x)
