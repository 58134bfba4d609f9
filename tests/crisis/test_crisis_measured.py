"""The detector measured: the short-message corpus (floors and the issue's targets on the
parts never tuned on), the long posts, and the Reddit C-SSRS development users (when
../shared is present). See tests/crisis/data/README.md for the parts and the split."""

from __future__ import annotations

import json

import pytest

from bench.crisis_eval import (
    CORPUS,
    DATASET,
    EVASION,
    PARTS,
    TUNED,
    UNTUNED,
    Example,
    figures,
    load,
    load_users,
    parse_posts,
    tier_scores,
    user_tiers,
)
from bot.crisis.domain import longform, shortform
from bot.crisis.domain.crisis import CrisisResult, detect_crisis
from tests.crisis.test_crisis_tiers import ISSUE_EXAMPLES

WRITTEN = {part: load(part) for part in PARTS}
UNTUNED_MESSAGES = [e for part in UNTUNED for e in WRITTEN[part]]
TUNED_MESSAGES = [e for part in TUNED for e in WRITTEN[part]]
# The blind set's two halves were opened for tuning late; the targets were met on the
# parts tuned before, and the blind halves hold their own floors.
BLIND_SEEN = ("blind_dev_seen", "blind_test_seen")
# The second blind set's untuned half, opened for tuning later: held to its own floors.
BLIND2_SEEN = ("blind2_check_seen",)
TUNED_BEFORE = [
    e for part in TUNED if part not in BLIND_SEEN + BLIND2_SEEN for e in WRITTEN[part]
]
SHARED = DATASET.parents[2]
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason=f"../shared is absent ({SHARED}): C-SSRS figures not measured"
)


def _rules_only(text: str) -> CrisisResult:
    return detect_crisis(text, use_model=False)


def test_the_corpus_is_big_balanced_split_and_has_no_message_twice() -> None:
    everything = TUNED_MESSAGES + UNTUNED_MESSAGES
    assert len(everything) >= 400
    assert len(UNTUNED_MESSAGES) >= 0.30 * len(everything)
    positives = sum(e.tier != "none" for e in everything)
    assert 0.45 <= positives / len(everything) <= 0.55
    texts = [e.text.casefold() for e in everything + load("lab_long")]
    assert len(texts) == len(set(texts)), "a message is in the corpus twice"


def test_every_issue_example_is_in_a_tuned_part_with_its_tier() -> None:
    tuned = {e.text.casefold(): e.tier for e in TUNED_MESSAGES}
    for text, tier in ISSUE_EXAMPLES:
        assert tuned.get(text.casefold()) == tier, text


def test_the_tuned_parts_hold_the_targets() -> None:
    figs, _ = figures(TUNED_BEFORE)
    assert figs.crisis_recall >= 0.95, f"crisis-tier recall {figs.crisis_recall:.3f}"
    assert figs.either_recall >= 0.97, f"either-tier recall {figs.either_recall:.3f}"
    assert figs.fa_crisis_rate <= 0.03, f"crisis-tier false alarms {figs.fa_crisis_rate:.3f}"
    assert figs.fa_either_rate <= 0.06, f"either-tier false alarms {figs.fa_either_rate:.3f}"


def test_the_untuned_parts_hold_their_measured_floors() -> None:
    """Regression floors just under what was measured on messages never tuned on."""
    figs, _ = figures(UNTUNED_MESSAGES)
    # Measured 0.845 / 0.912 / 0.003 / 0.011, crisis messages answered on either tier
    # 0.917 (800 messages: 252 crisis, 192 concern, 356 recovery or ordinary; own7_check
    # among them, blind2_check released for tuning).
    assert figs.crisis_recall >= 0.83, f"crisis-tier recall {figs.crisis_recall:.3f}"
    assert figs.either_recall >= 0.90, f"either-tier recall {figs.either_recall:.3f}"
    assert figs.crisis_answered >= 0.90, f"crisis answered {figs.crisis_answered:.3f}"
    assert figs.fa_crisis_rate <= 0.02, f"crisis-tier false alarms {figs.fa_crisis_rate:.3f}"
    assert figs.fa_either_rate <= 0.03, f"either-tier false alarms {figs.fa_either_rate:.3f}"


def test_the_second_blind_half_opened_for_tuning_holds_its_floors() -> None:
    """The second blind set's untuned half, released for tuning in round 4: before, 0.667
    of its crisis messages on the crisis tier, 0.725 answered at all, either-tier recall
    0.741, false alarms 2 of 67 on both tiers."""
    figs, _ = figures([e for part in BLIND2_SEEN for e in WRITTEN[part]])
    assert figs.crisis_recall >= 0.92, f"crisis-tier recall {figs.crisis_recall:.3f}"
    assert figs.crisis_answered >= 0.94, f"crisis answered {figs.crisis_answered:.3f}"
    assert figs.either_recall >= 0.94, f"either-tier recall {figs.either_recall:.3f}"
    assert figs.fa_crisis_rate <= 0.02, f"crisis-tier false alarms {figs.fa_crisis_rate:.3f}"
    assert figs.fa_either_rate <= 0.03, f"either-tier false alarms {figs.fa_either_rate:.3f}"


