"""Train the short-message crisis model and measure it where it was not trained.

    python -m bench.train_crisis_short [--write] [--max-false-alarms 0.01] [--folds 5]

Data, all in the repository: the **tuned** parts of the short-message corpus
(``tests/crisis/data/*_tune.jsonl``), the regression corpus in
``tests/crisis/test_crisis_corpus.py``, ordinary and moderated (but not crisis) peer
messages (``tests/moderation/data/labelled.jsonl`` without its method questions and the
few ordinary messages that are the concern tier here; the ``bench.moderation``
templates). The untuned parts are never read here except to report on them at the end.
No Reddit data: the model is for chat.

Label: 1 for crisis or concern, 0 for none. Model: logistic regression over
``bot.crisis.domain.shortform.features`` (character 3-5-grams, words, word pairs), plain
SGD in pure Python with balanced classes, seeded; features seen in fewer than two
training messages are left out (they would only memorise a message).

Threshold: chosen by cross-validation over the training messages (folds stratified by
label): the lowest probability whose out-of-fold false alarms, on the training
negatives the model is asked about (the rules quiet, no guard), stay under
``--max-false-alarms``. Printed: the
cross-validated figures of the model alone and of rules + model, then the untuned parts
with rules alone and rules + the model trained on everything. ``--write`` saves that
model to ``bot/crisis/domain/model/shortform.json``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.crisis_eval import TUNED, UNTUNED, Example, figures, load, report
from bench.moderation import ORDINARY
from bot.crisis.domain import safety_net, shortform
from bot.crisis.domain.crisis import CrisisResult, canonical, detect_crisis, read_rules
from bot.crisis.domain.linear import LinearModel, fit
from tests.crisis.test_crisis_corpus import CONCERN, CRISIS, RECOVERY

SEED = 14


@dataclass(frozen=True)
class Sample:
    text: str
    label: float
    features: dict[str, float]
    rules_flag: bool  # the rules flagged it
    routed: bool  # the model is asked: the rules were quiet and no guard set a match aside


MODERATION_CORPUS = Path(__file__).resolve().parents[1] / "tests/moderation/data/labelled.jsonl"
# Messages the moderation corpus calls ordinary that are the concern tier for crisis
# detection (a gentle check-in is right for them): not negatives here.
NOT_NEGATIVE = frozenset(
    {
        "sometimes i feel like nobody cares about me",
        "i feel like a burden on my family",
        "feeling like a burden to my family lately",
        "nobody cares about me, that's how it feels today",
        "i'm such a failure, missed my meeting again",
        "feeling worthless today, but i'm still here",
    }
)


def moderation_negatives() -> list[Example]:
    """Peer messages the moderation corpus labels ordinary, sourcing, harassment or
    personal information: none of them is a crisis (method questions are left out)."""
    out = []
    for line in MODERATION_CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["label"] != "method_detail" and row["text"].casefold() not in NOT_NEGATIVE:
            out.append(Example(row["text"], "none"))
    return out


def training_examples() -> list[Example]:
    examples = [e for part in TUNED for e in load(part)]
    examples += [Example(t, "crisis") for t in CRISIS]
    examples += [Example(t, "concern") for t in CONCERN]
    examples += [Example(t, "none") for t in RECOVERY]
    examples += moderation_negatives()
    rng = random.Random(SEED)
    for template in ORDINARY:
        for _ in range(2):
            text = template.format(n=rng.randint(1, 400), h=rng.randint(1, 12))
            examples.append(Example(text, "none"))
    seen: set[str] = set()
    unique = []
    for e in examples:
        if e.text.casefold() not in seen:
            seen.add(e.text.casefold())
            unique.append(e)
    return unique


def prepare(examples: Sequence[Example]) -> list[Sample]:
    samples = []
    for e in examples:
        result, guarded = read_rules(e.text)
        canon = canonical(e.text)
        # The model is asked only about what the rules and the safety net left quiet.
        if safety_net.routed(canon):
            result = safety_net.raise_tier(result, canon)
        samples.append(
            Sample(
                e.text,
                0.0 if e.tier == "none" else 1.0,
                shortform.features(canon),
                result.flagged,
                not result.flagged
                and not guarded
                and shortform.routed(canon)
                and not safety_net.set_aside(canon),
            )
        )
    return samples


# A trained model scores as the shipped one does (its threshold is chosen apart).
Model = LinearModel


def train(
    data: Sequence[Sample], *, epochs: int = 40, rate: float = 2.0, l2: float = 1e-4
) -> Model:
    counts: dict[str, int] = {}
    for d in data:
        for f in d.features:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f for f, n in counts.items() if n >= 2}
    samples = [({f: v for f, v in d.features.items() if f in vocab}, d.label) for d in data]
    return fit(samples, epochs=epochs, rate=rate, l2=l2, seed=SEED, decay=0.2)


def folds(data: Sequence[Sample], k: int) -> list[list[int]]:
    rng = random.Random(SEED)
    out: list[list[int]] = [[] for _ in range(k)]
    at = 0
    for label in (0.0, 1.0):
        ids = [i for i, d in enumerate(data) if d.label == label]
        rng.shuffle(ids)
        for i in ids:
            out[at % k].append(i)
            at += 1
    return out


def out_of_fold_scores(data: Sequence[Sample], k: int) -> list[float]:
    scores = [0.0] * len(data)
    for held in folds(data, k):
        held_set = set(held)
        model = train([d for i, d in enumerate(data) if i not in held_set])
        for i in held:
            scores[i] = model.score(data[i].features)
    return scores


def choose_threshold(data: Sequence[Sample], scores: Sequence[float], max_fa: float) -> float:
    """The lowest threshold whose out-of-fold false alarms on quiet negatives stay within
    ``max_fa`` of all negatives."""
    negatives = [s for d, s in zip(data, scores, strict=True) if d.label == 0.0]
    quiet = sorted(
        (s for d, s in zip(data, scores, strict=True) if d.label == 0.0 and d.routed),
        reverse=True,
    )
    allowed = int(max_fa * len(negatives))
    # Above the (allowed+1)-th highest quiet negative score, at most ``allowed`` alarm.
    if allowed >= len(quiet):
        return 0.5
    return min(0.99, quiet[allowed] + 1e-6)


def cv_line(data: Sequence[Sample], scores: Sequence[float], threshold: float) -> str:
    pos = [(d, s) for d, s in zip(data, scores, strict=True) if d.label == 1.0]
    neg = [(d, s) for d, s in zip(data, scores, strict=True) if d.label == 0.0]
    model_recall = sum(s >= threshold for _, s in pos) / len(pos)
    model_fa = sum(s >= threshold for _, s in neg) / len(neg)
    both_recall = sum(d.rules_flag or (d.routed and s >= threshold) for d, s in pos) / len(pos)
    both_fa = sum(d.rules_flag or (d.routed and s >= threshold) for d, s in neg) / len(neg)
    rules_recall = sum(d.rules_flag for d, _ in pos) / len(pos)
    return (
        f"cross_validated training={len(data)} threshold={threshold:.3f} "
        f"model_alone recall={model_recall:.3f} false_alarms={model_fa:.3f} | "
        f"rules recall={rules_recall:.3f} | rules+model either_recall={both_recall:.3f} "
        f"false_alarms_either={both_fa:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-false-alarms", type=float, default=0.01)
    parser.add_argument("--write", action="store_true", help="save the model trained on all")
    args = parser.parse_args(argv)
    data = prepare(training_examples())
    scores = out_of_fold_scores(data, args.folds)
    threshold = choose_threshold(data, scores, args.max_false_alarms)
    print(cv_line(data, scores, threshold))
    model = train(data)
    kept = {f: round(w, 4) for f, w in model.weights.items() if abs(w) >= 0.01}
    bias, cut = round(model.bias, 4), round(threshold, 4)
    payload = {
        "trained_by": "python -m bench.train_crisis_short --write",
        "training_messages": len(data),
        "threshold": cut,
        "bias": bias,
        "weights": dict(sorted(kept.items())),
    }
    if args.write:
        path = shortform.MODEL_PATH
        path.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
        shortform.load_model.cache_clear()
        print(f"wrote {path} features={len(kept)} bytes={path.stat().st_size}")
    # Measured with exactly what the file holds (rounded, small weights dropped).
    shipped = shortform.ShortformModel(kept, bias, cut)

    def rules_only(text: str) -> CrisisResult:
        return detect_crisis(text, use_model=False)

    def with_model(text: str) -> CrisisResult:
        result, guarded = read_rules(text)
        canon = canonical(text)
        if safety_net.routed(canon):
            result = safety_net.raise_tier(result, canon)
        if (
            result.flagged
            or guarded
            or not shortform.routed(canon)
            or safety_net.set_aside(canon)
        ):
            return result
        return shortform.raise_tier(result, canon, shipped)

    every = [e for part in UNTUNED for e in load(part)]
    for name, examples in [*((part, load(part)) for part in UNTUNED), ("all_untuned", every)]:
        print(report(f"{name}(rules)", figures(examples, rules_only)[0]))
        print(report(f"{name}(rules+short)", figures(examples, with_model)[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
