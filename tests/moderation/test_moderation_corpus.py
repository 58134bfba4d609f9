"""The moderator measured the way it fails: on labelled messages it was not tuned on.

tests/moderation/data/labelled.jsonl has eight parts (see data/README.md): ``tune``,
``dev``, ``blind2_tune`` and ``blind2_check`` (the rules were written against these;
``dev`` and both ``blind2`` halves were written blind by other engineers; ``blind2_check``
was untuned until round 4), ``seen`` (the first untuned part: measured once, then its
misses were read, so it is tuned now), ``check`` (written after the first rules and never
looked at), ``check2`` (written before the rules were widened by concept, its misses never
read) and ``check3`` (written in round 4 before any rule changed, its misses never read).
``check``, ``check2`` and ``check3`` are the figures that count.
Targets (issue 16): recall >= 0.90 for sourcing and harassment with at most 3% of
ordinary messages actioned. Run ``python -m bench.moderation_eval`` for every figure.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from bench.moderation_eval import LABELS, Figures, evasion, figures, judge_with_defaults, load

# The check part must not change silently: editing it after looking at the results
# would turn it into a tuned part. Changing it means writing a new, unseen one.
CHECK_SHA256 = "4e3f980127b48e8ee0a3fc5b0c91449e6d8088eb1dfe8da70d9c9ee8ba9c5692"
CHECK2_SHA256 = "48cd822e902984ccf4f40839c4816c55cb8d7bb5d17617b68bf120bd4e231ef1"
BLIND2_CHECK_SHA256 = "3ebf7d7c21c407ad7bf74d10cf64417882f6680f2938cda7319395ef0f36c9b6"
CHECK3_SHA256 = "a314770362428f8814048aaf172cbb05b6861acaecf06bc940fd0eea9dff0709"


@pytest.fixture(scope="module")
def labelled() -> list[dict[str, str]]:
    return load("labelled.jsonl")


@pytest.fixture(scope="module")
def judge():
    return judge_with_defaults()


@pytest.fixture(scope="module")
def check(labelled, judge) -> Figures:
    return figures(labelled, judge, "check", show=False)


@pytest.fixture(scope="module")
def check2(labelled, judge) -> Figures:
    return figures(labelled, judge, "check2", show=False)


def test_the_corpus_is_big_enough_and_balanced(labelled) -> None:
    breaking = [r for r in labelled if r["label"] in LABELS]
    ordinary = [r for r in labelled if r["label"] == "ok"]
    assert len(breaking) >= 150 and len(ordinary) >= 150
    for label in LABELS:
        assert sum(r["label"] == label for r in labelled) >= 20, label
    kinds = {r.get("kind") for r in labelled if r["label"] == "ok"}
    assert {"harm_reduction", "self_stigma"} <= kinds


@pytest.mark.parametrize(
    "part, expected",
    [
        ("check", CHECK_SHA256),
        ("check2", CHECK2_SHA256),
        ("blind2_check", BLIND2_CHECK_SHA256),
        ("check3", CHECK3_SHA256),
    ],
)
def test_the_check_parts_are_the_ones_that_were_measured_unseen(labelled, part, expected) -> None:
    rows = [r for r in labelled if r["part"] == part]
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True, ensure_ascii=False).encode())
    assert digest.hexdigest() == expected


def test_untuned_sourcing_recall(check: Figures) -> None:
    # Target 0.90; measured 0.88 (22 of 25) on this unseen part: the floor keeps it from
    # getting worse. The lead's holdout is the judge of the target.
    assert check.recall("sourcing") >= 0.88


def test_untuned_harassment_recall_meets_the_target(check: Figures) -> None:
    assert check.recall("harassment") >= 0.90


def test_untuned_personal_info_and_method_detail_recall(check: Figures) -> None:
    assert check.recall("personal_info") >= 0.90
    assert check.recall("method_detail") >= 0.80


def test_untuned_ordinary_messages_are_rarely_actioned(check: Figures) -> None:
    assert check.actioned_share <= 0.03
    for label in ("sourcing", "harassment", "personal_info"):
        assert check.precision(label) >= 0.95, label


def test_second_untuned_part_meets_the_targets(check2: Figures) -> None:
    # Measured before the widening: sourcing 0.78, harassment 0.78, personal info 0.54,
    # method detail 0.46; after: 0.97, 1.00, 0.85, 1.00, no ordinary message actioned.
    assert check2.recall("sourcing") >= 0.90
    assert check2.recall("harassment") >= 0.90
    assert check2.recall("personal_info") >= 0.80
    assert check2.recall("method_detail") >= 0.90
    assert check2.actioned_share <= 0.03
    for label in LABELS:
        assert check2.precision(label) >= 0.95, label


@pytest.fixture(scope="module")
def blind2_check(labelled, judge) -> Figures:
    return figures(labelled, judge, "blind2_check", show=False)


def test_the_released_blind_half_keeps_what_was_fixed(blind2_check: Figures) -> None:
    # Half of a blind set written by another engineer. Untuned until round 4 (sourcing
    # 0.86, harassment 0.81, personal info 0.83, method detail 0.30, 2/41 ordinary
    # actioned); released then and tuned on: every message now found, none ordinary
    # actioned. These are tuned figures; check3 is the untuned part of round 4.
    for label in LABELS:
        assert blind2_check.recall(label) >= 0.95, label
        assert blind2_check.precision(label) >= 0.95, label
    assert blind2_check.actioned == 0


def test_the_third_untuned_part_keeps_its_measured_floor(labelled, judge) -> None:
    # Written before round 4's rules changed, its misses never read. Measured before the
    # changes: sourcing 0.80, harassment 0.95, personal info 0.55, method detail 0.27,
    # 1/45 ordinary actioned; after: 0.85, 0.95, 0.60, 0.40, 1/45. Floors, not targets.
    check3 = figures(labelled, judge, "check3", show=False)
    assert check3.recall("sourcing") >= 0.85
    assert check3.recall("harassment") >= 0.95
    assert check3.recall("personal_info") >= 0.60
    assert check3.recall("method_detail") >= 0.40
    assert check3.actioned <= 1


@pytest.mark.xfail(
    strict=True,
    reason="issue 16's targets are not met on every untuned part yet (check3: "
    "sourcing 0.85; check: sourcing 0.88): when they are, this test "
    "passes and must lose its xfail",
)
def test_every_untuned_part_meets_the_issue_targets(labelled, judge) -> None:
    for part in ("check", "check2", "check3"):
        measured = figures(labelled, judge, part, show=False)
        assert measured.recall("sourcing") >= 0.90, part
        assert measured.recall("harassment") >= 0.90, part
        assert measured.actioned_share <= 0.03, part


def test_every_part_keeps_ordinary_talk_alone(labelled, judge) -> None:
    for part in ("tune", "dev", "seen", "blind2_tune"):
        assert figures(labelled, judge, part, show=False).actioned_share <= 0.03, part


def test_evasion_is_undone_and_look_alikes_are_left_alone(judge) -> None:
    line = evasion(load("evasion.jsonl"), judge, show=False)
    recall = float(line.split(" = ")[1].split("%")[0])
    assert recall >= 95.0, line
    assert "look-alikes actioned 0/" in line, line
