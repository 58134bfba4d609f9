"""A facilitator's new moderator term: refused when too short, previewed before it applies.

``/mod terms add`` calls ``check_term`` first: a term with fewer than the configured
letters (3 by default) after the normaliser is refused with a sentence that says why
("a", "b0", "x x" all match inside ordinary talk). Then ``preview_term`` runs the term,
exactly as the rules would, on recent messages (the last day's, from the service) and
says what it would have matched, so the facilitator confirms with the evidence in
front of them. Both are pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.kernel.text_normalise import fold_term, normalise
from bot.moderation.domain.content import content_rules
from bot.moderation.domain.rules import (
    TERM_CATEGORIES,
    CompiledRules,
    ServerOverrides,
    compile_rules,
)

_CATEGORY_WORDS = {"harassment": "harassment", "drug_sourcing": "drug sourcing"}


class TermRefused(ValueError):
    """The term cannot be added; ``str(error)`` is the sentence to show."""


@dataclass(frozen=True, slots=True)
class TermPreview:
    term: str  # as it will be stored (folded)
    category: str
    checked: int  # how many recent messages were read
    matched: tuple[str, ...]  # the messages the term alone would now catch
    already: int  # messages in the category already, before the term

    def summary(self) -> str:
        """Plain sentences for the facilitator."""
        what = _CATEGORY_WORDS[self.category]
        if not self.checked:
            return (
                f'No peer messages from the last day to try "{self.term}" on (they are kept '
                f"in memory only, since the bot last started). Add it to {what}?"
            )
        read = "message" if self.checked == 1 else f"{self.checked} messages"
        last = f"the last day's {read}" if self.checked > 1 else "the one message from the last day"
        if not self.matched:
            return f'"{self.term}" would not have flagged any of {last}. Add it to {what}?'
        count = len(self.matched)
        flagged = "1 message" if count == 1 else f"{count} messages"
        return (
            f'"{self.term}" would have flagged {flagged} of {last} as {what} (shown '
            "below). Add it anyway?"
        )


def check_term(term: str, category: str, rules: CompiledRules) -> str:
    """The term as it will be stored, or ``TermRefused`` with a clear sentence."""
    if category not in TERM_CATEGORIES:
        names = " or ".join(sorted(_CATEGORY_WORDS[c] for c in TERM_CATEGORIES))
        raise TermRefused(f"Terms can only be added to {names}.")
    cleaned = " ".join(term.split())
    if not cleaned:
        raise TermRefused("The term is empty. Type the word or phrase to watch for.")
    if len(cleaned) > 60:
        raise TermRefused("The term is longer than 60 characters. Use a word or a short phrase.")
    folded = fold_term(cleaned.casefold())
    letters = sum(1 for c in folded if c.isalpha())
    minimum = rules.config.min_term_letters
    if letters < minimum:
        raise TermRefused(
            f'"{cleaned}" is too short: a term needs at least {minimum} letters (it has '
            f"{letters} after look-alikes are read as letters), because shorter terms "
            "match inside ordinary words."
        )
    existing = {fold_term(t) for t in rules.overrides.extra_terms.get(category, ())}
    if folded in existing:
        raise TermRefused(
            f'"{cleaned}" is already on the server\'s {_CATEGORY_WORDS[category]} list.'
        )
    return folded


def preview_term(
    term: str, category: str, rules: CompiledRules, recent: Sequence[str]
) -> TermPreview:
    """What ``term`` would have matched in ``recent`` (message texts) that it does not now."""
    folded = check_term(term, category, rules)
    extra = {k: list(v) for k, v in rules.overrides.extra_terms.items()}
    extra.setdefault(category, []).append(folded)
    widened = compile_rules(
        rules.config, replace(rules.overrides, extra_terms=extra), crisis=rules.crisis
    )
    matched: list[str] = []
    already = 0
    rule_category = category
    for text in recent:
        view = normalise(text)
        before = rule_category in content_rules(view, rules)
        after = rule_category in content_rules(view, widened)
        already += before
        if after and not before:
            matched.append(text)
    return TermPreview(folded, category, len(recent), tuple(matched), already)


def overrides_with(rules: CompiledRules, category: str, folded: str) -> ServerOverrides:
    """The server's overrides once the term is added (for the service to store)."""
    extra = {k: list(v) for k, v in rules.overrides.extra_terms.items()}
    extra.setdefault(category, []).append(folded)
    return replace(rules.overrides, extra_terms=extra)
