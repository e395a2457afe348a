"""One writer per warehouse: an advisory lock held for a whole ingest or reprocess.

DuckDB itself lets one process write at a time, but our runs open the database only while a
batch loads, so two runs could interleave and fetch everything twice. The lock file beside the
database makes the second run wait briefly, then stop with a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse's writer lock."""


class LockFileError(RuntimeError):
    """The lock file cannot be made (a read-only or full disk, no permission)."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def writer_lock(db_path: Path, wait: float = 5.0, poll: float = 0.2) -> Iterator[None]:
    """Hold the warehouse's writer lock, waiting up to `wait` seconds for it."""
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise LockFileError(
            f"cannot write beside the warehouse {db_path} (its lock file {path.name}):"
            f" {error.strerror or error}"
        ) from error
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(handle, 100, 0).decode(errors="replace").strip()
                    raise WarehouseBusy(
                        f"another yzdaily run ({holder or 'unknown process'}) is writing to"
                        f" {db_path}; try again when it has finished"
                    ) from None
                time.sleep(poll)
        # Who holds it, for the message of a run that waits in vain; the lock works without.
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"pid {os.getpid()}".encode(), 0)
        yield
    finally:
        # Closing the descriptor releases the lock, also when the process is killed.
        os.close(handle)
