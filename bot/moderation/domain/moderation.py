"""Peer-channel moderation: a pure decision for one message, given its recent context.

``moderate`` returns the categories that apply, the action to take, the rules that fired
and exactly what the service must do (remove? give the text back? record which
warning? time out?). The caller supplies the author's recent message times in the
channel and their earlier, unlifted warnings, and carries the decision out; it then
describes what actually happened with ``texts.describe`` (never what was meant to).

Crisis comes first and is never moderated away: a message that shows crisis gets
``support`` and stays visible, even when it also breaks another rule; only method or
dose detail turns it into ``hold`` (removed for facilitator review, never silently).

Proportion: flooding and mass mentions are behaviour, not content. A member in good
standing (no warning of any kind within the warning window) gets a private warning the
first time ("warn": message kept; or "remove": message removed and its text DMed back,
the default for a typed @everyone/@here); a repeat after that is a timeout. Within the
repeat grace after a warning the same behaviour is not answered again, so one burst of
messages earns one warning, not a warning and a timeout a second later.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from bot.kernel.ports import CrisisReading, NoCrisis
from bot.kernel.text_normalise import Normalised, normalise
from bot.moderation.domain import patterns as mp
from bot.moderation.domain.content import (
    DRUG_SOURCING,
    HARASSMENT,
    METHOD_DETAIL,
    PERSONAL_INFO,
    content_rules,
)
from bot.moderation.domain.rules import CompiledRules

log = logging.getLogger(__name__)

NO_CRISIS: Final[CrisisReading] = NoCrisis()
CRISIS: Final = "crisis"
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
BEHAVIOUR: Final = frozenset({FLOODING, MASS_MENTION})

NONE: Final = "none"
SUPPORT: Final = "support"
WARN: Final = "warn"
REMOVE: Final = "remove"
HOLD: Final = "hold"
TIMEOUT: Final = "timeout"
ACTIONS: Final = (NONE, SUPPORT, WARN, REMOVE, HOLD, TIMEOUT)
_SEVERITY = {a: i for i, a in enumerate(ACTIONS)}
_CONTENT_ACTION = {
    PERSONAL_INFO: REMOVE,
    DRUG_SOURCING: REMOVE,
    HARASSMENT: REMOVE,
    METHOD_DETAIL: HOLD,
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
class PastWarning:
    """An earlier, unlifted warning: when, and for what (a category above)."""

    at: datetime
    category: str = HARASSMENT


@dataclass(frozen=True, slots=True)
class Verdict:
    categories: tuple[str, ...]
    action: str
    rules: tuple[str, ...] = ()
    crisis: CrisisReading = NO_CRISIS
    # A warning is recorded for this category (harassment, or a first flood/mention).
    warning: str | None = None
    # Take the message down (removed, or held for review) ...
    remove_message: bool = False
    # ... and DM the author their own text, so nothing they typed is lost.
    return_text: bool = False
    # How long to time the author out, when the action is a timeout.
    timeout: timedelta | None = None
    # Facilitators should hear about it now (crisis, sourcing, method detail).
    alert: bool = False
    # A first flood or mass mention from a member in good standing (the warning says so).
    first_time: bool = False
    # Behaviour already warned about moments ago: say nothing again.
    already_warned: bool = False
    # The server is in dry-run: log the verdict, take no action beyond crisis support.
    dry_run: bool = False

    @property
    def warn(self) -> bool:
        return self.warning is not None

    @property
    def enforced_action(self) -> str:
        """What to actually do: in dry-run only crisis support still happens."""
        if self.dry_run and self.action != SUPPORT:
            return SUPPORT if CRISIS in self.categories else NONE
        return self.action


def _as_warning(item: datetime | PastWarning) -> PastWarning:
    return item if isinstance(item, PastWarning) else PastWarning(item)


def warning_escalates(
    past_warnings: Sequence[datetime], now: datetime, *, limit: int, window: timedelta
) -> bool:
    """Whether a new warning becomes a timeout: ``limit`` earlier warnings in ``window``."""
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
    past_warnings: Sequence[datetime | PastWarning] = (),
    now: datetime | None = None,
) -> Verdict:
    """Decide what to do with one peer-channel message.

    ``recent``: the author's earlier message times in this channel. ``past_warnings``:
    their earlier, unlifted warnings (a bare datetime is a harassment warning). ``now``
    defaults to the message time; with neither, flooding is not judged and every
    warning given counts.
    """
    now = now or message.timestamp
    text = normalise(message.content)
    # Text stored backwards inside a right-to-left override renders forwards: read it
    # as it is seen, too ("\u202eelas rof yxo\u202c" shows "oxy for sale").
    shown = normalise(_as_displayed(message.content)) if _RLO in message.content else None
    crisis = _crisis(text, rules)
    if shown is not None and not crisis.is_crisis:
        crisis = _crisis(shown, rules)
    found: dict[str, str] = {}
    if crisis.is_crisis:
        found[CRISIS] = f"crisis.{crisis.rule}"
    if message.channel.casefold() not in rules.exempt_channels:
        found.update(content_rules(text, rules))
        if shown is not None:
            for category, rule in content_rules(shown, rules).items():
                found.setdefault(category, rule)
        limits = rules.config.limits
        if now is not None and is_flooding(
            recent, now, limit=limits.flood_messages, window=limits.flood_window
        ):
            found[FLOODING] = "flooding.rate"
        # Read as typed: Discord pings only on the exact "@everyone"/"@here".
        if "@" in message.content and mp.EVERYONE.search(message.content) is not None:
            found[MASS_MENTION] = "mass_mention.everyone"
        elif _mention_count(message) >= limits.mass_mentions:
            found[MASS_MENTION] = "mass_mention.count"
    warnings = [_as_warning(w) for w in past_warnings]
    return _decide(found, crisis, rules, warnings, now)


_RLO = "\u202e"
# What ends a right-to-left override: a pop (PDF), the end of an isolate (PDI), a line.
_OVERRIDE_END = frozenset("\u202c\u2069\n")


def _as_displayed(content: str) -> str:
    """``content`` with each right-to-left override's text turned around, as shown."""
    out: list[str] = []
    i = 0
    while i < len(content):
        if content[i] != _RLO:
            out.append(content[i])
            i += 1
            continue
        j = i + 1
        while j < len(content) and content[j] not in _OVERRIDE_END:
            j += 1
        out.append(content[i + 1 : j][::-1])
        i = j
    return "".join(out)


