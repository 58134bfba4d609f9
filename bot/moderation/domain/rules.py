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
from bot.moderation.domain.patterns import (
    build_drug_pattern,
    build_phrase_pattern,
    build_term_pattern,
)

DEFAULT_PATH = DATA_DIR / "moderation.toml"
# Categories a server may add its own terms to.
TERM_CATEGORIES = frozenset({"harassment", "drug_sourcing"})


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
class ModerationConfig:
    limits: Limits
    allow: frozenset[str]
    toll_free_prefixes: frozenset[str]
    drugs: tuple[str, ...]
    treatment: frozenset[str]
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
    phrase: re.Pattern[str] | None
    never: re.Pattern[str] | None
    drug_sourcing: re.Pattern[str]
    # Words one of which a sourcing message must contain; checked before the regex.
    drug_gate: frozenset[str]
    allow_text: frozenset[str]
    allow_digits: frozenset[str]
    exempt_channels: frozenset[str]
    # Reads crisis in a normalised message (crisis's ``detect_crisis_normalised``).
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


def _table(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ModerationConfigError(f"[{key}] must be a table")
    return value


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
    pi = _table(raw, "personal_info")
    ds = _table(raw, "drug_sourcing")
    hs = _table(raw, "harassment")
    drugs = _strings(ds, "drugs", "drug_sourcing")
    if not drugs:
        raise ModerationConfigError("drug_sourcing.drugs must list at least one term")
    for i, phrase in enumerate(_strings(hs, "phrases", "harassment")):
        unknown = set(re.findall(r"\{(\w*)\}", phrase)) - {"you", "youre"}
        if unknown:
            raise ModerationConfigError(
                f"harassment.phrases[{i}] ({phrase!r}) uses unknown placeholder(s) "
                f"{sorted(unknown)}; only {{you}} and {{youre}} exist"
            )
    return ModerationConfig(
        limits=limits,
        allow=frozenset(_strings(pi, "allow", "personal_info")),
        toll_free_prefixes=frozenset(_strings(pi, "toll_free_prefixes", "personal_info")),
        drugs=drugs,
        treatment=frozenset(_strings(ds, "treatment", "drug_sourcing")),
        slurs=_strings(hs, "slurs", "harassment"),
        never=_strings(hs, "never", "harassment"),
        phrases=_strings(hs, "phrases", "harassment"),
    )


def load_config(path: Path = DEFAULT_PATH) -> ModerationConfig:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ModerationConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_config(raw)
    except ModerationConfigError as exc:
        raise ModerationConfigError(f"{path}: {exc}") from exc


def _clean_terms(terms: Iterable[str], where: str) -> list[str]:
    cleaned = []
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            raise ModerationConfigError(f"{where}: terms must be non-empty strings")
        cleaned.append(term.strip().casefold())
    return cleaned


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
    allow = _clean_terms(overrides.allow_list, "allow_list")
    allow_text = frozenset(config.allow) | frozenset(allow)
    allow_digits = frozenset(
        re.sub(r"\D", "", a) for a in allow_text if len(re.sub(r"\D", "", a)) >= 3
    )
    return CompiledRules(
        config=config,
        overrides=overrides,
        slur=build_term_pattern([*config.slurs, *extra_harassment]),
        phrase=build_phrase_pattern(config.phrases),
        never=build_phrase_pattern(config.never),
        drug_gate=frozenset(
            word
            for term in [*config.drugs, *extra_drugs]
            for word in re.findall(r"[a-z0-9]+", term)
        )
        | {"plug", "connect", "dealer"},
        drug_sourcing=build_drug_pattern([*config.drugs, *extra_drugs], config.treatment),
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
