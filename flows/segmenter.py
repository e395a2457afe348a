"""The project's jieba Segmenter, built so that a cache jieba cannot write leaves nothing.

jieba writes its dictionary cache (about 2 MB) to a temporary file in the cache dir and renames
it into place; when the write fails (a full disk) it logs the error and leaves the temporary
file, keeping the disk full. The cache only saves the next load a second: a build removes
whatever temporary file it left.
"""

from __future__ import annotations

from pathlib import Path

from parsers.nlp import Segmenter

# tempfile.mkstemp's names, as jieba creates them in its tmp_dir.
JIEBA_TEMP_GLOB = "tmp*"


def _temp_files(cache_dir: Path) -> set[Path]:
    return {path for path in cache_dir.glob(JIEBA_TEMP_GLOB) if path.is_file()}


def build_segmenter(cache_dir: Path) -> Segmenter:
    """A Segmenter with jieba's cache in `cache_dir`, leaving no temporary file there."""
    before = _temp_files(cache_dir)
    try:
        return Segmenter(cache_dir=cache_dir)
    finally:
        for leftover in _temp_files(cache_dir) - before:
            leftover.unlink(missing_ok=True)
