"""What the moderator says claims only what happened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.moderation.domain.moderation import ChatMessage, PastWarning, moderate
from bot.moderation.texts import Outcome, content_warning_ask, dm_text, log_line

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
FLOOD = [NOW - timedelta(seconds=s) for s in (4, 3, 2, 1)]


def verdict(rules, text, **kwargs):
    return moderate(ChatMessage("alex", "peer-support", text, NOW), rules, **kwargs)


def test_a_flooding_timeout_does_not_invite_reposting_what_was_not_removed(rules):
    v = verdict(
        rules, "hi", recent=FLOOD, past_warnings=[PastWarning(NOW - timedelta(hours=1), "flooding")]
    )
    outcome = Outcome(removed=False, dm_delivered=True, timed_out=True)
    text = dm_text(v, outcome, where="#peer-support", minutes=10)
    assert "timed out" in text
    assert "without that part" not in text
    line = log_line(v, outcome, who="alex", where="#peer-support", excerpt="hi")
    assert "text back" not in line
    assert "told by DM" in line


def test_the_log_says_text_dmed_back_only_when_it_was(rules):
    v = verdict(rules, "anyone got a plug")
    delivered = Outcome(removed=True, dm_delivered=True, text_returned=True)
    closed = Outcome(removed=True, dm_problem="closed")
    assert "got their text back by DM" in log_line(v, delivered, who="a", where="#p", excerpt="x")
    closed_line = log_line(v, closed, who="a", where="#p", excerpt="x")
    assert "text back" not in closed_line and "DMs are closed" in closed_line


def test_a_failed_removal_is_not_logged_as_removed(rules):
    v = verdict(rules, "anyone got a plug")
    line = log_line(v, Outcome(removed=False), who="a", where="#p", excerpt="x")
    assert line.startswith("**removal failed**")


def test_a_first_mass_mention_warning_keeps_the_message_and_says_so(rules):
    text = "<@1> <@2> <@3> <@4> <@5> group starts in 10!"
    v = verdict(rules, text)
    dm = dm_text(v, Outcome(dm_delivered=True), where="#peer-support", minutes=10)
    assert "still up" in dm and "heads-up" in dm
    assert "removed" not in dm and "timed out" not in dm
    line = log_line(
        v, Outcome(dm_delivered=True, warning_recorded=True), who="a", where="#p", excerpt="x"
    )
    assert "warned privately (message kept)" in line
    assert "A mass-mention warning was recorded." in line


def test_the_content_warning_ask_names_nobody():
    ask = content_warning_ask(["overdose"], "#peer-support")
    assert "<@" not in ask and "@" not in ask
    assert "Only you can see this note" in ask
    assert "**overdose**" in ask
