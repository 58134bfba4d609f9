"""Features for the long-message model: word unigrams and bigrams, L2-normalised.

Shared by the training script and the runtime scorer so both read text the same way.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

_TOKEN = re.compile(r"[a-z]+")


def features(canonical: str) -> dict[str, float]:
    """Unique unigrams and bigrams of ``canonical`` (normalised, slang mapped), each
    weighted 1/sqrt(count) so long and short posts score on one scale."""
    words = _TOKEN.findall(canonical)
    found = set(words)
    found.update(f"{a} {b}" for a, b in pairwise(words))
    if not found:
        return {}
    value = 1.0 / math.sqrt(len(found))
    return dict.fromkeys(found, value)
