"""The raw archive: every fetched body, stored before it is parsed, so any page fetched once
can be parsed again (`yzdaily reprocess`) without the network.

Content-addressed and gzip-compressed: `data/raw/ab/cd/<sha256>.gz`. A body is written once
(the same page fetched twice costs no space) and atomically (temp file, then rename), so a
crash never leaves a half-written file under a valid name.

A body is read back through the page cap (fetching/reading.py): a copy replaced by a gzip bomb,
a FIFO or a device is that page's damaged copy, found without reading more than a page's worth
and without waiting (issue 25).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import tempfile
import zlib
from pathlib import Path

from config.settings import DEFAULT_MAX_PAGE_BYTES
from fetching.reading import ReadRefused, compressed_bound, megabytes, open_regular, read_capped


class ArchiveError(RuntimeError):
    """A body is missing from the archive or does not match its address."""


class RawArchive:
    """Compressed page bodies addressed by the sha256 of their bytes."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes  # a body read back is at most this (YZDAILY_MAX_PAGE_BYTES)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.gz"

    def save(self, body: bytes) -> str:
        """Store a body (if new) and return its sha256."""
        sha256 = hashlib.sha256(body).hexdigest()
        path = self.path_for(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with (
                os.fdopen(handle, "wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
            ):
                gz.write(body)
            os.replace(temp_name, path)
        except BaseException as error:
            Path(temp_name).unlink(missing_ok=True)
            if isinstance(error, OSError) and error.filename is None:
                # gzip's write says "No space left on device" but not where: say it.
                raise OSError(error.errno, error.strerror, str(self.root)) from error
            raise
        return sha256

    def set_aside(self, sha256: str) -> None:
        """Rename a damaged copy to `<sha256>.gz.damaged`, so that the next fetch of its page
        stores a good one (`save` keeps an existing file); nothing if it is missing."""
        path = self.path_for(sha256)
        with contextlib.suppress(FileNotFoundError):
            os.replace(path, path.with_name(path.name + ".damaged"))

    def load(self, sha256: str) -> bytes:
        """The body stored under a sha256, checked against it; ArchiveError if it is missing,
        damaged, over the page cap or not a regular file."""
        path = self.path_for(sha256)
        try:
            with open_regular(path) as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > compressed_bound(self.max_bytes):
                    raise ReadRefused(
                        f"{megabytes(size)}, more than a page of at most"
                        f" {megabytes(self.max_bytes)} takes gzipped (YZDAILY_MAX_PAGE_BYTES)"
                    )
                body = read_capped(gzip.GzipFile(fileobj=handle, mode="rb"), self.max_bytes)
        except FileNotFoundError:
            raise ArchiveError(f"raw page {sha256} is missing from {self.root}") from None
        except ReadRefused as error:
            raise ArchiveError(f"raw page {path}: {error}") from error
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            # Overwritten or cut short (a full disk, a careless copy): that page, not the run.
            raise ArchiveError(f"raw page {path} is damaged ({error or 'cut short'})") from error
        if hashlib.sha256(body).hexdigest() != sha256:
            raise ArchiveError(f"raw page {path} is corrupt (its content does not match)")
        return body
