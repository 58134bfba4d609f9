"""Peer-channel moderation: a pure decision for one message, given its recent context.

``moderate`` returns the categories that apply, the action to take and the rules that
fired. The caller (the cog, or ``python -m bot moderate``) supplies the author's recent
message times in the channel and their earlier warnings, and carries the action out.

Crisis comes first and is never moderated away: a message that shows crisis gets
``support`` and stays visible, even when it also breaks another rule; only method or
dose detail turns it into ``hold`` (removed for facilitator review, never silently).
Crisis is read by the crisis capability's detector, which the compiled rules carry
(``CompiledRules.crisis``, handed in where the rules are compiled): this module stays a
pure function of the message and the rules, and imports no other capability.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from bot.kernel.ports import CrisisReading, NoCrisis
from bot.kernel.text_normalise import fold_for_terms, join_spaced_letters
from bot.kernel.text_normalise import plain as normalise
from bot.moderation.domain import patterns as mp
from bot.moderation.domain.rules import CompiledRules

log = logging.getLogger(__name__)
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"[a-z0-9]+")

NO_CRISIS: Final[CrisisReading] = NoCrisis()
CRISIS: Final = "crisis"
PERSONAL_INFO: Final = "personal_info"
DRUG_SOURCING: Final = "drug_sourcing"
METHOD_DETAIL: Final = "method_detail"
HARASSMENT: Final = "harassment"
FLOODING: Final = "flooding"
MASS_MENTION: Final = "mass_mention"
CATEGORIES: Final = (
    CRISIS,
    PERSONAL_INFO,
    DRUG_SOURCING,
    METHOD_DETAIL,
    HARASSMENT,
    FLOODING,
    MASS_MENTION,
)

NONE: Final = "none"
SUPPORT: Final = "support"
REMOVE: Final = "remove"
HOLD: Final = "hold"
TIMEOUT: Final = "timeout"
ACTIONS: Final = (NONE, SUPPORT, REMOVE, HOLD, TIMEOUT)
# Later is stronger: a message that earns several actions gets the strongest.
_SEVERITY = {a: i for i, a in enumerate(ACTIONS)}
_ACTION_FOR = {
    PERSONAL_INFO: REMOVE,
    DRUG_SOURCING: REMOVE,
    HARASSMENT: REMOVE,
    METHOD_DETAIL: HOLD,
    FLOODING: TIMEOUT,
    MASS_MENTION: TIMEOUT,
}


@dataclass(frozen=True, slots=True)
class ChatMessage:
    author: str
    channel: str
    content: str
    timestamp: datetime | None = None
    # Discord's own count of people and roles mentioned; counted from the text when None.
    mention_count: int | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    categories: tuple[str, ...]
    action: str
    rules: tuple[str, ...] = ()
    crisis: CrisisReading = NO_CRISIS
    # Harassment earned a warning (record it; it counts towards the next timeout).
    warn: bool = False
    # Facilitators should hear about it now (crisis, sourcing, method detail).
    alert: bool = False
    # The server is in dry-run: log the verdict, take no action beyond crisis support.
    dry_run: bool = False

    @property
    def enforced_action(self) -> str:
        """What to actually do: in dry-run only crisis support still happens."""
        if self.dry_run and self.action != SUPPORT:
            return SUPPORT if CRISIS in self.categories else NONE
        return self.action


def warning_escalates(
    past_warnings: Sequence[datetime], now: datetime, *, limit: int, window: timedelta
) -> bool:
    """Whether a new warning becomes a timeout: ``limit`` earlier warnings in ``window``.

    Warnings a facilitator lifted should not be passed in.
    """
    recent = sum(1 for w in past_warnings if now - window < w <= now)
    return recent >= limit


def is_flooding(
    recent: Sequence[datetime], now: datetime, *, limit: int, window: timedelta
) -> bool:
    """Whether this message is the ``limit``-th from the author within ``window``."""
    within = sum(1 for t in recent if now - window < t <= now)
    return within + 1 >= limit


def moderate(
    message: ChatMessage,
    rules: CompiledRules,
    *,
    recent: Sequence[datetime] = (),
    past_warnings: Sequence[datetime] = (),
    now: datetime | None = None,
) -> Verdict:
    """Decide what to do with one peer-channel message.

    ``recent``: the author's earlier message times in this channel. ``past_warnings``:
    their earlier, unlifted harassment warnings. ``now`` defaults to the message time;
    with neither, flooding is not judged and every warning given counts.
    """
    now = now or message.timestamp
    norm = normalise(message.content)
    crisis = rules.crisis(norm)
    found: dict[str, str] = {}
    if crisis.is_crisis:
        found[CRISIS] = f"crisis.{crisis.rule}"
    exempt = message.channel.casefold() in rules.exempt_channels
    if not exempt:
        found.update(_content_rules(message.content, norm, rules))
        limits = rules.config.limits
        if now is not None and is_flooding(
            recent, now, limit=limits.flood_messages, window=limits.flood_window
        ):
            found[FLOODING] = "flooding.rate"
        if _mention_count(message) >= limits.mass_mentions:
            found[MASS_MENTION] = "mass_mention.count"
    return _decide(found, crisis, rules, past_warnings, now)


def _decide(
    found: dict[str, str],
    crisis: CrisisReading,
    rules: CompiledRules,
    past_warnings: Sequence[datetime],
    now: datetime | None,
) -> Verdict:
    categories = tuple(sorted(found))
    rule_ids = tuple(found[c] for c in categories)
    dry_run = rules.overrides.dry_run
    if CRISIS in found:
        # The person comes before the rule: keep the message up and answer them.
        action = HOLD if METHOD_DETAIL in found else SUPPORT
        return Verdict(categories, action, rule_ids, crisis, alert=True, dry_run=dry_run)
    action = NONE
    for category in categories:
        candidate = _ACTION_FOR[category]
        if _SEVERITY[candidate] > _SEVERITY[action]:
            action = candidate
    warn = HARASSMENT in found
    if warn:
        limits = rules.config.limits
        counted = past_warnings
        if now is not None:
            escalate = warning_escalates(
                counted, now, limit=limits.warnings_before_timeout, window=limits.warning_window
            )
        else:
            escalate = len(counted) >= limits.warnings_before_timeout
        if escalate:
            action = TIMEOUT
    alert = DRUG_SOURCING in found or METHOD_DETAIL in found
    if categories:
        log.debug("moderation %s -> %s (%s)", categories, action, rule_ids)
    return Verdict(categories, action, rule_ids, crisis, warn=warn, alert=alert, dry_run=dry_run)


def _mention_count(message: ChatMessage) -> int:
    if message.mention_count is not None:
        return message.mention_count
    if "<@" not in message.content:
        return 0
    return len(set(mp.MENTION.findall(message.content)))


def _allowed(text: str, rules: CompiledRules) -> bool:
    return text.strip().casefold() in rules.allow_text


def _content_rules(content: str, norm: str, rules: CompiledRules) -> dict[str, str]:
    found: dict[str, str] = {}
    pi = _personal_info(norm, rules)
    if pi:
        found["personal_info"] = pi
    words = set(_WORDS.findall(norm))
    drug_matches = rules.drug_sourcing.finditer(norm) if words & rules.drug_gate else ()
    for match in drug_matches:
        if not _allowed(match.group(0), rules) and not _told_as_past(norm, match):
            found[DRUG_SOURCING] = f"drug_sourcing.{match.lastgroup}"
            break
    method_matches = mp.METHOD_DETAIL.finditer(norm) if words & mp.METHOD_GATE else ()
    for match in method_matches:
        if not _allowed(match.group(0), rules):
            found[METHOD_DETAIL] = f"method_detail.{match.lastgroup}"
            break
    harassment = _harassment(content, norm, rules)
    if harassment:
        found[HARASSMENT] = harassment
    return found


def _personal_info(norm: str, rules: CompiledRules) -> str | None:
    if "@" in norm:
        for match in mp.EMAIL.finditer(norm):
            if not _allowed(match.group(0), rules):
                return "personal_info.email"
    if _DIGIT.search(norm) is not None:
        for match in mp.PHONE.finditer(norm):
            digits = re.sub(r"\D", "", match.group(0))
            national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
            if digits in rules.allow_digits or national in rules.allow_digits:
                continue
            if len(national) == 10 and national[:3] in rules.config.toll_free_prefixes:
                continue
            return "personal_info.phone"
    address = mp.ADDRESS.search(norm)
    if address and not _allowed(address.group(0), rules):
        return "personal_info.address"
    return None


def _told_as_past(norm: str, match: re.Match[str]) -> bool:
    """ "i used to ask anyone got a plug": recovery talk about the past, not sourcing."""
    before = norm[max(0, match.start() - 40) : match.start()]
    return mp.PAST_OR_NEGATED.search(before) is not None


def _harassment(content: str, norm: str, rules: CompiledRules) -> str | None:
    folded = norm if content.isascii() else fold_for_terms(content)
    if rules.never is not None:
        folded = rules.never.sub(" ", folded)
    if rules.slur is not None:
        for match in rules.slur.finditer(folded):
            if not _allowed(match.group(0), rules):
                return "harassment.slur"
    if rules.phrase is not None:
        joined = join_spaced_letters(folded)
        for match in rules.phrase.finditer(joined):
            before = joined[max(0, match.start() - 40) : match.start()]
            if mp.PHRASE_NEGATION.search(before) is None and not _allowed(match.group(0), rules):
                return "harassment.phrase"
    return None
