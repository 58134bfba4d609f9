"""/mod terms add: a minimum length after the normaliser, and a preview before applying."""

from __future__ import annotations

import pytest

from bot.crisis.domain.crisis import detect_crisis_tier
from bot.moderation.domain.rules import ServerOverrides, default_rules
from bot.moderation.domain.terms import TermRefused, check_term, overrides_with, preview_term

RECENT = [
    "a good day today, and a walk",
    "thanks all",
    "anyone got zooties",
    "zooties was my thing, 90 days off it now",
    "you absolute gr3mlin",
    "I felt like a gremlin at group lol",
]


@pytest.mark.parametrize("term", ["a", "b0", "x x", "4", "  "])
def test_short_terms_are_refused_with_a_sentence(rules, term):
    with pytest.raises(TermRefused) as refused:
        check_term(term, "harassment", rules)
    message = str(refused.value)
    assert message.endswith(".")
    assert "short" in message or "empty" in message


def test_the_refusal_counts_letters_after_look_alikes(rules):
    with pytest.raises(TermRefused, match="at least 3 letters"):
        check_term("@$", "harassment", rules)
    assert check_term("b0z0", "harassment", rules) == "bozo"


def test_unknown_category_and_duplicates_are_refused(rules):
    with pytest.raises(TermRefused, match="only be added"):
        check_term("bozo", "flooding", rules)
    server = default_rules(
        ServerOverrides(extra_terms={"harassment": ["bozo"]}), crisis=detect_crisis_tier
    )
    with pytest.raises(TermRefused, match="already"):
        check_term("B0Z0", "harassment", server)


def test_preview_lists_what_a_harassment_term_would_have_caught(rules):
    preview = preview_term("gremlin", "harassment", rules, RECENT)
    assert preview.matched == ("you absolute gr3mlin", "I felt like a gremlin at group lol")
    assert preview.checked == len(RECENT)
    assert "flagged 2 messages of the last day's 6 messages" in preview.summary()


def test_preview_of_a_street_name_only_counts_sourcing_shapes(rules):
    preview = preview_term("zooties", "drug_sourcing", rules, RECENT)
    assert preview.matched == ("anyone got zooties",)


def test_preview_with_no_match_says_so(rules):
    preview = preview_term("zorblax", "harassment", rules, RECENT)
    assert preview.matched == ()
    assert "would not have flagged any" in preview.summary()


def test_the_one_letter_term_of_the_issue_cannot_delete_ordinary_talk(rules):
    with pytest.raises(TermRefused):
        preview_term("a", "harassment", rules, RECENT)


def test_applying_the_term_extends_the_server_overrides(rules):
    overrides = overrides_with(rules, "harassment", "bozo")
    assert list(overrides.extra_terms["harassment"]) == ["bozo"]


def test_a_preview_with_nothing_to_read_says_so_plainly(rules):
    summary = preview_term("bozo", "harassment", rules, []).summary()
    assert summary.startswith('No peer messages from the last day to try "bozo" on')
    assert "0 messages" not in summary
