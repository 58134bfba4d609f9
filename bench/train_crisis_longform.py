"""Train the long-message model and measure it, cross-validated by user.

    python -m bench.train_crisis_longform [--folds 5] [--seed 7] [--write]

Data: the Reddit C-SSRS 300-user development split (Gaur et al. 2019, "Knowledge-aware
Assessment of Severity of Suicide Risk for Early Intervention", WWW '19; Zenodo doi
10.5281/zenodo.2667859; CC BY 4.0), read in place from ../shared, each post labelled
with its user's label (at risk = Ideation, Behavior, Attempt); plus the *tune* part of
our own short-message corpus (three copies each), which teaches the model how recovery
talk reads in the program's channels. Without it a Reddit model flags a quarter of long
recovery posts. The corpus's check part and ``tests/crisis/data/crisis_long.jsonl`` are never
trained on: they measure the model on chat. Model: logistic regression over
word unigrams and bigrams (``bot.crisis.domain.longform_features``), trained by plain SGD in
pure Python, so anyone can re-run it with no dependency; weights are written as JSON.

A user is flagged when the rules flag any post (either tier), or the model scores any
routed post (``longform.MIN_CHARS`` characters or more) at or above the threshold. The
threshold is chosen inside the training users only (inner cross-validation: recall is
maximised subject to precision >= ``--min-precision`` on their out-of-fold scores).
Printed: rules alone, the combined detector per fold, pooled cross-validated figures,
and the in-sample figure (trained and thresholded on all 300) so the gap shows.
``--write`` saves the all-300 model to ``bot/crisis/domain/model/longform.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from bench.crisis_eval import DATASET, User, load, load_users
from bot.crisis.domain.crisis import detect_crisis
from bot.crisis.domain.longform import MIN_CHARS, MODEL_PATH, canonical_text
from bot.crisis.domain.longform_features import features

ATTRIBUTION = (
    "Trained on the Reddit C-SSRS suicide dataset (300-user development split): Gaur et al. "
    "2019, 'Knowledge-aware Assessment of Severity of Suicide Risk for Early Intervention', "
    "WWW '19; Zenodo doi 10.5281/zenodo.2667859; licence CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/). Weights are derived from that data."
)


@dataclass(frozen=True)
class Prepared:
    user: User
    rules_crisis: bool
    rules_either: bool
    # Features of the posts routed to the model (long ones) and of every post (training).
    routed: tuple[dict[str, float], ...]
    all_posts: tuple[dict[str, float], ...]


@dataclass
class Model:
    weights: dict[str, float]
    bias: float

    def score(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) * v for f, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def prepare(users: Sequence[User]) -> list[Prepared]:
    out = []
    for user in users:
        results = [detect_crisis(p, use_model=False) for p in user.posts]
        canon = [canonical_text(p) for p in user.posts]
        out.append(
            Prepared(
                user,
                any(r.is_crisis for r in results),
                any(r.flagged for r in results),
                tuple(
                    features(c)
                    for c, p in zip(canon, user.posts, strict=True)
                    if len(p) >= MIN_CHARS
                ),
                tuple(features(c) for c in canon),
            )
        )
    return out


def train(
    data: Sequence[Prepared],
    *,
    epochs: int = 30,
    rate: float = 1.0,
    l2: float = 1e-4,
    min_users: int = 3,
    seed: int = 7,
    extra: Sequence[tuple[dict[str, float], float]] = (),
    extra_copies: int = 1,
) -> Model:
    """SGD on posts labelled by their user; features used by fewer than ``min_users``
    training users are left out (they would only memorise people)."""
    users_with: dict[str, int] = {}
    for d in data:
        for f in set().union(*d.all_posts) if d.all_posts else ():
            users_with[f] = users_with.get(f, 0) + 1
    vocab = {f for f, n in users_with.items() if n >= min_users}
    samples = [
        ({f: v for f, v in feats.items() if f in vocab}, 1.0 if d.user.at_risk else 0.0)
        for d in data
        for feats in d.all_posts
    ]
    # Our own corpus: chat in the program's own words, so recovery talk is learnt as such.
    for feats, y in extra:
        kept = {f: v for f, v in feats.items() if f in vocab or users_with.get(f, 0) == 0}
        samples.extend([(kept, y)] * extra_copies)
    positives = sum(y for _, y in samples)
    # Balance the classes so the threshold, not the prior, decides.
    class_weight = {
        1.0: len(samples) / (2 * positives),
        0.0: len(samples) / (2 * (len(samples) - positives)),
    }
    rng = random.Random(seed)
    weights: dict[str, float] = {}
    bias = 0.0
    step = 0
    for epoch in range(epochs):
        rng.shuffle(samples)
        lr = rate / (1 + epoch)
        for feats, y in samples:
            step += 1
            z = bias + sum(weights.get(f, 0.0) * v for f, v in feats.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * class_weight[y]
            bias -= lr * g
            for f, v in feats.items():
                w = weights.get(f, 0.0)
                weights[f] = w - lr * (g * v + l2 * w)
    return Model(weights, bias)


def user_flags(
    data: Sequence[Prepared], model: Model | None, threshold: float
) -> list[tuple[bool, bool, bool]]:
    """(at risk, flagged by rules, flagged by rules or model) per user."""
    out = []
    for d in data:
        by_model = model is not None and any(model.score(f) >= threshold for f in d.routed)
        out.append((d.user.at_risk, d.rules_either, d.rules_either or by_model))
    return out


def max_scores(data: Sequence[Prepared], model: Model) -> list[float]:
    return [max((model.score(f) for f in d.routed), default=0.0) for d in data]


def pr(pairs: Sequence[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for risk, flag in pairs if risk and flag)
    fp = sum(1 for risk, flag in pairs if not risk and flag)
    fn = sum(1 for risk, flag in pairs if risk and not flag)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def choose_threshold(
    rules_flag: Sequence[bool],
    at_risk: Sequence[bool],
    scores: Sequence[float],
    min_precision: float,
) -> float:
    """The lowest threshold whose combined precision is still >= ``min_precision``."""
    best = 1.01
    best_recall = -1.0
    for t in sorted(set(scores)):
        pairs = [(r, f or s >= t) for r, f, s in zip(at_risk, rules_flag, scores, strict=True)]
        precision, recall, *_ = pr(pairs)
        if precision >= min_precision and recall > best_recall:
            best, best_recall = t, recall
    return best


def folds_by_user(data: Sequence[Prepared], k: int, seed: int) -> list[list[int]]:
    """Stratified by label, so every fold has its share of each C-SSRS level."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, d in enumerate(data):
        by_label.setdefault(d.user.label, []).append(i)
    folds: list[list[int]] = [[] for _ in range(k)]
    at = 0
    for label in sorted(by_label):
        ids = by_label[label]
        rng.shuffle(ids)
        for i in ids:
            folds[at % k].append(i)
            at += 1
    return folds


