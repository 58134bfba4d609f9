"""Measure the crisis detector on the Reddit C-SSRS data set (500 users).

    python -m bench.crisis_eval [--show fp|fn] [--limit N]

A user counts as flagged when any of their posts is flagged; "at risk" is a label of
Ideation, Behavior or Attempt. Prints a confusion matrix, the flag rate per label,
and last ``crisis_eval users=N precision=... recall=...``. The data is read in place
from ``../shared/datasets/reddit-cssrs/`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.crisis.domain.crisis import CrisisResult, detect_crisis

DATASET = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "datasets"
    / "reddit-cssrs"
    / "500_Reddit_users_posts_labels.csv"
)
AT_RISK = frozenset({"Ideation", "Behavior", "Attempt"})
LABELS = ("Supportive", "Indicator", "Ideation", "Behavior", "Attempt")
# A truncated list literal: split on the separators between quoted posts instead.
_POST_SEPARATOR = re.compile(r"""['"],\s*['"]""")


@dataclass(frozen=True)
class User:
    name: str
    label: str
    posts: tuple[str, ...]

    @property
    def at_risk(self) -> bool:
        return self.label in AT_RISK


def _parse_posts(raw: str) -> tuple[str, ...]:
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        # Some cells were cut off mid-post when the file was exported.
        body = raw.strip().removeprefix("[").removesuffix("]").strip("'\"")
        return tuple(p for p in _POST_SEPARATOR.split(body) if p)
    if isinstance(value, list):
        return tuple(str(p) for p in value)
    return (str(value),)


def load_users(path: Path = DATASET) -> list[User]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            User(row["User"], row["Label"], _parse_posts(row["Post"]))
            for row in csv.DictReader(handle)
        ]


def first_flag(user: User) -> tuple[str, CrisisResult] | None:
    """The first post that the detector flags, with its result."""
    for post in user.posts:
        result = detect_crisis(post)
        if result.is_crisis:
            return post, result
    return None


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int
    flagged_by_label: dict[str, tuple[int, int]]

    @property
    def users(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def evaluate(
    users: list[User],
) -> tuple[Scores, list[tuple[User, tuple[str, CrisisResult] | None]]]:
    outcomes = [(u, first_flag(u)) for u in users]
    counts: Counter[tuple[bool, bool]] = Counter((u.at_risk, f is not None) for u, f in outcomes)
    by_label: dict[str, tuple[int, int]] = {}
    for label in LABELS:
        mine = [f for u, f in outcomes if u.label == label]
        by_label[label] = (sum(f is not None for f in mine), len(mine))
    scores = Scores(
        tp=counts[(True, True)],
        fp=counts[(False, True)],
        fn=counts[(True, False)],
        tn=counts[(False, False)],
        flagged_by_label=by_label,
    )
    return scores, outcomes


def _excerpt(post: str, result: CrisisResult, width: int = 90) -> str:
    signal = max(result.signals, key=lambda s: s.weight)
    low = post.lower().replace("'", "")
    at = max(0, low.find(signal.excerpt[:20]) - width // 2)
    return f"{signal.rule}: ...{post[at : at + width]!r}..."


def _iter_report(scores: Scores) -> Iterator[str]:
    yield "                 flagged  not flagged"
    yield f"at risk          {scores.tp:7d}  {scores.fn:11d}"
    yield f"not at risk      {scores.fp:7d}  {scores.tn:11d}"
    for label in LABELS:
        flagged, total = scores.flagged_by_label[label]
        yield f"  {label:<11} flagged {flagged:3d} of {total:3d}"
    yield (
        f"crisis_eval users={scores.users} precision={scores.precision:.3f} "
        f"recall={scores.recall:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("fp", "fn"), help="list false alarms or misses")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args(argv)
    if not DATASET.exists():
        print(f"data set not found: {DATASET}", file=sys.stderr)
        return 2
    scores, outcomes = evaluate(load_users())
    if args.show == "fp":
        shown = [(u, f) for u, f in outcomes if f is not None and not u.at_risk]
        for user, (post, result) in shown[: args.limit]:
            print(f"{user.name} [{user.label}] {_excerpt(post, result)}")
    elif args.show == "fn":
        for user, _ in [(u, f) for u, f in outcomes if f is None and u.at_risk][: args.limit]:
            print(f"{user.name} [{user.label}] {user.posts[0][:200]!r}")
    for line in _iter_report(scores):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
