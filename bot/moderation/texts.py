"""What the moderator says: the DM to an author whose message was removed, and the line
in #mod-log. Kind and specific: which rule, why it matters here, what happens next."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.kernel.excerpts import excerpt
from bot.moderation.domain import moderation as m
from bot.moderation.domain.rules import Limits

if TYPE_CHECKING:
    from bot.moderation.service import Outcome

WHY = {
    m.PERSONAL_INFO: (
        "it included personal contact details (a phone number, an email or a street "
        "address). We keep those out of shared channels so nobody's details travel further "
        "than they meant; if you both want to, share them in a private message"
    ),
    m.DRUG_SOURCING: (
        "it looked like buying, selling or finding drugs, which isn't allowed in the "
        "program's spaces. A facilitator has been told so they can check in with you. If "
        "cravings are hard right now, /coping has skills for that, and your facilitators "
        "are here for you"
    ),
    m.HARASSMENT: (
        "it included words that can hurt people here. The peer channel has to stay a safe "
        "place for everyone"
    ),
    m.MASS_MENTION: "it mentioned many people at once",
    m.FLOODING: "many messages arrived within a few seconds",
}


def _reasons(verdict: m.Verdict) -> str:
    found = [WHY[c] for c in verdict.categories if c in WHY]
    return "; and ".join(found) or "it broke one of the channel's rules"


def dm_text(verdict: m.Verdict, message: discord.Message, limits: Limits, warnings: int) -> str:
    """The DM to the author; ``warnings``: their unlifted warnings, this one included."""
    where = f"<#{message.channel.id}>"
    minutes = int(limits.timeout.total_seconds() // 60)
    lines: list[str] = []
    if verdict.enforced_action == m.TIMEOUT:
        lines.append(
            f"You've been timed out in the program's server for {minutes} minutes, because "
            f"{_reasons(verdict)} (in {where}). You'll be able to post again after that."
        )
        if verdict.warn:
            lines.append(
                "This came after earlier warnings for hurtful language. A facilitator can "
                "lift warnings and timeouts if something was misread."
            )
    else:
        lines.append(f"I removed your message in {where} because {_reasons(verdict)}.")
        if verdict.warn:
            left = max(0, limits.warnings_before_timeout - warnings + 1)
            hours = int(limits.warning_window.total_seconds() // 3600)
            lines.append(
                f"This counts as a warning ({warnings} in the last {hours} hours). "
                f"After {left} more, you'd be timed out for {minutes} minutes. If I got it "
                "wrong, a facilitator can lift it."
            )
    lines.append("You're welcome to post again without that part.")
    return "\n".join(lines)


_DONE = {
    m.SUPPORT: "answered with crisis resources (message kept)",
    m.HOLD: "held for facilitator review",
    m.REMOVE: "removed",
    m.TIMEOUT: "timed out",
    m.NONE: "no action",
}
_DM = {
    "sent": "the author got their text back by DM",
    "closed": (
        "the author's DMs are closed (Discord 50007), so they were told in the channel "
        "without the text; **their text is kept in the moderation log** (database) for "
        "facilitators for 90 days"
    ),
    "failed": "the DM to the author failed; their text is kept in the moderation log",
}


def log_line(message: discord.Message, outcome: Outcome) -> str:
    """One #mod-log entry: who, where, which rule, what was done (never a phone number)."""
    verdict = outcome.verdict
    done = _DONE[verdict.action]
    if verdict.dry_run and verdict.enforced_action != verdict.action:
        done = f"dry run: would have been {done}; nothing was done"
    elif outcome.timed_out and verdict.action != m.TIMEOUT:
        done += ", timed out"
    if outcome.deleted and verdict.action == m.TIMEOUT:
        done += " and removed"
    lines = [
        f"**{done}**: message by <@{message.author.id}> ({message.author.name}) in "
        f"<#{message.channel.id}>. Rule `{', '.join(verdict.rules)}` "
        f"({', '.join(verdict.categories)}).",
    ]
    if verdict.warn and not verdict.dry_run:
        lines.append("A harassment warning was recorded.")
    if outcome.dm_status:
        lines.append(_DM[outcome.dm_status] + ".")
    if outcome.alert_id:
        lines.append(f"Crisis alert #{outcome.alert_id} went to the facilitators.")
    if m.PERSONAL_INFO in verdict.categories:
        lines.append("Text not repeated here: it holds personal information.")
    elif verdict.action in (m.REMOVE, m.HOLD, m.TIMEOUT) or verdict.dry_run:
        lines.append(f"> ||{excerpt(message.content)}||")
    return "\n".join(lines)
