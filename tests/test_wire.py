"""The process boundary carries plain data only: no pickle, no code."""
from __future__ import annotations

import io
from collections import OrderedDict

import numpy as np
import pytest

from oracle import wire
from oracle.spec import Ctor, Edit, LayerRef, Unpack


def test_roundtrip_of_nested_values():
    value = {"a": (np.arange(6.0).reshape(2, 3), [None, True, 3, 2.5, "s"]), "b": np.float32(1.5),
             "c": Ctor("Sequential", (Ctor("Linear", (2, 3), {"bias": False}),), {}), "d": LayerRef("ReLU")}
    back = wire.loads(wire.dumps(value))
    assert np.array_equal(back["a"][0], value["a"][0]) and isinstance(back["a"], tuple)
    assert back["a"][1] == [None, True, 3, 2.5, "s"]
    assert back["b"].dtype == np.float32 and back["b"].shape == ()
    assert back["c"] == value["c"] and back["d"] == value["d"]


def test_roundtrip_of_container_constructions():
    """Containers built from an OrderedDict, a ``*ModuleList`` and edits (index, slice, insert)."""
    inner = Ctor("ModuleList", ([Ctor("Linear", (2, 3))],),
                 edits=(Edit("insert", (0, Ctor("Tanh"))), Edit("__setitem__", (-1, Ctor("ReLU")))))
    value = [Ctor("Sequential", (OrderedDict([("fc", Ctor("Linear", (2, 3))), ("act", Ctor("Tanh"))]),),
                  edits=(Edit("__getitem__", (slice(1, None),)),)),
             Ctor("Sequential", (Unpack(inner),)), {"plain": 1}]
    back = wire.loads(wire.dumps(value))
    assert back == value
    assert type(back[0].args[0]) is OrderedDict and type(back[2]) is dict
    assert back[0].edits[0].args[0] == slice(1, None)


@pytest.mark.parametrize("bad", [np.array([object()]), object(), {1: 2}, lambda: 0])
def test_refuses_what_is_not_plain_data(bad):
    with pytest.raises(wire.WireError):
        wire.dumps(bad)


def test_a_pickled_array_is_never_loaded():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    blob = buffer.getvalue()
    header = b'{"__array__": 0}'
    frame = len(header).to_bytes(8, "big") + header + len(blob).to_bytes(8, "big") + blob
    with pytest.raises(ValueError):
        wire.loads(frame)


def test_frames_over_a_stream():
    stream = io.BytesIO()
    wire.write_frame(stream, [1, np.ones(3)])
    stream.seek(0)
    assert wire.read_frame(stream)[0] == 1
    assert wire.read_frame(stream) is None
