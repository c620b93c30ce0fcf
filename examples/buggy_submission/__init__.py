"""nn-oracle's reference: torch.nn layers in NumPy, forward and backward, PyTorch 2.13 semantics.

The package's top level exports every layer class under its torch.nn name; ``init`` is the
counterpart of torch.nn.init and ``gradcheck`` checks any module's backward numerically.
"""
from . import init
from .gradcheck import GradcheckError, gradcheck
from .module import Module, Parameter
from .container import ModuleList, Sequential
from .linear import Identity, Linear
from .flatten import Flatten, Unflatten
from .activation import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .fold import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .padding import *  # noqa: F401,F403
from .pixelshuffle import *  # noqa: F401,F403
from .upsampling import *  # noqa: F401,F403
from .batchnorm import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .instancenorm import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .sparse import *  # noqa: F401,F403
from .mlp import *  # noqa: F401,F403
from .rnn import *  # noqa: F401,F403
from .attention import *  # noqa: F401,F403
from .adaptive import *  # noqa: F401,F403
from .transformer import *  # noqa: F401,F403