EXTRA_COPIES = 3


def own_corpus() -> list[tuple[dict[str, float], float]]:
    """The tune part of our corpus as training samples (1.0: crisis or concern)."""
    return [
        (features(canonical_text(e.text)), 0.0 if e.tier == "none" else 1.0) for e in load("tune")
    ]


def fit(data: Sequence[Prepared], seed: int) -> Model:
    return train(data, seed=seed, extra=own_corpus(), extra_copies=EXTRA_COPIES)


def fitted_threshold(
    train_data: Sequence[Prepared], k: int, seed: int, min_precision: float
) -> float:
    """Threshold from inner out-of-fold scores of the training users only."""
    inner = folds_by_user(train_data, k, seed + 1)
    scores = [0.0] * len(train_data)
    for held in inner:
        held_set = set(held)
        model = fit([d for i, d in enumerate(train_data) if i not in held_set], seed)
        for i in held:
            scores[i] = max((model.score(f) for f in train_data[i].routed), default=0.0)
    return choose_threshold(
        [d.rules_either for d in train_data],
        [d.user.at_risk for d in train_data],
        scores,
        min_precision,
    )


def tiers_line(name: str, data: Sequence[Prepared], model_flags: Sequence[bool]) -> str:
    crisis = pr([(d.user.at_risk, d.rules_crisis) for d in data])
    concern = pr(
        [
            (d.user.at_risk, (not d.rules_crisis) and (d.rules_either or m))
            for d, m in zip(data, model_flags, strict=True)
        ]
    )
    either = pr(
        [(d.user.at_risk, d.rules_either or m) for d, m in zip(data, model_flags, strict=True)]
    )
    return (
        f"{name} users={len(data)} "
        f"crisis_tier P={crisis[0]:.3f} R={crisis[1]:.3f} | "
        f"concern_tier P={concern[0]:.3f} R={concern[1]:.3f} | "
        f"either P={either[0]:.3f} R={either[1]:.3f} (tp={either[2]} fp={either[3]} fn={either[4]})"
    )


