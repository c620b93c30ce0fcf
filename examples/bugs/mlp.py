"""Planted bugs in reference/mlp.py (torchvision's MLP built from torch.nn layers)."""
from . import Bug

BUGS = [
    Bug(file="mlp.py",
        old="""            if norm_layer is not None:
                layers.append(norm_layer(hidden_dim))
            layers.append(activation_layer(**params))
""",
        new="""            layers.append(activation_layer(**params))
            if norm_layer is not None:  # normalization after the activation
                layers.append(norm_layer(hidden_dim))
""",
        layer="MLP", checks=("forward", "input_grad", "param_grad", "state", "init"),
        description="norm_layer placed after the activation instead of between Linear and activation (the "
                    "norm layer's parameters then sit at the wrong Sequential index)"),
    Bug(file="mlp.py",
        old="            layers.append(Linear(in_dim, hidden_dim, bias=bias))\n",
        new="            layers.append(Linear(in_dim, hidden_dim))\n",
        layer="MLP", checks=("forward", "input_grad", "param_grad", "state"),
        description="bias=False is passed to the last Linear only: the hidden Linears keep a bias"),
    Bug(file="mlp.py",
        old="        layers.append(Linear(in_dim, hidden_channels[-1], bias=bias))\n"
            "        layers.append(Dropout(dropout, **params))\n",
        new="        layers.append(Linear(in_dim, hidden_channels[-1], bias=bias))\n",
        layer="MLP", checks=("forward", "input_grad", "param_grad", "state"),
        description="no Dropout after the last Linear (torchvision's MLP ends with one): the module list "
                    "and its numbering differ from torch's, and dropout=1 no longer zeroes the output"),
]
