"""Atomic file writes: a temporary file in the same folder, fsynced, then ``os.replace``.

A reader never sees half a file, and an interrupted or failed run leaves the previous version of
every output in place. The one implementation every writer of policykg uses.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: str | os.PathLike[str], data: bytes | str | Callable[[Path], None], *,
                 encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically; ``data`` is bytes, text, or a function that writes a given path.

    The file gets the permissions an ordinary ``open()`` would give it (mkstemp's are 0600).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode(encoding) if isinstance(data, str) else data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def replace_dir(src: str | os.PathLike[str], target: str | os.PathLike[str], aside: str) -> Path:
    """Put the folder ``src`` where ``target`` is: the old one moved aside (to ``aside``, a name in
    the same folder that the caller's clean-up recognises), then removed.

    A folder cannot be swapped in one ``os.replace`` when the target exists; the old copy stays
    whole until the new one is in place.
    """
    import shutil

    src, target = Path(src), Path(target)
    old = None
    if target.exists():
        old = target.parent / aside
        os.replace(target, old)
    os.replace(src, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target
