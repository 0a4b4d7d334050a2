"""What processes sharing one KB_HOME agree on besides the graph: one ingest at a time, and
noticing vectors another process saved.

The FAISS index is a pair of files that an ingest rewrites whole (kb.vectors). Two ingests at once
would each save their own copy and one would lose the other's vectors, so ingests take an
exclusive lock on ``KB_HOME/ingest.lock`` (a second `kb ingest` or the watcher waits its turn).
Readers (`kb serve`, `kb bot`) compare the manifest's modification stamp before answering and
reload the index when it changed.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "ingest.lock"


@contextmanager
def ingest_lock(home: Path) -> Iterator[None]:
    """Hold KB_HOME's ingest lock for the block (waits while another process ingests)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def vectors_stamp(folder: Path) -> tuple[int, int] | None:
    """The manifest's (mtime in ns, size): changes whenever an ingest saves the index."""
    try:
        stat = (Path(folder) / "manifest.json").stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)
