"""How hostile submissions find what the runner hides from them (linked into the packages that
use it, like ``_base.py``)."""
import os


def project_root() -> str:
    """The grader's project directory, read from the runner's initial environment."""
    with open("/proc/self/environ", "rb") as env:
        pairs = dict(item.split(b"=", 1) for item in env.read().split(b"\0") if b"=" in item)
    return pairs[b"PYTHONPATH"].decode()


def protocol_pipes() -> list:
    """The file descriptors of this process that are pipes (the runner's protocol channel)."""
    fds = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("pipe:"):
                fds.append(int(name))
        except OSError:
            pass
    return fds
