"""The long-message model: logistic regression over word n-grams, weights in JSON.

Routed only to messages of ``MIN_CHARS`` characters or more (post-length writing, where
rules fall short). On short chat it is measured to do worse than the rules (it flags
fewer of the check part's crisis and concern messages and raises false alarms the rules
do not), so short messages are answered by the rules alone. It can raise a message to
the **concern** tier, never to the crisis tier, and never lowers a tier the rules gave.

The weights (``model/longform.json``) are derived from the Reddit C-SSRS data set:
Gaur et al. 2019, Zenodo doi 10.5281/zenodo.2667859, CC BY 4.0 (see ``model/README.md``).
Retrain with ``python -m bench.train_crisis_longform --write``. Loaded once, lazily; pure Python.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.crisis.domain.longform_features import features
from bot.crisis.domain.result import CONCERN, LONG_MESSAGE, NONE, CrisisResult, Signal
from bot.crisis.domain.slang import canonicalise
from bot.kernel.text_normalise import plain as normalise

MIN_CHARS = 250
MODEL_PATH = Path(__file__).resolve().parent / "model" / "longform.json"


@dataclass(frozen=True)
class LongformModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    min_chars: int

    def probability(self, canonical: str) -> float:
        feats = features(canonical)
        z = self.bias + sum(self.weights.get(f, 0.0) * v for f, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> LongformModel | None:
    """The shipped model, or None when the file is absent (the rules still answer)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return LongformModel(
        weights={str(k): float(v) for k, v in raw["weights"].items()},
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
        min_chars=int(raw.get("min_chars", MIN_CHARS)),
    )


def canonical_text(text: str) -> str:
    """What the model reads: the detector's normalised, slang-mapped text."""
    return canonicalise(normalise(text))


def routed(canonical: str) -> bool:
    """Only post-length messages go to the model."""
    return len(canonical) >= MIN_CHARS


def raise_tier(result: CrisisResult, canonical: str) -> CrisisResult:
    """``result`` raised to concern when the model is confident enough; else unchanged
    apart from the recorded probability."""
    model = load_model()
    if model is None or len(canonical) < model.min_chars:
        return result
    probability = model.probability(canonical)
    if probability < model.threshold or result.tier != NONE:
        return _with_probability(result, probability)
    signal = Signal("model.long_message", LONG_MESSAGE, 1.0, f"p={probability:.2f}")
    return CrisisResult(
        False,
        result.score,
        (*result.signals, signal),
        CONCERN,
        max(result.concern_score, 1.0),
        probability,
    )


def _with_probability(result: CrisisResult, probability: float) -> CrisisResult:
    return CrisisResult(
        result.is_crisis,
        result.score,
        result.signals,
        result.tier,
        result.concern_score,
        probability,
    )
