"""Moderation rule data: the defaults in data/moderation.toml and per-server overrides.

``load_config`` validates the TOML (errors name the field at fault); ``compile_rules``
turns a config plus a server's ``ServerOverrides`` into precompiled patterns. Compile
once per server and reuse: matching a message is then only regex searches.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.kernel.paths import DATA_DIR
from bot.kernel.ports import CrisisDetector
from bot.kernel.text_normalise import fold_term
from bot.moderation.domain.concepts import ConceptError
from bot.moderation.domain.harassment import Harassment, compile_harassment
from bot.moderation.domain.patterns import build_term_pattern
from bot.moderation.domain.shapes import Gated, ShapeError, compile_gated
from bot.moderation.domain.sourcing import Sourcing, compile_sourcing

DEFAULT_PATH = DATA_DIR / "moderation.toml"
# Categories a server may add its own terms to.
TERM_CATEGORIES = frozenset({"harassment", "drug_sourcing"})
DRUG_FAMILIES = ("opioids", "benzos", "stimulants", "cannabis", "mdma", "other", "imprints")
# Lists that join the families as "street": emoji, amounts, euphemisms.
STREET_EXTRAS = ("emoji", "amounts", "euphemisms")
FIRST_OFFENCE_ACTIONS = frozenset({"warn", "remove"})


class ModerationConfigError(ValueError):
    """data/moderation.toml (or a server override) is not usable; says which field."""


@dataclass(frozen=True)
class Limits:
    warnings_before_timeout: int = 2
    warning_window: timedelta = timedelta(hours=24)
    flood_messages: int = 5
    flood_window: timedelta = timedelta(seconds=5)
    mass_mentions: int = 5
    timeout: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class Proportion:
    first_mass_mention: str = "warn"
    first_everyone_mention: str = "remove"
    first_flooding: str = "warn"
    repeat_grace: timedelta = timedelta(seconds=60)


@dataclass(frozen=True)
class ModerationConfig:
    limits: Limits
    proportion: Proportion
    min_term_letters: int
    allow: frozenset[str]
    toll_free_prefixes: frozenset[str]
    harm_reduction: tuple[str, ...]
    # Sourcing: every list by name ("street" holds the families), and the rules.
    sourcing_lists: Mapping[str, tuple[str, ...]]
    sourcing_rules: Mapping[str, tuple[str, ...]]
    # Harassment: the concept lists and rules, and the lists the phrase shapes read.
    harassment_lists: Mapping[str, tuple[str, ...]]
    harassment_rules: Mapping[str, tuple[str, ...]]
    phrase_lists: Mapping[str, tuple[str, ...]]
    slurs: tuple[str, ...]
    never: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class ServerOverrides:
    """What facilitators changed for their server with the /mod commands.

    ``extra_terms`` maps a category ("harassment" or "drug_sourcing") to more terms;
    ``allow_list`` holds text that never triggers a rule (a public phone number, a word
    the server uses innocently); ``exempt_channels`` are names or ids the moderator
    leaves alone (crisis support still applies there); ``dry_run`` only logs.
    """

    extra_terms: Mapping[str, Collection[str]] = field(default_factory=dict)
    allow_list: Collection[str] = ()
    exempt_channels: Collection[str] = ()
    dry_run: bool = False


@dataclass(frozen=True)
class CompiledRules:
    config: ModerationConfig
    overrides: ServerOverrides
    slur: re.Pattern[str] | None
    # Slurs (and plurals) as plain words: the slur pattern is read only when one occurs.
    slur_words: frozenset[str]
    phrase: Gated
    harassment: Harassment
    never: re.Pattern[str] | None
    harm_reduction: re.Pattern[str] | None
    sourcing: Sourcing
    allow_text: frozenset[str]
    allow_digits: frozenset[str]
    exempt_channels: frozenset[str]
    # Reads crisis in normalised text (the crisis capability's detector, handed in).
    crisis: CrisisDetector


def _int(table: Mapping[str, Any], key: str, where: str, default: int, low: int = 1) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ModerationConfigError(f"{where}.{key} must be a whole number >= {low}, got {value!r}")
    return value


def _strings(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise ModerationConfigError(f"{where}.{key} must be a list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ModerationConfigError(f"{where}.{key}[{i}] must be a non-empty string")
    return tuple(item.strip().casefold() for item in value)


def _table(raw: Mapping[str, Any], key: str, where: str = "") -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ModerationConfigError(f"[{where}{key}] must be a table")
    return value


def _choice(table: Mapping[str, Any], key: str, where: str, default: str) -> str:
    value = table.get(key, default)
    if value not in FIRST_OFFENCE_ACTIONS:
        raise ModerationConfigError(
            f"{where}.{key} must be one of {sorted(FIRST_OFFENCE_ACTIONS)}, got {value!r}"
        )
    return str(value)


def _shape_tables(table: Mapping[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    return {name: _strings(table, name, where) for name in table}


def parse_config(raw: Mapping[str, Any]) -> ModerationConfig:
    """Validate a parsed moderation.toml."""
    lim = _table(raw, "limits")
    limits = Limits(
        warnings_before_timeout=_int(lim, "warnings_before_timeout", "limits", 2),
        warning_window=timedelta(hours=_int(lim, "warning_window_hours", "limits", 24)),
        flood_messages=_int(lim, "flood_messages", "limits", 5, low=2),
        flood_window=timedelta(seconds=_int(lim, "flood_seconds", "limits", 5)),
        mass_mentions=_int(lim, "mass_mentions", "limits", 5, low=2),
        timeout=timedelta(minutes=_int(lim, "timeout_minutes", "limits", 10)),
    )
    prop = _table(raw, "proportion")
    proportion = Proportion(
        first_mass_mention=_choice(prop, "first_mass_mention", "proportion", "warn"),
        first_everyone_mention=_choice(prop, "first_everyone_mention", "proportion", "remove"),
        first_flooding=_choice(prop, "first_flooding", "proportion", "warn"),
        repeat_grace=timedelta(seconds=_int(prop, "repeat_grace_seconds", "proportion", 60)),
    )
    terms = _table(raw, "terms")
    pi = _table(raw, "personal_info")
    hr = _table(raw, "harm_reduction")
    ds = _table(raw, "drug_sourcing")
    hs = _table(raw, "harassment")
    harm_reduction = _strings(hr, "terms", "harm_reduction")
    sourcing_lists: dict[str, tuple[str, ...]] = {}
    for family in (
        *DRUG_FAMILIES,
        *STREET_EXTRAS,
        "ambiguous",
        "pill_nicknames",
        "vapes",
        "letter",
        "nickname_names",
        "treatment",
    ):
        sourcing_lists[family] = _strings(ds, family, "drug_sourcing")
    for section in ("words", "guards"):
        for name in _table(ds, section, "drug_sourcing."):
            sourcing_lists[name] = _strings(
                _table(ds, section, "drug_sourcing."), name, f"drug_sourcing.{section}"
            )
    street = tuple(d for f in (*DRUG_FAMILIES, *STREET_EXTRAS) for d in sourcing_lists[f])
    if not street:
        raise ModerationConfigError("drug_sourcing must list at least one drug")
    sourcing_lists["street"] = street
    sourcing_lists["harm_reduction"] = harm_reduction
    sourcing_lists["never_sourcing"] = (
        *sourcing_lists.get("never_sourcing", ()),
        *harm_reduction,
    )
    harassment_lists: dict[str, tuple[str, ...]] = {}
    for name in ("insults", "self_worth", "stigma", "weak_stigma", "put_down"):
        harassment_lists[name.removesuffix("s") if name == "insults" else name] = _strings(
            hs, name, "harassment"
        )
    concepts = _table(hs, "concepts", "harassment.")
    for name in concepts:
        harassment_lists[name] = _strings(concepts, name, "harassment.concepts")
    phrase_lists: dict[str, tuple[str, ...]] = {}
    words = _table(hs, "words", "harassment.")
    for name in words:
        phrase_lists[name] = _strings(words, name, "harassment.words")
    phrase_lists["you"] = ("you", "u", "ya", "yall")
    phrase_lists["youre"] = _YOURE
    return ModerationConfig(
        limits=limits,
        proportion=proportion,
        min_term_letters=_int(terms, "min_letters", "terms", 3),
        allow=frozenset(_strings(pi, "allow", "personal_info")),
        toll_free_prefixes=frozenset(_strings(pi, "toll_free_prefixes", "personal_info")),
        harm_reduction=harm_reduction,
        sourcing_lists=sourcing_lists,
        sourcing_rules=_shape_tables(_table(ds, "rules", "drug_sourcing."), "drug_sourcing.rules"),
        harassment_lists=harassment_lists,
        harassment_rules=_shape_tables(_table(hs, "rules", "harassment."), "harassment.rules"),
        phrase_lists=phrase_lists,
        slurs=_strings(hs, "slurs", "harassment"),
        never=_strings(hs, "never", "harassment"),
        phrases=_strings(hs, "phrases", "harassment"),
    )


# "youre", "you are", "ur", "u r" with what often follows; "your" only with an article
# after it ("your a moron"), so "your burden is light" is not "you're a burden".
_YOURE = (
    *(
        f"{subject} {middle}".strip()
        for subject in ("youre", "you are", "ur", "u r", "yr", "you re", "ure", "yall are")
        for middle in (
            "",
            "a",
            "an",
            "so",
            "such a",
            "such an",
            "such",
            "just a",
            "just an",
            "just",
            "a total",
            "a complete",
            "a fucking",
            "an absolute",
            "a real",
            "really",
            "really a",
            "literally a",
            "literally",
            "the biggest",
            "nothing but a",
            "nothing but an",
            "nothing but",
            "fucking",
            "so fucking",
            "a stupid",
            "a worthless",
            "a pathetic",
            "still a",
            "still an",
            "always gonna be a",
            "always going to be a",
        )
    ),
    *("your a", "your an", "your such a", "your so", "your just a", "your such"),
)


def load_config(path: Path = DEFAULT_PATH) -> ModerationConfig:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ModerationConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_config(raw)
    except (ModerationConfigError, ShapeError, ConceptError) as exc:
        raise ModerationConfigError(f"{path}: {exc}") from exc


def _clean_terms(terms: Iterable[str], where: str, *, fold: bool = True) -> list[str]:
    """Server terms, folded like messages (allow-list entries only case-folded: they are
    compared with text as typed, "frontdesk@clinic.example")."""
    cleaned = []
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            raise ModerationConfigError(f"{where}: terms must be non-empty strings")
        text = term.strip().casefold()
        cleaned.append(fold_term(text) if fold else text)
    return cleaned


def _words_alternation(entries: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted({fold_term(e) for e in entries if e.strip()}, key=len, reverse=True)
    if not folded:
        return None
    body = "|".join(r"[\s\-]+".join(re.escape(w) for w in e.split()) for e in folded)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def compile_rules(
    config: ModerationConfig,
    overrides: ServerOverrides | None = None,
    *,
    crisis: CrisisDetector,
) -> CompiledRules:
    """Precompile every pattern for one server; ``crisis`` reads crisis first."""
    overrides = overrides or ServerOverrides()
    unknown = set(overrides.extra_terms) - TERM_CATEGORIES
    if unknown:
        raise ModerationConfigError(
            f"extra terms for unknown categories {sorted(unknown)}; "
            f"use one of {sorted(TERM_CATEGORIES)}"
        )
    extra_harassment = _clean_terms(overrides.extra_terms.get("harassment", ()), "harassment")
    extra_drugs = _clean_terms(overrides.extra_terms.get("drug_sourcing", ()), "drug_sourcing")
    allow = _clean_terms(overrides.allow_list, "allow_list", fold=False)
    allow_text = frozenset(config.allow) | frozenset(allow)
    allow_digits = frozenset(
        re.sub(r"\D", "", a) for a in allow_text if len(re.sub(r"\D", "", a)) >= 3
    )
    try:
        phrase = compile_gated(
            {"phrase": config.phrases},
            {**config.phrase_lists, **config.harassment_lists},
            "harassment.phrases",
        )
        sourcing = compile_sourcing(config.sourcing_lists, config.sourcing_rules, extra_drugs)
        harassment = compile_harassment(config.harassment_lists, config.harassment_rules)
    except (ShapeError, ConceptError) as exc:
        raise ModerationConfigError(str(exc)) from exc
    return CompiledRules(
        config=config,
        overrides=overrides,
        slur=build_term_pattern([*config.slurs, *extra_harassment]),
        slur_words=frozenset(
            word + ending
            for term in (*config.slurs, *extra_harassment)
            for word in re.findall(r"[a-z0-9]+", fold_term(term))
            for ending in ("", "s", "z", "es")
        ),
        phrase=phrase,
        harassment=harassment,
        never=_words_alternation(config.never),
        harm_reduction=_words_alternation(config.harm_reduction),
        sourcing=sourcing,
        allow_text=allow_text,
        allow_digits=allow_digits,
        exempt_channels=frozenset(str(c).casefold() for c in overrides.exempt_channels),
        crisis=crisis,
    )


def default_rules(
    overrides: ServerOverrides | None = None, *, crisis: CrisisDetector
) -> CompiledRules:
    """The shipped defaults from data/moderation.toml, compiled."""
    return compile_rules(load_config(), overrides, crisis=crisis)
