"""The detector measured: the short-message corpus (targets on the part not tuned on),
the long posts, and the Reddit C-SSRS development users (when ../shared is present)."""

from __future__ import annotations

import json

import pytest

from bench.crisis_eval import (
    CORPUS,
    DATASET,
    figures,
    load,
    load_users,
    parse_posts,
    tier_scores,
    user_tiers,
)
from bot.crisis.domain import longform
from bot.crisis.domain.crisis import detect_crisis
from tests.crisis.test_crisis_tiers import ISSUE_EXAMPLES

TUNE = load("tune")
CHECK = load("check")
SHARED = DATASET.parents[2]
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason=f"../shared is absent ({SHARED}): C-SSRS figures not measured"
)


def test_the_corpus_is_big_balanced_and_split() -> None:
    everything = TUNE + CHECK
    assert len(everything) >= 400
    assert len(CHECK) >= 0.30 * len(everything)
    positives = sum(e.tier != "none" for e in everything)
    assert 0.45 <= positives / len(everything) <= 0.55
    texts = [e.text.casefold() for e in everything]
    assert len(texts) == len(set(texts)), "a message is in the corpus twice"


def test_every_issue_example_is_in_the_tune_part_with_its_tier() -> None:
    tune = {e.text: e.tier for e in TUNE}
    for text, tier in ISSUE_EXAMPLES:
        assert tune.get(text) == tier, text


@pytest.mark.parametrize("part", ["check", "tune"])
def test_recall_and_false_alarms_meet_the_targets(part: str) -> None:
    figs, _ = figures(CHECK if part == "check" else TUNE)
    assert figs.crisis_recall >= 0.95, f"crisis-tier recall {figs.crisis_recall:.3f}"
    assert figs.either_recall >= 0.97, f"either-tier recall {figs.either_recall:.3f}"
    assert figs.fa_crisis_rate <= 0.03, f"crisis-tier false alarms {figs.fa_crisis_rate:.3f}"
    assert figs.fa_either_rate <= 0.06, f"either-tier false alarms {figs.fa_either_rate:.3f}"


def test_long_posts_gain_from_the_model_and_recovery_posts_stay_quiet() -> None:
    """``crisis_long.jsonl`` is never trained on: long peer posts, recovery and not."""
    examples = load("long")
    recovery = [e for e in examples if e.tier == "none"]
    at_risk = [e for e in examples if e.tier != "none"]
    assert len(recovery) >= 20 and len(at_risk) >= 10
    assert not [e.text[:60] for e in recovery if detect_crisis(e.text).flagged]
    with_model = sum(detect_crisis(e.text).flagged for e in at_risk)
    rules_only = sum(detect_crisis(e.text, use_model=False).flagged for e in at_risk)
    # Measured 9/10 with the model, 6/10 without.
    assert with_model >= 8 and with_model > rules_only


def test_a_cell_cut_off_mid_post_keeps_every_post_up_to_the_cut() -> None:
    assert parse_posts("['first', \"it's second\", 'thi") == ("first", "it's second", "thi")
    assert parse_posts("['one', 'two']") == ("one", "two")


def test_the_shipped_model_is_small_attributed_and_loads_without_a_download() -> None:
    path = longform.MODEL_PATH
    assert path.stat().st_size < 2_000_000
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "10.5281/zenodo.2667859" in raw["attribution"]
    assert "CC BY 4.0" in raw["attribution"]
    assert (path.parent / "README.md").exists()
    assert longform.load_model() is not None


@needs_shared
def test_every_cssrs_user_is_read_with_posts() -> None:
    assert DATASET.exists(), f"../shared is present but {DATASET.name} is not"
    users = load_users()
    assert len(users) == 300
    assert sum(u.at_risk for u in users) == 176
    assert all(u.posts for u in users)


@needs_shared
def test_cssrs_figures_hold_their_measured_floors() -> None:
    users = load_users()
    rules = tier_scores(user_tiers(users, use_model=False))
    # Rules only (no fitting on these users): measured crisis 0.851 / 0.551, either
    # 0.818 / 0.665; floors just below so a regression shows here.
    assert rules["crisis_tier"].precision >= 0.83 and rules["crisis_tier"].recall >= 0.53
    assert rules["either"].precision >= 0.80 and rules["either"].recall >= 0.64
    # With the model, in-sample (it was trained on these users): a regression guard, not
    # a measure of new people; the cross-validated figure is printed by the bench.
    model = tier_scores(user_tiers(users, use_model=True))
    assert model["either"].precision >= 0.82 and model["either"].recall >= 0.78


def test_the_corpus_files_are_where_the_bench_reads_them() -> None:
    assert {p.name for p in CORPUS.glob("crisis_*.jsonl")} >= {
        "crisis_tune.jsonl",
        "crisis_check.jsonl",
        "crisis_long.jsonl",
    }