def test_the_blind_set_opened_for_tuning_holds_its_floors() -> None:
    """Both halves of another engineer's blind set, tuned on since: before, 0.70 of its
    crisis messages on the crisis tier and 0.81 answered at all (test half)."""
    figs, _ = figures([e for part in BLIND_SEEN for e in WRITTEN[part]])
    assert figs.crisis_answered >= 0.97, f"crisis answered {figs.crisis_answered:.3f}"
    assert figs.either_recall >= 0.94, f"either-tier recall {figs.either_recall:.3f}"
    assert figs.fa_crisis_rate <= 0.02, f"crisis-tier false alarms {figs.fa_crisis_rate:.3f}"
    assert figs.fa_either_rate <= 0.05, f"either-tier false alarms {figs.fa_either_rate:.3f}"


@pytest.mark.xfail(
    strict=True,
    reason="issue 14's targets are not met on the untuned parts yet: see the report and "
    "python -m bench.crisis_eval (all_untuned); when they are met this test passes and "
    "must lose its xfail",
)
def test_the_untuned_parts_meet_the_issue_targets() -> None:
    figs, _ = figures(UNTUNED_MESSAGES)
    assert figs.crisis_recall >= 0.95
    assert figs.either_recall >= 0.97
    assert figs.fa_crisis_rate <= 0.03
    assert figs.fa_either_rate <= 0.06


def test_the_short_model_adds_recall_on_untuned_messages_within_the_alarm_budget() -> None:
    with_model, _ = figures(UNTUNED_MESSAGES)
    rules, _ = figures(UNTUNED_MESSAGES, _rules_only)
    assert with_model.either_recall >= rules.either_recall + 0.04
    assert with_model.crisis_hit == rules.crisis_hit  # it never raises to the crisis tier
    assert with_model.fa_crisis == rules.fa_crisis
    assert with_model.fa_either - rules.fa_either <= 0.03 * with_model.none_total


def test_long_posts_gain_from_the_model_and_recovery_posts_stay_quiet() -> None:
    """``lab_long`` is never trained on: long peer posts, recovery and not."""
    examples = load("lab_long")
    recovery = [e for e in examples if e.tier == "none"]
    at_risk = [e for e in examples if e.tier != "none"]
    assert len(recovery) >= 20 and len(at_risk) >= 10
    assert not [e.text[:60] for e in recovery if detect_crisis(e.text).flagged]
    with_model = sum(detect_crisis(e.text).flagged for e in at_risk)
    rules_only = sum(_rules_only(e.text).flagged for e in at_risk)
    assert with_model >= 8 and with_model > rules_only


def test_spelling_meant_to_slip_past_is_read_through_and_ordinary_text_stays_quiet() -> None:
    """The moderation corpus's evasion set: leetspeak, look-alike letters, invisible
    characters, spaced letters. Measured 0.949 before the four misses were fixed, 1.000
    after; 0.615 without the normaliser's folded view."""
    rows = [json.loads(line) for line in EVASION.read_text(encoding="utf-8").splitlines()]
    crisis = [r["text"] for r in rows if r["expect"] == "crisis"]
    ordinary = [r["text"] for r in rows if r["expect"] == "none"]
    assert len(crisis) >= 60 and len(ordinary) >= 30
    caught = [t for t in crisis if _rules_only(t).is_crisis]
    assert len(caught) >= 0.97 * len(crisis), sorted(set(crisis) - set(caught))
    assert not [t for t in ordinary if _rules_only(t).flagged]


def test_a_corpus_line_without_a_known_tier_is_refused(tmp_path, monkeypatch) -> None:
    import bench.crisis_eval as crisis_eval

    (tmp_path / "bad.jsonl").write_text('{"text": "hi", "tier": "maybe"}\n', encoding="utf-8")
    monkeypatch.setattr(crisis_eval, "CORPUS", tmp_path)
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        crisis_eval.load("bad")
    assert Example("hi", "none").tier == "none"


def test_a_cell_cut_off_mid_post_keeps_every_post_up_to_the_cut() -> None:
    assert parse_posts("['first', \"it's second\", 'thi") == ("first", "it's second", "thi")
    assert parse_posts("['one', 'two']") == ("one", "two")


def test_the_shipped_models_are_small_attributed_and_load_without_a_download() -> None:
    long_path = longform.MODEL_PATH
    assert long_path.stat().st_size < 2_000_000
    raw = json.loads(long_path.read_text(encoding="utf-8"))
    assert "10.5281/zenodo.2667859" in raw["attribution"]
    assert "CC BY 4.0" in raw["attribution"]
    assert (long_path.parent / "README.md").exists()
    assert longform.load_model() is not None
    short_path = shortform.MODEL_PATH
    assert short_path.stat().st_size < 1_000_000
    assert shortform.load_model() is not None
    assert "cssrs" not in short_path.read_text(encoding="utf-8").casefold()


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
    # Rules only (no fitting on these users): measured crisis 0.831 / 0.585, either
    # 0.782 / 0.733; floors just below so a regression shows here.
    assert rules["crisis_tier"].precision >= 0.81 and rules["crisis_tier"].recall >= 0.57
    assert rules["either"].precision >= 0.76 and rules["either"].recall >= 0.72
    # With the models, in-sample for the long one (it was trained on these users): a
    # regression guard, not a measure of new people; the cross-validated figure is
    # printed by python -m bench.crisis_eval --cv.
    models = tier_scores(user_tiers(users, use_model=True))
    assert models["either"].precision >= 0.76 and models["either"].recall >= 0.84


def test_the_corpus_files_are_where_the_bench_reads_them() -> None:
    names = {p.stem for p in CORPUS.glob("*.jsonl")}
    assert set(PARTS) | {"lab_long"} <= names
