"""A Prefect API server kept for the next one-shot run of one Prefect home, until idle.

Started detached by `hosting.server.prefect_api` as `python -m hosting.keeper`: it
serves Prefect's temporary-server app on uvicorn in this process, with a watch beside it.
Runs hold the home's lease file locked shared while they use the API; every POLL_SECONDS the
watch tries to lock it exclusively. It stops the server when nobody has held a lease for
`--idle` seconds, and as soon as nobody holds one once the state file no longer names this
process (the home was removed, or a newer server took over). While it stops, it keeps the
exclusive lock: a run arriving then waits for it, then finds no state and starts a server.

Imports nothing of ours but `hosting.server` (kept light: this is a server's process).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import time
from pathlib import Path

from hosting.server import LOOPBACK, read_state

POLL_SECONDS = 1.0


class Watch:
    """Whether the server should stop: leases, idle time and the state file."""

    def __init__(self, lease: Path, state: Path, idle: float) -> None:
        self._lease = lease.open("a")  # opened once: the lock lives as long as the process
        self._state = state
        self._idle = idle
        self._busy_at = time.monotonic()

    def _ours(self) -> bool:
        state = read_state(self._state)
        return state is not None and state.pid == os.getpid()

    def forget(self) -> None:
        """Remove the state file if it still names this process."""
        if self._ours():
            self._state.unlink(missing_ok=True)

    def should_stop(self) -> bool:
        """True (holding the lease exclusively until exit) when the server should stop."""
        try:
            fcntl.flock(self._lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._busy_at = time.monotonic()  # a run holds a lease
            return False
        if not self._ours() or time.monotonic() - self._busy_at >= self._idle:
            self.forget()
            return True
        fcntl.flock(self._lease, fcntl.LOCK_UN)
        return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lease", type=Path, required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--idle", type=float, required=True, help="seconds without a run")
    args = parser.parse_args(argv)

    import uvicorn

    watch = Watch(args.lease, args.state, args.idle)
    config = uvicorn.Config(
        "prefect.server.api.server:create_app",
        factory=True,
        host=LOOPBACK,
        port=args.port,
        log_level="error",
        lifespan="on",
    )
    server = uvicorn.Server(config)

    async def watching() -> None:
        while not server.should_exit:
            await asyncio.sleep(POLL_SECONDS)
            if watch.should_stop():
                server.should_exit = True

    async def serve() -> None:
        watcher = asyncio.create_task(watching())
        try:
            await server.serve()
        finally:
            watcher.cancel()

    try:
        asyncio.run(serve())
    finally:
        watch.forget()  # stopped or killed by SIGTERM: no run should look for us


if __name__ == "__main__":
    main()
