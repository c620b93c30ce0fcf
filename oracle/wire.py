"""Encoding of values that cross the process boundary between the grader and a submission runner.

Only plain data crosses: JSON for structure, ``.npy`` blobs (``allow_pickle=False``) for arrays,
so nothing a submission sends can execute code on the trusted side. Supported values: None, bool,
int, float, str, list, tuple, slice, dict and OrderedDict with string keys, numpy arrays and
scalars, and the oracle's ``Ctor``/``Edit``/``LayerRef``/``Unpack`` descriptions of constructor calls.

A frame is: 8-byte big-endian length of the JSON header, the header, then per array an 8-byte
length and the ``.npy`` bytes.
"""
from __future__ import annotations

import io
import json
import struct

import numpy as np

from collections import OrderedDict

from .spec import Ctor, Edit, LayerRef, Unpack

MAX_FRAME_BYTES = 1 << 30


class WireError(Exception):
    """A value could not be encoded or a frame could not be decoded."""


def _encode(value, arrays: list):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, np.generic):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.hasobject or array.dtype.kind not in "biufc":
            raise WireError(f"cannot send an array of dtype {array.dtype} (numeric arrays only)")
        arrays.append(np.ascontiguousarray(array) if array.ndim else array)
        return {"__array__": len(arrays) - 1}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise WireError("dict keys must be strings")
        tag = "__odict__" if isinstance(value, OrderedDict) else "__dict__"
        return {tag: [[k, _encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, slice):
        return {"__slice__": [_encode(v, arrays) for v in (value.start, value.stop, value.step)]}
    if isinstance(value, Ctor):
        return {"__ctor__": [value.layer, _encode(value.args, arrays), _encode(value.kwargs, arrays),
                             [[edit.method, _encode(edit.args, arrays)] for edit in value.edits]]}
    if isinstance(value, LayerRef):
        return {"__layer__": value.layer}
    if isinstance(value, Unpack):
        return {"__unpack__": _encode(value.value, arrays)}
    raise WireError(f"cannot send a value of type {type(value).__name__}")


def _decode(value, arrays: list):
    if isinstance(value, list):
        return [_decode(v, arrays) for v in value]
    if not isinstance(value, dict):
        return value
    (tag, payload), = value.items()
    if tag == "__array__":
        return arrays[payload]
    if tag == "__tuple__":
        return tuple(_decode(v, arrays) for v in payload)
    if tag == "__dict__":
        return {k: _decode(v, arrays) for k, v in payload}
    if tag == "__odict__":
        return OrderedDict((k, _decode(v, arrays)) for k, v in payload)
    if tag == "__slice__":
        return slice(*(_decode(v, arrays) for v in payload))
    if tag == "__ctor__":
        layer, args, kwargs, edits = payload
        return Ctor(layer, _decode(args, arrays), _decode(kwargs, arrays),
                    tuple(Edit(method, _decode(edit_args, arrays)) for method, edit_args in edits))
    if tag == "__layer__":
        return LayerRef(payload)
    if tag == "__unpack__":
        return Unpack(_decode(payload, arrays))
    raise WireError(f"unknown tag {tag!r}")


def dumps(value) -> bytes:
    arrays: list = []
    header = json.dumps(_encode(value, arrays)).encode()
    parts = [struct.pack(">Q", len(header)), header]
    for array in arrays:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        blob = buffer.getvalue()
        parts += [struct.pack(">Q", len(blob)), blob]
    return b"".join(parts)


def loads(data: bytes):
    view = memoryview(data)
    (length,), offset = struct.unpack(">Q", view[:8]), 8
    header = json.loads(bytes(view[offset:offset + length]))
    offset += length
    arrays = []
    while offset < len(view):
        (size,) = struct.unpack(">Q", view[offset:offset + 8])
        offset += 8
        arrays.append(np.load(io.BytesIO(bytes(view[offset:offset + size])), allow_pickle=False))
        offset += size
    return _decode(header, arrays)


def write_frame(stream, value) -> None:
    write_payload(stream, dumps(value))


def write_payload(stream, payload: bytes) -> None:
    """Write an already encoded value (``dumps``) as one frame."""
    stream.write(struct.pack(">Q", len(payload)) + payload)
    stream.flush()


def read_frame(stream):
    """Read one frame; returns None at end of stream."""
    head = _read_exactly(stream, 8)
    if head is None:
        return None
    (size,) = struct.unpack(">Q", head)
    if size > MAX_FRAME_BYTES:
        raise WireError(f"frame of {size} bytes exceeds the limit")
    payload = _read_exactly(stream, size)
    if payload is None:
        raise WireError("stream ended inside a frame")
    return loads(payload)


def _read_exactly(stream, size: int):
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
