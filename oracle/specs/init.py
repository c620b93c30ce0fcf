"""Registry entries for reference/init.py: torch.nn.init's functions, graded by their results.

Each function is called on a zero array of a fixed shape with fixed arguments; its result is
compared exactly (constants, eye, dirac, calculate_gain), tested against its distribution (a KS
test with false-alarm probability 1e-6 plus the support bounds), or checked by a property
(orthogonality, zeros per column). Shapes are large enough (>= 1,000 samples) that a wrong bound
or standard deviation fails the KS test with near certainty.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from ..spec import InitSpec, LayerSpec


def _gain(nonlinearity, param=None):
    return {"linear": 1.0, "conv2d": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3, "relu": math.sqrt(2.0),
            "selu": 0.75, "leaky_relu": math.sqrt(2.0 / (1 + (0.01 if param is None else param) ** 2))}[nonlinearity]


def _uniform(bound):
    return stats.uniform(loc=-bound, scale=2 * bound)


def calculate_gain_inits():
    cases = [("linear", None), ("conv2d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
             ("selu", None), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 3)]
    return [InitSpec({"returned": _gain(name, param)}, fn="calculate_gain",
                     args=(name,) if param is None else (name, param)) for name, param in cases]


def _fan(shape, mode):
    receptive = math.prod(shape[2:])
    return shape[1] * receptive if mode == "fan_in" else shape[0] * receptive


def kaiming_inits(normal: bool):
    fn = "kaiming_normal_" if normal else "kaiming_uniform_"
    # fan_in 120, fan_out 180; 7,200 samples: the KS test (alpha 1e-6) then reliably notices the
    # std 18% off that fan_out in place of fan_in gives (1,800 samples caught it only by luck)
    shape = (60, 40, 3)
    specs = []
    for kwargs in ({}, {"a": 0.2, "mode": "fan_out"}, {"nonlinearity": "relu"}, {"mode": "fan_out", "nonlinearity": "tanh"}):
        std = _gain(kwargs.get("nonlinearity", "leaky_relu"), kwargs.get("a", 0)) / math.sqrt(_fan(shape, kwargs.get("mode", "fan_in")))
        dist = stats.norm(0, std) if normal else _uniform(math.sqrt(3.0) * std)
        specs.append(InitSpec({"array": dist}, fn=fn, shape=shape, kwargs=kwargs))
    return specs + [fewer_than_2_dims(fn)]


def fewer_than_2_dims(fn: str) -> InitSpec:
    """Fans (and orthogonality) need 2+ dims: torch raises ValueError for a 1-D array."""
    return InitSpec({}, fn=fn, shape=(5,), raises="ValueError")


def xavier_inits(normal: bool):
    fn = "xavier_normal_" if normal else "xavier_uniform_"
    specs = []
    # >= 3,000 samples: the KS test then notices a std 20% off (sqrt(3 / fans) for sqrt(2 / fans))
    for shape, gain in (((60, 50), 1.0), ((24, 8, 3, 3), 2.0)):
        std = gain * math.sqrt(2.0 / (_fan(shape, "fan_in") + _fan(shape, "fan_out")))
        dist = stats.norm(0, std) if normal else _uniform(math.sqrt(3.0) * std)
        specs.append(InitSpec({"array": dist}, fn=fn, shape=shape, kwargs={} if gain == 1.0 else {"gain": gain}))
    return specs + [fewer_than_2_dims(fn)]


def _orthogonal(gain):
    def check(array):
        if not isinstance(array, np.ndarray):
            return [f"expected an array, got {type(array).__name__}"]
        flat = array.reshape(array.shape[0], -1).astype(np.float64)
        small = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
        error = np.abs(small - gain**2 * np.eye(small.shape[0])).max()
        return [] if error < 1e-4 * gain**2 else [f"rows/columns are not orthogonal with norm {gain}: "
                                                  f"max |W W^T - gain^2 I| = {error:.3g}"]
    return check


def _haar(gain, alpha=1e-6):
    """Orthogonality, plus a test that a square result is Haar-distributed (a random rotation):
    then its first column and its first row are each uniform on the sphere of radius ``gain``, so
    t = <column, ones> / (gain * sqrt(n)), a coordinate of a uniform unit vector, has
    (t + 1) / 2 ~ Beta((n - 1) / 2, (n - 1) / 2). Two-sided tests, false-alarm rate ``alpha`` in all.
    A Gaussian matrix of nonzero mean (QR of N(1, 1) entries) gives |t| ~ 0.7, 7 sigma for n = 100."""
    orthogonal = _orthogonal(gain)

    def check(array):
        problems = orthogonal(array)
        if problems:
            return problems
        n = array.shape[0]
        null = stats.beta((n - 1) / 2, (n - 1) / 2)
        for name, vector in (("first column", array[:, 0]), ("first row", array[0])):
            t = float(vector.astype(np.float64).sum()) / (gain * math.sqrt(n))
            pvalue = 2 * min(null.cdf((t + 1) / 2), null.sf((t + 1) / 2))
            if pvalue < alpha / 2:
                problems.append(f"the {name} leans toward the all-ones direction: its sum / (gain * sqrt(n)) "
                                f"= {t:.3g}, a Haar-random orthogonal matrix gives ~N(0, 1/n) (p = {pvalue:.2g}); "
                                "draw the Gaussian matrix with mean 0")
        return problems
    return check


def _sparse_columns(zeros_per_column, std):
    def check(array):
        if not isinstance(array, np.ndarray):
            return [f"expected an array, got {type(array).__name__}"]
        zeros = (array == 0).sum(axis=0)
        if np.any(zeros != zeros_per_column):
            return [f"zeros per column {zeros.tolist()}, expected {zeros_per_column} in every column"]
        nonzero = array[array != 0].astype(np.float64)
        pvalue = stats.kstest(nonzero, stats.norm(0, std).cdf).pvalue
        return [] if pvalue >= 1e-6 else [f"non-zero values do not follow N(0, {std}^2) (KS p = {pvalue:.2g})"]
    return check


def _dirac(shape, groups):
    out_per_group = shape[0] // groups
    expected = np.zeros(shape)
    centre = tuple(k // 2 for k in shape[2:])
    for g in range(groups):
        for d in range(min(out_per_group, shape[1])):
            expected[(g * out_per_group + d, d) + centre] = 1
    return expected


def _entry(fn, inits, hint):
    return LayerSpec(f"init.{fn}", "init", cases=None, init=inits, hints={"init": hint})


SPECS = [
    _entry("calculate_gain", calculate_gain_inits,
           "Gains: 1 for linear/conv/sigmoid, 5/3 tanh, sqrt(2) relu, sqrt(2/(1+slope^2)) leaky_relu "
           "(slope default 0.01), 3/4 selu."),
    _entry("uniform_", lambda: [InitSpec({"array": stats.uniform(-2, 5)}, fn="uniform_", shape=(40, 50), args=(-2.0, 3.0)),
                                InitSpec({"array": stats.uniform(0, 1)}, fn="uniform_", shape=(2000,)),
                                InitSpec({"array": np.full((3,), -0.5)}, fn="uniform_", shape=(3,), args=(-0.5, -0.5)),
                                InitSpec({}, fn="uniform_", shape=(3,), args=(1.0, 0.0), raises="RuntimeError")],
           "uniform_(t, a, b) fills with U(a, b); defaults a=0, b=1; a > b raises RuntimeError."),
    _entry("normal_", lambda: [InitSpec({"array": stats.norm(1.0, 2.0)}, fn="normal_", shape=(40, 50), args=(1.0, 2.0)),
                               InitSpec({"array": stats.norm(0, 1)}, fn="normal_", shape=(2000,)),
                               InitSpec({"array": np.full((3,), 1.5)}, fn="normal_", shape=(3,), args=(1.5, 0.0)),
                               InitSpec({}, fn="normal_", shape=(3,), args=(0.0, -1.0), raises="RuntimeError")],
           "normal_(t, mean, std): std is the standard deviation, not the variance; std < 0 raises "
           "RuntimeError."),
    # 100,000 samples: a bound computed wrongly (b for (b - mean) / std) clips ~1.5% of the mass onto
    # it, a KS distance the test (alpha 1e-6) notices from ~40,000 samples on
    _entry("trunc_normal_", lambda: [InitSpec({"array": stats.truncnorm(-1.0, 2.0, loc=0.5, scale=1.5)}, fn="trunc_normal_",
                                              shape=(200, 500), kwargs={"mean": 0.5, "std": 1.5, "a": -1.0, "b": 3.5}),
                                     InitSpec({"array": stats.truncnorm(-2.0, 2.0)}, fn="trunc_normal_", shape=(2000,))],
           "trunc_normal_ draws N(mean, std^2) restricted to [a, b] (a and b are absolute bounds, not in stds): "
           "resample or invert the CDF between a and b; clipping piles mass on the bounds."),
    _entry("constant_", lambda: [InitSpec({"array": np.full((3, 4), 0.7)}, fn="constant_", shape=(3, 4), args=(0.7,))],
           "constant_(t, val) fills every element with val."),
    _entry("zeros_", lambda: [InitSpec({"array": np.zeros((3, 4))}, fn="zeros_", shape=(3, 4))], "zeros_ fills with 0."),
    _entry("ones_", lambda: [InitSpec({"array": np.ones((3, 4))}, fn="ones_", shape=(3, 4))], "ones_ fills with 1."),
    _entry("eye_", lambda: [InitSpec({"array": np.eye(4, 6)}, fn="eye_", shape=(4, 6)),
                            InitSpec({"array": np.eye(5, 3)}, fn="eye_", shape=(5, 3))],
           "eye_ writes ones on the main diagonal of a (possibly non-square) matrix, zeros elsewhere."),
    _entry("dirac_", lambda: [InitSpec({"array": _dirac((4, 3, 3), 1)}, fn="dirac_", shape=(4, 3, 3)),
                              # shape[1], shape[2] and shape[-1] differ (and are not divisible by groups)
                              InitSpec({"array": _dirac((6, 3, 2, 5), 2)}, fn="dirac_", shape=(6, 3, 2, 5), kwargs={"groups": 2}),
                              InitSpec({"array": _dirac((4, 2, 3, 3, 3), 1)}, fn="dirac_", shape=(4, 2, 3, 3, 3))],
           "dirac_ puts a 1 at the kernel centre (k // 2 per dim) for output d of each group and input d."),
    _entry("xavier_uniform_", lambda: xavier_inits(False),
           "xavier_uniform_: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)); fans include the receptive field."),
    _entry("xavier_normal_", lambda: xavier_inits(True),
           "xavier_normal_: std = gain * sqrt(2 / (fan_in + fan_out))."),
    _entry("kaiming_uniform_", lambda: kaiming_inits(False),
           "kaiming_uniform_: bound = gain * sqrt(3 / fan), gain from calculate_gain(nonlinearity, a), "
           "fan per mode (fan_in = shape[1] * receptive field)."),
    _entry("kaiming_normal_", lambda: kaiming_inits(True),
           "kaiming_normal_: std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a) (sqrt(2) for "
           "relu, not 2), fan = fan_in by default (mode='fan_in')."),
    _entry("orthogonal_", lambda: [InitSpec({"array": _orthogonal(1.0)}, fn="orthogonal_", shape=(6, 10)),
                                   InitSpec({"array": _orthogonal(1.5)}, fn="orthogonal_", shape=(12, 2, 2), kwargs={"gain": 1.5}),
                                   InitSpec({"array": _haar(1.0)}, fn="orthogonal_", shape=(100, 100)),
                                   InitSpec({"array": _orthogonal(1.0)}, fn="orthogonal_", shape=(1, 1)),
                                   InitSpec({"array": np.zeros((0, 3))}, fn="orthogonal_", shape=(0, 3)),
                                   fewer_than_2_dims("orthogonal_")],
           "orthogonal_: QR of a standard Gaussian matrix (dims after the first flattened), signs fixed by "
           "diag(R) so the result is Haar-random, scaled by gain."),
    _entry("sparse_", lambda: [InitSpec({"array": _sparse_columns(6, 0.05)}, fn="sparse_", shape=(20, 300),
                                        kwargs={"sparsity": 0.3, "std": 0.05}),
                               InitSpec({"array": _sparse_columns(2, 0.01)}, fn="sparse_", shape=(10, 200), args=(0.15,))],
           "sparse_: N(0, std^2) (std default 0.01), then ceil(sparsity * rows) zeros in every column."),
]
