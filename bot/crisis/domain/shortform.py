"""The short-message model: a backstop for chat the rules left quiet.

Logistic regression over character 3-5-grams and words of the detector's canonical text
(normalised, evasion folded, chat spelling mapped), weights in JSON. Routed only to
messages shorter than ``longform.MIN_CHARS`` that the rules scored ``none``; it can raise
them to the **concern** tier (a private check-in and a quiet note, nothing removed),
never to the crisis tier, and never lowers a tier the rules gave.

Why it exists: people say hopelessness and passive wishes in more ways than any rule
table lists ("every door is closed for me"); character n-grams carry the words that
mark them ("pointless", "anymore", "tired of") through typos and new phrasings. Trained
on the project's own short messages only (the tuned parts of ``tests/crisis/data``, the
regression corpus, ordinary peer-channel messages): no Reddit data, so no attribution is
needed. Retrain with ``python -m bench.train_crisis_short --write``. Loaded once,
lazily; pure Python.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from bot.crisis.domain.linear import LinearModel, read_weights
from bot.crisis.domain.result import CONCERN, NONE, SHORT_MESSAGE, CrisisResult, Signal

MODEL_PATH = Path(__file__).resolve().parent / "model" / "shortform.json"
MAX_CHARS = 250
_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"[^a-z]+")


def features(canonical: str) -> dict[str, float]:
    """Character 3-5-grams of the letters-and-spaces text (word edges marked by spaces),
    words and word pairs; each present feature weighs 1/sqrt(count) so every message
    scores on one scale."""
    letters = " " + _SPACES.sub(" ", canonical).strip() + " "
    found: set[str] = set()
    for size in (3, 4, 5):
        for at in range(len(letters) - size + 1):
            found.add("c:" + letters[at : at + size])
    words = _WORD.findall(canonical)
    found.update("w:" + w for w in words)
    found.update(f"b:{a} {b}" for a, b in pairwise(words))
    if not found:
        return {}
    value = 1.0 / math.sqrt(len(found))
    return dict.fromkeys(found, value)


@dataclass(frozen=True)
class ShortformModel(LinearModel):
    def probability(self, canonical: str) -> float:
        return self.score(features(canonical))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> ShortformModel | None:
    """The shipped model, or None when the file is absent (the rules still answer)."""
    found = read_weights(path)
    if found is None:
        return None
    model, _ = found
    return ShortformModel(model.weights, model.bias, model.threshold)


def routed(canonical: str) -> bool:
    """Only chat-length messages with at least one letter go to the model."""
    return len(canonical) < MAX_CHARS and _WORD.search(canonical) is not None


def raise_tier(
    result: CrisisResult, canonical: str, model: ShortformModel | None = None
) -> CrisisResult:
    """``result`` raised to concern when the rules were quiet and the model (the shipped
    one unless given) is confident enough; else unchanged apart from the probability."""
    model = model or load_model()
    if model is None or result.tier != NONE:
        return result
    probability = model.probability(canonical)
    if probability < model.threshold:
        return CrisisResult(
            False, result.score, result.signals, NONE, result.concern_score, probability
        )
    signal = Signal("model.short_message", SHORT_MESSAGE, 1.0, f"p={probability:.2f}")
    return CrisisResult(
        False,
        result.score,
        (*result.signals, signal),
        CONCERN,
        max(result.concern_score, 1.0),
        probability,
    )
