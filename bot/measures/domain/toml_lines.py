"""The line of a field in a TOML text, from the path a loader reports it under.

``tomllib`` keeps no positions, so a problem such as ``instrument[2].score[1].band[3].max``
is found again in the text: the second ``[[instrument]]`` header, the first
``[[instrument.score]]`` after it, its third ``[[instrument.score.band]]``, then the line
that sets ``max``. When the field itself is not written (it is missing, or sits inside
an inline table), the line of the nearest block that holds it is given instead.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
_SEGMENT = re.compile(r"([A-Za-z0-9_\-]+)(?:\[(\d+)\])?")

Block = tuple[tuple[str, int], ...]  # ((dotted name, number), ...) from the top


def _blocks(text: str) -> tuple[dict[Block, int], dict[tuple[Block, str], int]]:
    """Each block's header line, and each key's line within its block."""
    headers: dict[Block, int] = {(): 0}
    keys: dict[tuple[Block, str], int] = {}
    counts: dict[str, int] = {}
    current: Block = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None:
            name = header[2]
            array = header[1] == "[["
            counts[name] = counts.get(name, 0) + 1 if array else 0
            # A new block of `name` restarts the numbering of the blocks under it.
            for deeper in [k for k in counts if k.startswith(name + ".")]:
                del counts[deeper]
            parts = name.split(".")
            current = tuple(
                (".".join(parts[: i + 1]), counts.get(".".join(parts[: i + 1]), 0))
                for i in range(len(parts))
            )
            headers.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key is not None:
            keys.setdefault((current, key[1]), number)
    return headers, keys


def line_of(text: str, path: str) -> int | None:
    """The line ``path`` (``a[2].b[1].c``, numbered from 1) is written on, or the line of
    the nearest enclosing block; None when even the first block is not in the text."""
    headers, keys = _blocks(text)
    block: list[tuple[str, int]] = []
    best: int | None = None
    names: list[str] = []
    for segment in path.split("."):
        match = _SEGMENT.fullmatch(segment.strip())
        if match is None:
            break
        names.append(match[1])
        dotted = ".".join(names)
        if match[2] is not None:
            candidate = (*block, (dotted, int(match[2])))
        else:
            candidate = (*block, (dotted, 0))
        if candidate in headers:
            block = list(candidate)
            best = headers[candidate]
            continue
        found = keys.get((tuple(block), match[1]))
        if found is not None:
            return found
        break
    return best if best else None
