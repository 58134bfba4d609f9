"""Measure the two-tier crisis detector: the short-message corpus and the C-SSRS users.

    python -m bench.crisis_eval [--show PART] [--cv]

Corpus (``tests/crisis/data/``): messages written for the project, each with the tier it
should get (crisis, concern or none). Per part: crisis-tier recall on crisis messages,
either-tier recall on crisis and concern messages, and false alarms on recovery talk
(crisis tier and either tier). ``--show PART`` lists a part's misses and false alarms;
never list an untuned part while tuning, or it stops measuring anything.

C-SSRS (``../shared/datasets/reddit-cssrs/cssrs_dev_300.csv``; Gaur et al. 2019, Zenodo
doi 10.5281/zenodo.2667859, CC BY 4.0; read in place, never copied): a user is flagged
when any post is flagged; at risk = Ideation, Behavior or Attempt. Per tier: ``crisis``
= some post on the crisis tier; ``concern`` = the user's highest tier is concern;
``either`` = some post on either tier. Printed last: rules only, rules + both models
(in-sample for the long-message model: it was trained on these users), and with ``--cv``
the long-message model retrained per fold, cross-validated by user (slow).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.crisis.domain import crisis as crisis_module
from bot.crisis.domain.crisis import CrisisResult, detect_crisis

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "crisis" / "data"
DATASET = ROOT / ".." / "shared" / "datasets" / "reddit-cssrs" / "cssrs_dev_300.csv"
TIERS = ("crisis", "concern", "none")
# Each source of short messages is split in two: rules and model are tuned and trained on
# the first part only; the second is never listed while tuning, and the targets are
# asserted on it (see tests/crisis/data/README.md).
TUNED = (
    "lab_tune",
    "own_tune",
    "own2_tune",
    "own3_tune",
    "own4_tune",
    "own5_tune",
    "blind_dev_tune",
    # Once untuned; the whole blind set (both halves) was opened for tuning later.
    "blind_dev_seen",
    "blind_test_seen",
    "blind2_tune",
    # Untuned until released for tuning in round 4 (see the data README).
    "blind2_check_seen",
    # Half of a third blind set, released for tuning in round 5 (see the data README).
    "blind3_tune",
)
UNTUNED = (
    "lab_check",
    "own_check",
    "own2_check",
    "own3_check",
    "own4_check",
    "own5_check",
    "own6_check",
    "own7_check",
)
PARTS = TUNED + UNTUNED
AT_RISK = frozenset({"Ideation", "Behavior", "Attempt"})
LABELS = ("Supportive", "Indicator", "Ideation", "Behavior", "Attempt")


# --- the short-message corpus ---------------------------------------------------------


@dataclass(frozen=True)
class Example:
    text: str
    tier: str


def load(part: str) -> list[Example]:
    """One part of the corpus (``<part>.jsonl``), each line checked."""
    path = CORPUS / f"{part}.jsonl"
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        obj = json.loads(line)
        if obj.get("tier") not in TIERS or not isinstance(obj.get("text"), str):
            raise ValueError(f"{path.name}:{number}: needs a text and a tier in {TIERS}")
        rows.append(Example(obj["text"], obj["tier"]))
    return rows


@dataclass(frozen=True)
class CorpusFigures:
    crisis_total: int
    crisis_hit: int  # crisis messages on the crisis tier
    crisis_flagged: int  # crisis messages on either tier (answered at all)
    positive_total: int
    positive_hit: int  # crisis or concern messages on either tier
    concern_total: int
    concern_hit: int  # concern messages on either tier
    concern_on_crisis: int  # concern messages raised to the crisis tier
    none_total: int
    fa_crisis: int
    fa_either: int

    @staticmethod
    def _rate(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def crisis_recall(self) -> float:
        return self._rate(self.crisis_hit, self.crisis_total)

    @property
    def crisis_answered(self) -> float:
        """Crisis messages that get any answer (either tier)."""
        return self._rate(self.crisis_flagged, self.crisis_total)

    @property
    def either_recall(self) -> float:
        return self._rate(self.positive_hit, self.positive_total)

    @property
    def concern_recall(self) -> float:
        return self._rate(self.concern_hit, self.concern_total)

    @property
    def fa_crisis_rate(self) -> float:
        return self._rate(self.fa_crisis, self.none_total)

    @property
    def fa_either_rate(self) -> float:
        return self._rate(self.fa_either, self.none_total)


def figures(
    examples: Sequence[Example], detect: Callable[[str], CrisisResult] = detect_crisis
) -> tuple[CorpusFigures, list[tuple[Example, CrisisResult]]]:
    results = [(e, detect(e.text)) for e in examples]
    crisis = [r for e, r in results if e.tier == "crisis"]
    concern = [r for e, r in results if e.tier == "concern"]
    none = [r for e, r in results if e.tier == "none"]
    figs = CorpusFigures(
        crisis_total=len(crisis),
        crisis_hit=sum(r.is_crisis for r in crisis),
        crisis_flagged=sum(r.flagged for r in crisis),
        positive_total=len(crisis) + len(concern),
        positive_hit=sum(r.flagged for r in crisis + concern),
        concern_total=len(concern),
        concern_hit=sum(r.flagged for r in concern),
        concern_on_crisis=sum(r.is_crisis for r in concern),
        none_total=len(none),
        fa_crisis=sum(r.is_crisis for r in none),
        fa_either=sum(r.flagged for r in none),
    )
    return figs, results


def wrong(example: Example, result: CrisisResult) -> bool:
    """A miss (crisis not on the crisis tier, concern not flagged) or a false alarm."""
    return (
        (example.tier == "crisis" and not result.is_crisis)
        or (example.tier == "concern" and not result.flagged)
        or (example.tier == "none" and result.flagged)
    )


def report(part: str, figs: CorpusFigures) -> str:
    return (
        f"corpus part={part} messages={figs.positive_total + figs.none_total} "
        f"crisis_recall={figs.crisis_recall:.3f} ({figs.crisis_hit}/{figs.crisis_total}) "
        f"crisis_answered={figs.crisis_answered:.3f} ({figs.crisis_flagged}/{figs.crisis_total}) "
        f"either_recall={figs.either_recall:.3f} ({figs.positive_hit}/{figs.positive_total}) "
        f"concern_flagged={figs.concern_recall:.3f} ({figs.concern_hit}/{figs.concern_total}, "
        f"{figs.concern_on_crisis} as crisis) "
        f"false_alarms_crisis={figs.fa_crisis_rate:.3f} ({figs.fa_crisis}/{figs.none_total}) "
        f"false_alarms_either={figs.fa_either_rate:.3f} ({figs.fa_either}/{figs.none_total})"
    )


# --- the C-SSRS users -----------------------------------------------------------------


@dataclass(frozen=True)
class User:
    name: str
    label: str
    posts: tuple[str, ...]

    @property
    def at_risk(self) -> bool:
        return self.label in AT_RISK


def parse_posts(raw: str) -> tuple[str, ...]:
    """The posts in one ``Post`` cell; a cell cut off mid-post when the file was exported
    keeps every post up to the cut."""
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return _scan_literals(raw)
    if isinstance(value, list):
        return tuple(str(p) for p in value)
    return (str(value),)


def _scan_literals(raw: str) -> tuple[str, ...]:
    """Read quoted string literals one by one from a list literal that was cut off."""
    posts: list[str] = []
    i, n = raw.find("[") + 1, len(raw)
    while i < n:
        while i < n and raw[i] in " ,\n\t":
            i += 1
        if i >= n or raw[i] not in "'\"":
            break
        quote, j = raw[i], i + 1
        while j < n and raw[j] != quote:
            j += 2 if raw[j] == "\\" else 1
        if j >= n:  # the cut: keep what there is, closing the literal ourselves
            body = raw[i + 1 :].removesuffix("\\")
            try:
                posts.append(str(ast.literal_eval(quote + body + quote)))
            except (ValueError, SyntaxError):
                posts.append(body)
            break
        posts.append(str(ast.literal_eval(raw[i : j + 1])))
        i = j + 1
    return tuple(posts)


def load_users(path: Path = DATASET) -> list[User]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            User(row["User"], row["Label"], parse_posts(row["Post"]))
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class UserScores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def line(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} (tp={self.tp} fp={self.fp})"


def user_scores(pairs: Sequence[tuple[bool, bool]]) -> UserScores:
    """(at risk, flagged) per user -> scores."""
    return UserScores(
        tp=sum(1 for risk, flag in pairs if risk and flag),
        fp=sum(1 for risk, flag in pairs if flag and not risk),
        fn=sum(1 for risk, flag in pairs if risk and not flag),
    )


def user_tiers(users: Sequence[User], *, use_model: bool) -> list[tuple[bool, bool, bool]]:
    """(at risk, some post on the crisis tier, some post on either tier) per user."""
    out = []
    for user in users:
        results = [detect_crisis(p, use_model=use_model) for p in user.posts]
        out.append(
            (user.at_risk, any(r.is_crisis for r in results), any(r.flagged for r in results))
        )
    return out


def tier_scores(tiers: Sequence[tuple[bool, bool, bool]]) -> dict[str, UserScores]:
    return {
        "crisis_tier": user_scores([(a, c) for a, c, _ in tiers]),
        "concern_tier": user_scores([(a, e and not c) for a, c, e in tiers]),
        "either": user_scores([(a, e) for a, _, e in tiers]),
    }


def cssrs_line(name: str, users: Sequence[User], *, use_model: bool) -> str:
    scores = tier_scores(user_tiers(users, use_model=use_model))
    return f"cssrs {name} users={len(users)} " + " | ".join(
        f"{tier} {s.line()}" for tier, s in scores.items()
    )


def rules_only(text: str) -> CrisisResult:
    return detect_crisis(text, use_model=False)


EVASION = ROOT / "tests" / "moderation" / "data" / "evasion.jsonl"


def evasion_line() -> str:
    """Crisis messages spelt to slip past (leetspeak, look-alike letters, invisible
    characters, spaced letters), from the moderation corpus: crisis-tier recall with the
    kernel normaliser's folded view and without it (plain view only), and false alarms
    on its ordinary messages."""
    rows = [json.loads(line) for line in EVASION.read_text(encoding="utf-8").splitlines()]
    crisis = [r["text"] for r in rows if r["expect"] == "crisis"]
    ordinary = [r["text"] for r in rows if r["expect"] == "none"]
    with_fold = sum(rules_only(t).is_crisis for t in crisis)
    alarms = sum(rules_only(t).flagged for t in ordinary)
    original = crisis_module.needs_evasion_fold
    crisis_module.needs_evasion_fold = lambda *_: False
    try:
        without = sum(rules_only(t).is_crisis for t in crisis)
    finally:
        crisis_module.needs_evasion_fold = original
    return (
        f"evasion crisis_messages={len(crisis)} crisis_recall_without_fold="
        f"{without / len(crisis):.3f} ({without}) crisis_recall_with_fold="
        f"{with_fold / len(crisis):.3f} ({with_fold}) ordinary={len(ordinary)} "
        f"false_alarms_either={alarms}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=TUNED, help="list a tuned part's misses and alarms")
    parser.add_argument("--cv", action="store_true", help="retrain the long model per fold (slow)")
    args = parser.parse_args(argv)
    for part in PARTS:
        figs, results = figures(load(part))
        if args.show == part:
            for example, result in results:
                if wrong(example, result):
                    rules = [s.rule for s in result.signals]
                    print(f"[{example.tier} -> {result.tier}] {example.text!r} {rules}")
        print(report(part, figs))
    tuned = [e for part in TUNED for e in load(part)]
    untuned = [e for part in UNTUNED for e in load(part)]
    print(report("all_tuned", figures(tuned)[0]))
    print(report("all_untuned(rules_only)", figures(untuned, rules_only)[0]))
    long_posts = load("lab_long")
    print(report("lab_long(rules_only)", figures(long_posts, rules_only)[0]))
    print(report("lab_long(rules+models)", figures(long_posts)[0]))
    print(report("all_untuned(rules+models)", figures(untuned)[0]))
    print(evasion_line())
    if not DATASET.exists():
        print(f"C-SSRS data not found at {DATASET}; skipped", file=sys.stderr)
        return 0
    users = load_users()
    print(cssrs_line("rules_only", users, use_model=False))
    print(cssrs_line("rules+models(long_model_in_sample)", users, use_model=True))
    if args.cv:
        from bench.train_crisis_longform import main as cross_validate

        cross_validate([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
