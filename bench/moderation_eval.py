"""Measure the peer-channel rules on the labelled corpora in tests/moderation/data/.

    python -m bench.moderation_eval [--show] [--show-check] [--extra DIR]

* labelled.jsonl: per-category precision and recall and the share of ordinary messages
  actioned, for each part: ``tune``, ``dev``, ``seen``, ``blind2_tune``,
  ``blind2_check`` and ``blind3_tune`` (rules were tuned on these) and ``check``,
  ``check2`` and ``check3`` (never tuned on: the figures that count);
* evasion.jsonl: recall on evasion variants (tricks: leetspeak, spacing, look-alike
  letters, invisible characters ...) and benign look-alikes actioned.

``--show`` lists misses and false alarms of the tuned parts; ``--show-check`` those of
the check parts too (looking at them makes them tuned: do it only to report, not to fix).
``--extra DIR`` also measures a corpus kept outside the repository (a blind set):
``DIR/moderation_holdout.jsonl`` (fields ``text``, ``category``, ``ordinary`` for ok)
and ``DIR/evasion_holdout.jsonl`` (``text``, ``expect``, ``trick``), if present.
The figures are printed last.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.crisis.domain.crisis import detect_crisis_tier
from bot.moderation.domain.moderation import ChatMessage, moderate
from bot.moderation.domain.rules import default_rules

DATA = Path(__file__).resolve().parents[1] / "tests" / "moderation" / "data"
LABELS = ("sourcing", "harassment", "personal_info", "method_detail")
CATEGORY = {
    "sourcing": "drug_sourcing",
    "harassment": "harassment",
    "personal_info": "personal_info",
    "method_detail": "method_detail",
    "crisis": "crisis",
}
ACTIONED = frozenset({"warn", "remove", "hold", "timeout"})
# "seen": the first check part, measured once untuned (see the report), then looked at.
# "check2": written before the second widening of the rules and never looked at since.
# "blind2_tune" / "blind2_check": a blind set written by another engineer, split in two
# halves by category with a fixed seed; the rules were first tuned on the first half only,
# then (round 4) on both halves: the whole blind set is tuned now.
# "check3": written in round 4 before any rule changed and never looked at since.
# "blind3_tune": half of a third blind set (the other half stays outside the repository,
# measured blind); released for tuning in round 5.
PARTS = (
    "tune",
    "dev",
    "seen",
    "check",
    "check2",
    "blind2_tune",
    "blind2_check",
    "check3",
    "blind3_tune",
)
UNTUNED = frozenset({"check", "check2", "check3"})


@dataclass(frozen=True)
class Judged:
    categories: tuple[str, ...]
    action: str


Judge = Callable[[str], Judged]


def load(name: str) -> list[dict[str, str]]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def judge_with_defaults() -> Judge:
    rules = default_rules(crisis=detect_crisis_tier)

    def judge(text: str) -> Judged:
        verdict = moderate(ChatMessage("alex", "peer-support", text), rules)
        return Judged(verdict.categories, verdict.action)

    return judge


@dataclass(frozen=True)
class Figures:
    part: str
    # label -> (true positives, false negatives, false positives)
    counts: dict[str, tuple[int, int, int]]
    ordinary: int
    actioned: int

    def precision(self, label: str) -> float:
        tp, _, fp = self.counts[label]
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, label: str) -> float:
        tp, fn, _ = self.counts[label]
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def actioned_share(self) -> float:
        return self.actioned / self.ordinary if self.ordinary else 0.0

    def line(self) -> str:
        cells = [
            f"{label} P={self.precision(label):.2f} R={self.recall(label):.2f} "
            f"(n={self.counts[label][0] + self.counts[label][1]})"
            for label in LABELS
        ]
        return (
            f"{self.part}: "
            + "; ".join(cells)
            + f"; ordinary actioned {self.actioned}/{self.ordinary} = {self.actioned_share:.1%}"
        )


def figures(rows: Iterable[dict[str, str]], judge: Judge, part: str, show: bool) -> Figures:
    judged = [(r, judge(r["text"])) for r in rows if r["part"] == part]
    counts = {}
    for label in LABELS:
        category = CATEGORY[label]
        tp = sum(1 for r, j in judged if r["label"] == label and category in j.categories)
        fn = sum(1 for r, j in judged if r["label"] == label and category not in j.categories)
        fp = sum(1 for r, j in judged if r["label"] != label and category in j.categories)
        counts[label] = (tp, fn, fp)
        if show:
            for r, j in judged:
                if r["label"] == label and category not in j.categories:
                    print(f"  [{part}] MISS {label}: {r['text']!r} -> {j.categories}")
                if r["label"] != label and r["label"] != "ok" and category in j.categories:
                    print(f"  [{part}] ALSO {label}: {r['text']!r} ({r['label']})")
    ordinary = [(r, j) for r, j in judged if r["label"] == "ok"]
    actioned = [(r, j) for r, j in ordinary if j.action in ACTIONED]
    if show:
        for r, j in actioned:
            print(f"  [{part}] FALSE ALARM: {r['text']!r} -> {j.action} {j.categories}")
    return Figures(part, counts, len(ordinary), len(actioned))


def evasion(rows: list[dict[str, str]], judge: Judge, show: bool) -> str:
    evasive = [r for r in rows if r["expect"] != "none"]
    caught = 0
    by_expect: dict[str, list[int]] = {}
    for r in evasive:
        hit = CATEGORY[r["expect"]] in judge(r["text"]).categories
        caught += hit
        tally = by_expect.setdefault(r["expect"], [0, 0])
        tally[0] += hit
        tally[1] += 1
        if show and not hit:
            print(f"  EVADED {r['expect']} ({r['trick']}): {r['text']!r}")
    benign = [r for r in rows if r["expect"] == "none"]
    flagged = 0
    for r in benign:
        j = judge(r["text"])
        bad = j.action in ACTIONED or "crisis" in j.categories
        flagged += bad
        if show and bad:
            print(f"  LOOK-ALIKE FLAGGED: {r['text']!r} -> {j.action} {j.categories}")
    per = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_expect.items()))
    return (
        f"evasion: recall {caught}/{len(evasive)} = {caught / len(evasive):.1%} ({per}); "
        f"benign look-alikes actioned {flagged}/{len(benign)}"
    )


def read_jsonl(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def extra(directory: Path, judge: Judge, show: bool) -> list[str]:
    """Figures on a blind set in the holdout format (``category``; ``ordinary`` = ok)."""
    lines = []
    messages = directory / "moderation_holdout.jsonl"
    if messages.exists():
        rows = [
            {
                "part": "extra",
                "label": "ok" if r["category"] == "ordinary" else r["category"],
                "text": r["text"],
            }
            for r in read_jsonl(messages)
        ]
        lines.append(figures(rows, judge, "extra", show).line())
    evasions = directory / "evasion_holdout.jsonl"
    if evasions.exists():
        lines.append("extra " + evasion(read_jsonl(evasions), judge, show))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--show", action="store_true", help="misses of the tuned parts")
    parser.add_argument("--show-check", action="store_true", help="misses of the check parts")
    parser.add_argument("--extra", type=Path, help="a directory holding a blind set")
    args = parser.parse_args(argv)
    judge = judge_with_defaults()
    labelled = load("labelled.jsonl")
    lines = []
    for part in PARTS:
        show = args.show_check if part in UNTUNED else args.show
        lines.append(figures(labelled, judge, part, show).line())
    lines.append(evasion(load("evasion.jsonl"), judge, args.show))
    if args.extra is not None:
        lines.extend(extra(args.extra, judge, args.show))
    print()
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