def _crisis(text: Normalised, rules: CompiledRules) -> CrisisReading:
    """Crisis on the text as typed, then on the views with evasion undone."""
    result = rules.crisis(text.plain)
    if result.is_crisis or not (text.changed or text.squeezed):
        return result
    for variant in text.variants:
        result = rules.crisis(variant)
        if result.is_crisis:
            return result
    return result


def _within(
    warnings: Sequence[PastWarning], now: datetime | None, window: timedelta
) -> list[PastWarning]:
    if now is None:
        return list(warnings)
    return [w for w in warnings if now - window < w.at <= now]


def _decide(
    found: dict[str, str],
    crisis: CrisisReading,
    rules: CompiledRules,
    warnings: Sequence[PastWarning],
    now: datetime | None,
) -> Verdict:
    categories = tuple(sorted(found))
    rule_ids = tuple(found[c] for c in categories)
    dry_run = rules.overrides.dry_run
    limits = rules.config.limits
    if CRISIS in found:
        # The person comes before the rule: keep the message up and answer them.
        hold = METHOD_DETAIL in found
        return Verdict(
            categories,
            HOLD if hold else SUPPORT,
            rule_ids,
            crisis,
            remove_message=hold,
            return_text=hold,
            alert=True,
            dry_run=dry_run,
        )
    action = NONE
    for category in categories:
        candidate = _CONTENT_ACTION.get(category)
        if candidate is not None and _SEVERITY[candidate] > _SEVERITY[action]:
            action = candidate
    warning: str | None = None
    timeout = False
    if HARASSMENT in found:
        warning = HARASSMENT
        earlier = [w.at for w in warnings if w.category == HARASSMENT]
        if now is not None:
            timeout = warning_escalates(
                earlier, now, limit=limits.warnings_before_timeout, window=limits.warning_window
            )
        else:
            timeout = len(earlier) >= limits.warnings_before_timeout
    first_time = False
    already_warned = False
    behaviour = [c for c in categories if c in BEHAVIOUR]
    if behaviour:
        b_action, b_warning, first_time, already_warned = _behaviour(
            behaviour, found, rules, warnings, now
        )
        if b_action == TIMEOUT:
            timeout = True
        elif _SEVERITY[b_action] > _SEVERITY[action]:
            action = b_action
        warning = warning or b_warning
    if timeout:
        action = TIMEOUT
    removable = any(c in _CONTENT_ACTION for c in categories) or (
        found.get(MASS_MENTION) == "mass_mention.everyone"
    )
    remove = action in (REMOVE, HOLD) or (action == TIMEOUT and removable)
    alert = DRUG_SOURCING in found or METHOD_DETAIL in found
    if categories:
        log.debug("moderation %s -> %s (%s)", categories, action, rule_ids)
    return Verdict(
        categories,
        action,
        rule_ids,
        crisis,
        warning=warning,
        remove_message=remove,
        return_text=remove,
        timeout=limits.timeout if action == TIMEOUT else None,
        alert=alert,
        first_time=first_time,
        already_warned=already_warned,
        dry_run=dry_run,
    )


def _behaviour(
    behaviour: Sequence[str],
    found: dict[str, str],
    rules: CompiledRules,
    warnings: Sequence[PastWarning],
    now: datetime | None,
) -> tuple[str, str | None, bool, bool]:
    """(action, warning to record, first time?, already warned?) for flooding/mentions."""
    limits = rules.config.limits
    proportion = rules.config.proportion
    in_window = _within(warnings, now, limits.warning_window)
    just_warned = {w.category for w in _within(warnings, now, proportion.repeat_grace)}
    if all(c in just_warned for c in behaviour):
        return NONE, None, False, True
    if not in_window:
        category = MASS_MENTION if MASS_MENTION in behaviour else FLOODING
        if category == MASS_MENTION:
            everyone = found[MASS_MENTION] == "mass_mention.everyone"
            choice = (
                proportion.first_everyone_mention if everyone else proportion.first_mass_mention
            )
        else:
            choice = proportion.first_flooding
        return (WARN if choice == "warn" else REMOVE), category, True, False
    return TIMEOUT, None, False, False


def _mention_count(message: ChatMessage) -> int:
    if message.mention_count is not None:
        return message.mention_count
    if "<@" not in message.content:
        return 0
    return len(set(mp.MENTION.findall(message.content)))
