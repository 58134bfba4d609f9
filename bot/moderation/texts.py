"""What the moderator says, built from what actually happened, never from the plan.

The service carries a ``Verdict`` out and records an ``Outcome`` (was the message
removed? did the DM arrive? did it hold the author's text? did the timeout apply?).
``dm_text`` and ``log_line`` read the outcome, so the author is never told "post again
without that part" about a message that is still up, and #mod-log says "text DMed back"
only when the DM with the text was delivered. Content-warning asks are private: built
here without a mention, for a DM (or an ephemeral reply), never a public reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.moderation.domain import content as c
from bot.moderation.domain import moderation as m

WHY = {
    c.PERSONAL_INFO: (
        "it included personal contact details (a phone number, an email or a street "
        "address). We keep those out of shared channels so nobody's details travel further "
        "than they meant; if you both want to, share them in a private message"
    ),
    c.DRUG_SOURCING: (
        "it looked like buying, selling or trading drugs or prescriptions, which isn't "
        "allowed in the program's spaces"
    ),
    c.HARASSMENT: (
        "it included words that can hurt people here. The peer channel has to stay a safe "
        "place for everyone"
    ),
    m.MASS_MENTION: "it mentioned many people at once, which pings all of them",
    m.FLOODING: "many messages arrived within a few seconds",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the service actually did with one verdict."""

    removed: bool = False
    dm_delivered: bool = False
    # The delivered DM carried the author's own text.
    text_returned: bool = False
    # "closed" when Discord refused the DM (50007), "failed" on another error.
    dm_problem: str | None = None
    timed_out: bool = False
    warning_recorded: bool = False
    alert_id: int | None = None


# What facilitators read in #mod-log for each category (the rule id follows, for /mod).
CATEGORY_WORDS = {
    c.PERSONAL_INFO: "personal contact details",
    c.DRUG_SOURCING: "buying, selling or trading drugs",
    c.METHOD_DETAIL: "detail of a method or dose of self-harm",
    c.HARASSMENT: "words that can hurt people",
    m.CRISIS: "words of crisis",
    m.MASS_MENTION: "mentioning many people at once",
    m.FLOODING: "many messages within seconds",
}


def _reasons(verdict: m.Verdict) -> str:
    found = [WHY[c] for c in verdict.categories if c in WHY]
    return "; and ".join(found) or "it broke one of the channel's rules"


def dm_text(verdict: m.Verdict, outcome: Outcome, *, where: str, minutes: int) -> str:
    """The DM to the author. ``where``: a channel mention; ``minutes``: timeout length.

    Call it with the outcome known so far (removed, timed out); the text it returns
    promises the author's text back only when the service is attaching it.
    """
    lines: list[str] = []
    if outcome.timed_out:
        lines.append(
            f"You've been timed out in the program's server for {minutes} minutes, because "
            f"{_reasons(verdict)} (in {where}). You'll be able to post again after that."
        )
        if verdict.warning == c.HARASSMENT:
            lines.append(
                "This came after earlier warnings for hurtful language. A facilitator can "
                "lift warnings and timeouts if something was misread."
            )
        elif verdict.categories and set(verdict.categories) <= m.BEHAVIOUR:
            lines.append("This came after an earlier warning. A facilitator can lift it.")
    elif outcome.removed:
        lines.append(f"I removed your message in {where} because {_reasons(verdict)}.")
    elif verdict.action == m.WARN:
        first = (
            " This is just a heads-up, nothing more happens this time."
            if verdict.first_time
            else ""
        )
        ask = (
            "please mention fewer people at once"
            if verdict.warning == m.MASS_MENTION
            else "please slow down a little"
        )
        lines.append(
            f"A quick note about your message in {where}: {_reasons(verdict)}. It's still "
            f"up.{first} Next time, {ask}; a repeat today would mean a short timeout."
        )
    if verdict.warning == c.HARASSMENT and not outcome.timed_out:
        lines.append("This counts as a warning. If I got it wrong, a facilitator can lift it.")
    if outcome.removed and not outcome.timed_out:
        lines.append("You're welcome to post again without that part.")
    return "\n".join(lines)


_DONE = {
    m.SUPPORT: "answered with crisis resources (message kept)",
    m.HOLD: "held for facilitator review",
    m.REMOVE: "removed",
    m.WARN: "warned privately (message kept)",
    m.TIMEOUT: "timed out",
    m.NONE: "no action",
}


def log_line(verdict: m.Verdict, outcome: Outcome, *, who: str, where: str, excerpt: str) -> str:
    """One #mod-log entry that claims only what the outcome says happened."""
    if verdict.dry_run and verdict.enforced_action != verdict.action:
        done = f"dry run: would have been {_DONE[verdict.action]}; nothing was done"
    else:
        parts = []
        if verdict.action == m.TIMEOUT:
            parts.append("timed out" if outcome.timed_out else "timeout failed")
        elif verdict.action in (m.REMOVE, m.HOLD):
            parts.append(_DONE[verdict.action] if outcome.removed else "removal failed")
        else:
            parts.append(_DONE[verdict.action])
        if outcome.removed and verdict.action == m.TIMEOUT:
            parts.append("message removed")
        done = ", ".join(parts)
    lines = [
        f"**{done}**: message by {who} in {where}. Why: "
        f"{'; '.join(CATEGORY_WORDS.get(k, k.replace('_', ' ')) for k in verdict.categories)}"
        f" (rule `{', '.join(verdict.rules)}`).",
    ]
    if outcome.warning_recorded:
        kind = {
            c.HARASSMENT: "A harassment",
            m.FLOODING: "A flooding",
            m.MASS_MENTION: "A mass-mention",
        }.get(verdict.warning or "", "A")
        lines.append(f"{kind} warning was recorded.")
    if outcome.text_returned:
        lines.append("The author got their text back by DM.")
    elif outcome.dm_delivered:
        lines.append("The author was told by DM.")
    elif outcome.dm_problem == "closed":
        lines.append(
            "The author's DMs are closed, so they were told in the channel without the "
            "text; their text is kept in the moderation log for facilitators."
        )
    elif outcome.dm_problem == "failed":
        lines.append("The DM to the author failed; their text is kept in the moderation log.")
    if outcome.alert_id:
        lines.append(f"Crisis alert #{outcome.alert_id} went to the facilitators.")
    if c.PERSONAL_INFO in verdict.categories:
        lines.append("Text not repeated here: it holds personal information.")
    elif outcome.removed or verdict.dry_run:
        lines.append(f"> ||{excerpt}||")
    return "\n".join(lines)


def sourcing_alert(who: str, where: str, rule: str, removed: bool, excerpt: str) -> str:
    """The facilitators' alert: says what was seen, assumes nothing about the person."""
    done = "removed" if removed else "left up (the removal failed)"
    return (
        f"**Moderator alert**: a message by {who} in {where} looked like buying, selling or "
        f"trading drugs (rule `{rule}`) and was {done}. A check-in may help.\n> ||{excerpt}||"
    )


def content_warning_ask(topic_labels: list[str], where: str) -> str:
    """The private ask for spoilers (a DM or an ephemeral reply; never a public mention)."""
    labels = " and ".join(f"**{label}**" for label in sorted(topic_labels))
    return (
        f"A gentle ask about your message in {where}: some people here have asked for a "
        f"heads-up before posts about {labels}. Could you edit it to wrap those parts in "
        "spoilers, like ||this||? Only you can see this note. Thank you for looking out for "
        "each other."
    )