def chat_line(model: Model, threshold: float) -> str:
    """The all-300 model on chat it never trained on: long posts and the check part."""
    parts = []
    for name in ("long", "check"):
        flags = [
            (ex.tier != "none", model.score(features(canonical_text(ex.text))) >= threshold)
            for ex in load(name)
        ]
        false_alarms = sum(1 for risk, flag in flags if flag and not risk)
        hits = sum(1 for risk, flag in flags if flag and risk)
        parts.append(
            f"{name}: flags {hits}/{sum(r for r, _ in flags)} at risk, "
            f"{false_alarms}/{sum(not r for r, _ in flags)} recovery"
        )
    return "model_on_chat (model alone, every message) " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-precision", type=float, default=0.78)
    parser.add_argument("--write", action="store_true", help="save the all-300 model")
    args = parser.parse_args(argv)
    if not DATASET.exists():
        print(f"data set not found: {DATASET}", file=sys.stderr)
        return 2
    data = prepare(load_users())
    print(tiers_line("rules_only", data, [False] * len(data)))
    # Outer cross-validation by user: model and threshold fitted on the training folds.
    outer = folds_by_user(data, args.folds, args.seed)
    cv_flags = [False] * len(data)
    for number, held in enumerate(outer, start=1):
        held_set = set(held)
        train_data = [d for i, d in enumerate(data) if i not in held_set]
        threshold = fitted_threshold(train_data, args.folds - 1, args.seed, args.min_precision)
        model = fit(train_data, args.seed)
        for i in held:
            cv_flags[i] = any(model.score(f) >= threshold for f in data[i].routed)
        test = [data[i] for i in held]
        print(
            tiers_line(
                f"fold={number} threshold={threshold:.3f}", test, [cv_flags[i] for i in held]
            )
        )
    # In-sample: the shipped model, threshold chosen the same way on all 300.
    threshold = fitted_threshold(data, args.folds, args.seed, args.min_precision)
    model = fit(data, args.seed)
    in_sample = [any(model.score(f) >= threshold for f in d.routed) for d in data]
    print(tiers_line(f"in_sample threshold={threshold:.3f}", data, in_sample))
    if args.write:
        kept = {f: round(w, 4) for f, w in model.weights.items() if abs(w) >= 0.002}
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(
            json.dumps(
                {
                    "attribution": ATTRIBUTION,
                    "trained_by": "python -m bench.train_crisis_longform --write",
                    "min_chars": MIN_CHARS,
                    "threshold": round(threshold, 4),
                    "bias": round(model.bias, 4),
                    "weights": dict(sorted(kept.items())),
                },
                separators=(",", ":"),
                ensure_ascii=True,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {MODEL_PATH} features={len(kept)} bytes={MODEL_PATH.stat().st_size}")
    print(chat_line(model, threshold))
    print(tiers_line("cross_validated", data, cv_flags))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
