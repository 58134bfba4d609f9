"""Peer-channel moderation: each rule's action, escalation, flooding and overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.crisis.domain.crisis import detect_crisis_tier
from bot.moderation.domain.moderation import (
    ChatMessage,
    PastWarning,
    is_flooding,
    moderate,
    warning_escalates,
)
from bot.moderation.domain.rules import (
    ModerationConfigError,
    ServerOverrides,
    compile_rules,
    load_config,
)

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def check(rules, text, **kwargs):
    return moderate(ChatMessage("alex", "peer-support", text, NOW), rules, **kwargs)


@pytest.mark.parametrize(
    ("text", "category", "action"),
    [
        ("text me at 555-867-5309 tonight", "personal_info", "remove"),
        ("my number is +44 7700 900123", "personal_info", "remove"),
        ("email me: jordan.recovery@example.com", "personal_info", "remove"),
        ("I live at 42 Maple Street, come by", "personal_info", "remove"),
        ("anyone got a plug", "drug_sourcing", "remove"),
        ("selling my oxys, cheap", "drug_sourcing", "remove"),
        ("who has xans", "drug_sourcing", "remove"),
        ("where can I get fent around here", "drug_sourcing", "remove"),
        ("hmu for bars", "drug_sourcing", "remove"),
        ("what's the lethal dose of tylenol", "method_detail", "hold"),
        ("the easiest way to kill yourself is", "method_detail", "hold"),
        ("kys", "harassment", "remove"),
        ("you're pathetic, nobody wants you here", "harassment", "remove"),
        ("hope you relapse", "harassment", "remove"),
    ],
)
def test_each_rule_gives_its_action(rules, text, category, action):
    verdict = check(rules, text)
    assert verdict.categories == (category,)
    assert verdict.action == action
    assert verdict.rules[0].startswith(category + ".")


def test_asking_how_many_pills_it_takes_to_die_is_held_and_answered_as_a_crisis(rules):
    # Asking for a lethal amount is a plan forming: the detail is held for review and the
    # person is answered and facilitators alerted, as for any crisis.
    verdict = check(rules, "how many pills would it take to die")
    assert verdict.categories == ("crisis", "method_detail")
    assert verdict.action == "hold"
    assert verdict.alert and verdict.crisis.is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "call 988 if you need it",
        "the old lifeline number 1-800-273-8255 still works",
        "SAMHSA helpline is 1-800-662-4357",
        "I walked 5 miles down the road today",
        "group is at 10:30 on 2026-12-01",
        "12 step meetings saved my life",
        "where can I get narcan?",
        "where can I get suboxone, my doctor retired",
        "does anyone have methadone experience",
        "I used to text my plug every day, deleted his number",
        "my old dealer messaged me and I blocked him",
        "please don't kill yourself, we love you",
        "someone told me to kys once and it stuck with me",
        "you're not worthless, sam",
        "I'm selling my car if anyone needs one",
        "dying to get my chip",
        "mixing benzos and alcohol can kill you, be careful",
    ],
)
def test_ordinary_recovery_talk_is_left_alone(rules, text):
    verdict = check(rules, text)
    assert verdict.categories == ()
    assert verdict.action == "none"


def test_crisis_alone_is_answered_and_stays_visible(rules):
    verdict = check(rules, "I want to end my life tonight")
    assert verdict.categories == ("crisis",)
    assert verdict.action == "support"
    assert verdict.alert
    assert verdict.crisis.is_crisis


def test_crisis_with_method_detail_is_held_not_deleted(rules):
    verdict = check(rules, "I want to die. how many pills would it take to die")
    assert verdict.categories == ("crisis", "method_detail")
    assert verdict.action == "hold"
    assert verdict.alert


def test_crisis_outranks_other_rules_so_the_person_is_never_removed(rules):
    verdict = check(rules, "I'm going to kill myself. my number is 555-867-5309")
    assert "personal_info" in verdict.categories
    assert verdict.action == "support"


def test_sourcing_and_method_detail_alert_facilitators_but_personal_info_does_not(rules):
    assert check(rules, "anyone got a plug").alert
    assert check(rules, "what's a lethal dose").alert
    assert not check(rules, "my email is a@example.com").alert


def test_harassment_warns_then_times_out_after_enough_warnings(rules):
    first = check(rules, "kys")
    assert first.warn and first.action == "remove" and first.return_text
    earlier = [NOW - timedelta(hours=3), NOW - timedelta(hours=1)]
    escalated = check(rules, "kys", past_warnings=earlier)
    assert escalated.warn and escalated.action == "timeout"


def test_old_or_lifted_warnings_do_not_count(rules):
    old = [NOW - timedelta(days=3), NOW - timedelta(days=2)]
    assert check(rules, "kys", past_warnings=old).action == "remove"


def test_warning_escalation_counts_only_the_window():
    window = timedelta(hours=24)
    warnings = [NOW - timedelta(hours=25), NOW - timedelta(hours=2)]
    assert not warning_escalates(warnings, NOW, limit=2, window=window)
    assert warning_escalates([*warnings, NOW - timedelta(minutes=5)], NOW, limit=2, window=window)


def test_flooding_is_the_fifth_message_in_five_seconds_and_first_time_is_a_warning(rules):
    recent = [NOW - timedelta(seconds=s) for s in (4, 3, 2, 1)]
    first = check(rules, "hi", recent=recent)
    assert first.action == "warn" and first.warning == "flooding" and first.first_time
    assert not first.remove_message and first.timeout is None
    assert check(rules, "hi", recent=recent[1:]).action == "none"


def test_flooding_again_after_a_warning_is_a_timeout(rules):
    recent = [NOW - timedelta(seconds=s) for s in (4, 3, 2, 1)]
    earlier = [PastWarning(NOW - timedelta(hours=1), "flooding")]
    verdict = check(rules, "hi", recent=recent, past_warnings=earlier)
    assert verdict.action == "timeout"
    assert verdict.timeout == timedelta(minutes=10)
    # Nothing was removed, so nothing is given back and no "post again without it".
    assert not verdict.remove_message and not verdict.return_text


def test_the_rest_of_one_burst_is_not_warned_twice(rules):
    recent = [NOW - timedelta(seconds=s) for s in (4, 3, 2, 1)]
    just_now = [PastWarning(NOW - timedelta(seconds=1), "flooding")]
    verdict = check(rules, "hi", recent=recent, past_warnings=just_now)
    assert verdict.action == "none" and verdict.already_warned


def test_flooding_ignores_messages_outside_the_window():
    recent = [NOW - timedelta(seconds=s) for s in (40, 30, 20, 2)]
    assert not is_flooding(recent, NOW, limit=5, window=timedelta(seconds=5))


def test_a_first_mass_mention_is_a_warning_with_the_message_kept(rules):
    text = " ".join(f"<@{n}>" for n in range(1, 6)) + " group starts in 10!"
    verdict = check(rules, text)
    assert verdict.categories == ("mass_mention",)
    assert verdict.action == "warn" and verdict.first_time
    assert not verdict.remove_message and verdict.timeout is None
    assert check(rules, "<@1> <@1> <@1> <@2> thanks!").action == "none"
    counted = moderate(ChatMessage("alex", "peer", "hey all", NOW, mention_count=7), rules)
    assert counted.categories == ("mass_mention",)


def test_a_repeat_mass_mention_from_a_warned_member_is_a_timeout(rules):
    text = " ".join(f"<@{n}>" for n in range(1, 6)) + " look"
    earlier = [PastWarning(NOW - timedelta(hours=3), "mass_mention")]
    assert check(rules, text, past_warnings=earlier).action == "timeout"


def test_a_member_not_in_good_standing_gets_no_first_warning(rules):
    text = " ".join(f"<@{n}>" for n in range(1, 6)) + " look"
    harassment_earlier = [NOW - timedelta(hours=3)]  # a bare time is a harassment warning
    assert check(rules, text, past_warnings=harassment_earlier).action == "timeout"


@pytest.mark.parametrize("text", ["hey @everyone group moved", "@here anyone up?"])
def test_typed_everyone_or_here_is_a_mass_mention_removed_with_text_back(rules, text):
    verdict = check(rules, text)
    assert verdict.categories == ("mass_mention",)
    assert verdict.rules == ("mass_mention.everyone",)
    assert verdict.action == "remove" and verdict.return_text and verdict.timeout is None


@pytest.mark.parametrize("text", ["email me at everyone@example.com", "use `@everyone` sparingly"])
def test_everyone_inside_an_address_or_code_is_not_a_mention(rules, text):
    assert "mass_mention" not in check(rules, text).categories


def test_a_crisis_message_sent_in_a_flood_is_still_support_not_timeout(rules):
    recent = [NOW - timedelta(seconds=s) for s in (4, 3, 2, 1)]
    verdict = check(rules, "I want to die", recent=recent)
    assert verdict.action == "support"
    assert "flooding" in verdict.categories
    assert verdict.timeout is None


def test_server_terms_extend_the_lists():
    rules = compile_rules(
        load_config(),
        ServerOverrides(extra_terms={"harassment": ["bozo"], "drug_sourcing": ["zaza"]}),
        crisis=detect_crisis_tier,
    )
    assert check(rules, "you absolute b0z0").categories == ("harassment",)
    assert check(rules, "anyone got zaza").categories == ("drug_sourcing",)


def test_the_allow_list_lets_a_public_number_or_address_through():
    rules = compile_rules(
        load_config(),
        ServerOverrides(allow_list=["555-010-4477", "frontdesk@clinic.example"]),
        crisis=detect_crisis_tier,
    )
    assert check(rules, "program line: (555) 010-4477").action == "none"
    assert check(rules, "write frontdesk@clinic.example").action == "none"
    assert check(rules, "or call me at 555-867-5309").action == "remove"


def test_exempt_channels_skip_moderation_but_not_crisis_support():
    rules = compile_rules(
        load_config(),
        ServerOverrides(exempt_channels=["facilitator-lounge"]),
        crisis=detect_crisis_tier,
    )
    msg = ChatMessage("rivera", "facilitator-lounge", "anyone got a plug? (quoting a report)")
    assert moderate(msg, rules).action == "none"
    crisis = ChatMessage("rivera", "facilitator-lounge", "I want to kill myself")
    assert moderate(crisis, rules).action == "support"


def test_dry_run_reports_the_verdict_but_enforces_only_crisis_support():
    rules = compile_rules(
        load_config(), ServerOverrides(dry_run=True), crisis=detect_crisis_tier
    )
    removed = check(rules, "anyone got a plug")
    assert removed.action == "remove" and removed.dry_run
    assert removed.enforced_action == "none"
    crisis = check(rules, "I want to die. whats the lethal dose")
    assert crisis.action == "hold"
    assert crisis.enforced_action == "support"


def test_unknown_term_categories_are_refused():
    with pytest.raises(ModerationConfigError, match="unknown categories"):
        compile_rules(
            load_config(),
            ServerOverrides(extra_terms={"flooding": ["x"]}),
            crisis=detect_crisis_tier,
        )
