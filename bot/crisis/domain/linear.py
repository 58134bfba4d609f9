"""A logistic regression over sparse features, read from JSON: the crisis detector's two
models (``shortform``, ``longform``) and their training scripts share it."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LinearModel", "fit", "read_weights"]


@dataclass(frozen=True)
class LinearModel:
    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5

    def score(self, feats: Mapping[str, float]) -> float:
        """The probability for a message's features (clamped so it never overflows)."""
        z = self.bias + sum(self.weights.get(f, 0.0) * v for f, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def read_weights(path: Path) -> tuple[LinearModel, dict[str, Any]] | None:
    """The model in ``path`` and the file's other fields, or None when there is no file
    (the rules still answer without it)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    model = LinearModel(
        weights={str(k): float(v) for k, v in raw["weights"].items()},
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
    )
    return model, raw


def fit(
    samples: Sequence[tuple[Mapping[str, float], float]],
    *,
    epochs: int,
    rate: float,
    l2: float,
    seed: int,
    decay: float = 1.0,
) -> LinearModel:
    """Logistic regression by plain SGD (seeded, pure Python): labels 1.0 / 0.0, classes
    balanced so the threshold rather than the prior decides, the step shrinking as
    ``rate / (1 + decay * epoch)``. For the training scripts in ``bench/``."""
    order = list(samples)
    positives = sum(y for _, y in order) or 1.0
    negatives = (len(order) - positives) or 1.0
    class_weight = {1.0: len(order) / (2 * positives), 0.0: len(order) / (2 * negatives)}
    rng = random.Random(seed)
    weights: dict[str, float] = {}
    bias = 0.0
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + decay * epoch)
        for feats, y in order:
            z = bias + sum(weights.get(f, 0.0) * v for f, v in feats.items())
            g = (1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y) * class_weight[y]
            bias -= step * g
            for f, v in feats.items():
                w = weights.get(f, 0.0)
                weights[f] = w - step * (g * v + l2 * w)
    return LinearModel(weights, bias)
