"""Planted bugs in reference/sparse.py."""
from examples.bugs import Bug

BUGS = [
    Bug(file="sparse.py",
        old="        if self.padding_idx is not None:\n"
            "            grad = np.where((flat == self.padding_idx)[:, None], 0.0, grad)\n",
        new="",
        layer="Embedding", checks=("param_grad",),
        description="the padding_idx row receives gradient (it must stay a fixed pad)"),
    Bug(file="sparse.py",
        old="        np.add.at(weight_grad, flat, grad)\n",
        new="        weight_grad[flat] += grad\n",
        layer="Embedding", checks=("param_grad",),
        description="fancy-index += instead of np.add.at: a row looked up several times gets only "
                    "one of its gradients instead of their sum"),
    Bug(file="sparse.py",
        old="        if self.max_norm is not None:\n"
            "            self._renorm_(indices)\n"
            "        self._indices = indices\n"
            "        return self.weight.data[indices]\n",
        new="        self._indices = indices\n"
            "        output = self.weight.data[indices]\n"
            "        if self.max_norm is not None:\n"
            "            norms = np.linalg.norm(output, ord=self.norm_type, axis=-1, keepdims=True)\n"
            "            output = np.where(norms > self.max_norm, output * (self.max_norm / (norms + 1e-7)), output)\n"
            "        return output\n",
        layer="Embedding", checks=("forward",),
        description="max_norm rescales the looked-up vectors but not the rows of weight (torch "
                    "renormalizes the weight in place)"),
]
