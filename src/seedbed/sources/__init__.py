"""Readers that turn a person's data into Exports: LinkedIn exports and JSONL interchange.

Owns: ``read_source``, which picks the reader for a path (``*.jsonl`` -> ``read_jsonl``,
anything else -> ``read_export``). Must not import: cli, store, judge, typer or rich.
"""

from __future__ import annotations

from pathlib import Path

from seedbed.model import Export
from seedbed.sources.jsonl import read_jsonl
from seedbed.sources.linkedin import ProgressCallback, read_export

_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


def read_source(path: Path, progress: ProgressCallback | None = None) -> list[Export]:
    """Read ``path`` into Exports: a JSONL interchange file may hold several owners.

    Raises the SeedbedErrors of ``read_jsonl`` and ``read_export``.
    """
    if path.suffix.lower() in _JSONL_SUFFIXES and not path.is_dir():
        return read_jsonl(path)
    return [read_export(path, progress)]


__all__ = ["ProgressCallback", "read_export", "read_jsonl", "read_source"]
