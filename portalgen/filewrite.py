"""Writing bytes to a file through its descriptor.

The build writes tens of thousands of small files (downloads, cache entries, pages), and on the
machines it runs on most of a small write is system time: a buffered file object adds calls (a
terminal check, a seek) that one ``os.write`` does without. These are the writes every stage shares.
"""

from __future__ import annotations

import os

#: Flags of a file the build creates (or replaces) and only writes.
CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_all(descriptor: int, data: bytes | memoryview) -> int:
    """Write every byte of ``data`` to the open file ``descriptor`` (``os.write`` may write less than
    it is given); returns the number of bytes written."""
    view = memoryview(data).cast("B")
    size = len(view)
    while view:
        view = view[os.write(descriptor, view):]
    return size

