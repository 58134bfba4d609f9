"""Crisis resources per region (data/crisis_resources.toml) and the reply that carries them.

This is the one module that reads crisis lines: text anywhere else in the bot takes
them from here, through the ``CrisisLines`` port (bot/kernel/ports.py) that
``CrisisResources`` implements. ``load_resources`` validates the file at start-up, so a
broken entry stops the bot with a message naming it rather than failing the first person
who needs help. ``render_reply`` writes the message a person in crisis receives: warm,
direct, hope and help, the lines for their region, and never method detail or the phrase
"commit suicide".
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.crisis.domain.regions import region_for_zone
from bot.kernel.paths import DATA_DIR

log = logging.getLogger(__name__)

DEFAULT_PATH = DATA_DIR / "crisis_resources.toml"
# Wording that safe-messaging guidance rules out; the loader refuses it.
_FORBIDDEN = re.compile(r"\bcommit(?:ted|ting|s)? suicide\b", re.IGNORECASE)
_CODE = re.compile(r"^[A-Z]{2,4}$")
# A number in the summary: digits, possibly in groups ("116 123", "13 11 14").
_NUMBER = re.compile(r"\d+(?: \d+)*")


class CrisisResourceError(ValueError):
    """The crisis resource file is unusable; the message names the entry at fault."""


@dataclass(frozen=True)
class Resource:
    name: str
    how: str
    hours: str = ""


@dataclass(frozen=True)
class Region:
    codes: tuple[str, ...]
    name: str
    emergency: str
    resources: tuple[Resource, ...]
    fallback: bool = False

    @property
    def code(self) -> str:
        return self.codes[0]


@dataclass(frozen=True)
class Summary:
    everywhere: str  # every region's lines and emergency numbers in one sentence
    short: str  # the shortest pointer to help


@dataclass(frozen=True)
class CrisisResources:
    """Every region's lines; also the ``CrisisLines`` port (bot/kernel/ports.py)."""

    regions: tuple[Region, ...]
    summary: Summary

    def everywhere(self) -> str:
        return self.summary.everywhere

    def short(self) -> str:
        return self.summary.short

    # ---- one region's lines, for text written outside crisis help (issue 18) ------------

    def short_for(self, code: str | None) -> str:
        """The shortest pointer to help in the region ``code``: its first line and its
        emergency number; every region's lines where the region is not known."""
        region = self._known(code)
        if region is None:
            return self.summary.everywhere
        first = region.resources[0]
        return f"reach {first.name} ({_lower_first(first.how)}) or call {region.emergency}"

    def everywhere_for(self, code: str | None) -> str:
        """Every line of the region ``code`` and its emergency number in one sentence;
        every region's lines where the region is not known."""
        region = self._known(code)
        if region is None:
            return self.summary.everywhere
        lines = "; ".join(f"{r.name}: {_lower_first(r.how)}" for r in region.resources)
        return f"{lines}; in an emergency call {region.emergency} ({region.name})"

    def region_of_zone(self, zone: str | None) -> str | None:
        return region_for_zone(zone)

    def _known(self, code: str | None) -> Region | None:
        if not code:
            return None
        region = self.for_region(code)
        return None if region.fallback else region

    @property
    def fallback(self) -> Region:
        return next(r for r in self.regions if r.fallback)

    def for_region(self, code: str | None) -> Region:
        """The region for a code such as "US", "uk" or "AU"; the fallback otherwise."""
        if code:
            wanted = code.strip().upper()
            for region in self.regions:
                if wanted in region.codes:
                    return region
            log.info("no crisis resources for region %r; using the fallback", code)
        return self.fallback


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CrisisResourceError(f"{where}: '{key}' must be a non-empty string")
    if _FORBIDDEN.search(value):
        raise CrisisResourceError(
            f"{where}: '{key}' says 'commit suicide'; safe-messaging wording is "
            "'died by suicide' or 'suicide'"
        )
    return value.strip()


def _region(raw: Any, index: int, seen: dict[str, str]) -> Region:
    where = f"region #{index + 1}"
    if not isinstance(raw, dict):
        raise CrisisResourceError(f"{where}: must be a table")
    name = _text(raw, "name", where)
    where = f"region #{index + 1} ({name})"
    codes = raw.get("codes")
    if not isinstance(codes, list) or not codes:
        raise CrisisResourceError(f"{where}: 'codes' must be a non-empty list like [\"US\"]")
    clean: list[str] = []
    for code in codes:
        if not isinstance(code, str) or not _CODE.match(code):
            raise CrisisResourceError(f"{where}: code {code!r} must be 2-4 capital letters")
        if code in seen:
            raise CrisisResourceError(f"{where}: code {code!r} is also used by {seen[code]}")
        seen[code] = name
        clean.append(code)
    emergency = _text(raw, "emergency", where)
    fallback = raw.get("fallback", False)
    if not isinstance(fallback, bool):
        raise CrisisResourceError(f"{where}: 'fallback' must be true or false")
    items = raw.get("resource")
    if not isinstance(items, list) or not items:
        raise CrisisResourceError(f"{where}: needs at least one [[region.resource]]")
    resources = []
    for j, item in enumerate(items):
        item_where = f"{where} resource #{j + 1}"
        if not isinstance(item, dict):
            raise CrisisResourceError(f"{item_where}: must be a table")
        item_name = _text(item, "name", item_where)
        item_where = f"{where} resource #{j + 1} ({item_name})"
        resources.append(
            Resource(
                name=item_name,
                how=_text(item, "how", item_where),
                hours=_text(item, "hours", item_where, required=False),
            )
        )
    return Region(tuple(clean), name, emergency, tuple(resources), fallback)


def _summary(raw: Any, regions: tuple[Region, ...]) -> Summary:
    where = "[summary]"
    if not isinstance(raw, dict):
        raise CrisisResourceError(f"{where}: needs 'everywhere' and 'short'")
    summary = Summary(_text(raw, "everywhere", where), _text(raw, "short", where))
    # The summary repeats the regions' lines in short: a number that no region lists
    # is a line someone changed in one place and not the other.
    listed = " ".join(
        f"{region.emergency} " + " ".join(r.how for r in region.resources) for region in regions
    )
    for key in ("everywhere", "short"):
        for number in _NUMBER.findall(getattr(summary, key)):
            if not re.search(rf"(?<!\d){re.escape(number)}(?!\d)", listed):
                raise CrisisResourceError(
                    f"{where}: '{key}' gives {number}, which no region lists"
                )
    return summary


def parse_resources(raw: Mapping[str, Any]) -> CrisisResources:
    regions_raw = raw.get("region")
    if not isinstance(regions_raw, list) or not regions_raw:
        raise CrisisResourceError("no [[region]] entries")
    seen: dict[str, str] = {}
    regions = tuple(_region(r, i, seen) for i, r in enumerate(regions_raw))
    fallbacks = [r.name for r in regions if r.fallback]
    if len(fallbacks) != 1:
        raise CrisisResourceError(
            f"exactly one region must have fallback = true (found {len(fallbacks)}: {fallbacks})"
        )
    return CrisisResources(regions, _summary(raw.get("summary"), regions))


def load_resources(path: Path = DEFAULT_PATH) -> CrisisResources:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CrisisResourceError(f"{path}: cannot read: {exc}") from exc
    try:
        return parse_resources(raw)
    except CrisisResourceError as exc:
        raise CrisisResourceError(f"{path}: {exc}") from exc


def resource_lines(region: Region) -> list[str]:
    """One line per resource, then the emergency number."""
    lines = []
    for r in region.resources:
        hours = f" ({r.hours})" if r.hours else ""
        lines.append(f"• **{r.name}**: {r.how}{hours}")
    lines.append(f"• **Emergency**: if you are in danger right now, call {region.emergency}.")
    return lines


def render_reply(
    region: Region,
    *,
    name: str | None = None,
    program_contact: str | None = None,
    facilitators_told: bool = False,
    extra: Sequence[str] = (),
) -> str:
    """The message a person in crisis receives. Plain text with Discord markdown."""
    greeting = f"{name}, I" if name else "I"
    parts = [
        f"{greeting}'m really glad you said something. What you're feeling matters, and "
        "you don't have to carry it alone. Feelings this heavy can ease with support, "
        "and people are ready to help right now.",
        "",
        f"You can reach someone any time ({region.name}):",
        *resource_lines(region),
        "",
    ]
    if facilitators_told:
        parts.append("I've let your program's facilitators know, so a person will reach out.")
    if program_contact:
        parts.append(f"You can also reach your program: {program_contact}.")
    parts.extend(extra)
    parts.append(
        "I'm a bot, not a crisis service, but I can point you to people who are. "
        "If you can, stay with someone you trust while you reach out."
    )
    text = "\n".join(parts).strip()
    # A last guard: nothing we add may slip into unsafe wording.
    if _FORBIDDEN.search(text):
        raise CrisisResourceError("rendered reply contains unsafe wording")
    return text


def render_hold_reply(region: Region, *, name: str | None = None) -> str:
    """Sent privately when a message was held for method or dose detail."""
    greeting = f"{name}, your" if name else "Your"
    intro = (
        f"{greeting} message in the peer channel is paused for a facilitator to read, because "
        "it included details about ways of self-harm or doses. Details like those can put "
        "someone else who is struggling at risk, so we keep them out of shared spaces. "
        "You're not in trouble, and nothing you wrote is lost: a facilitator has it."
    )
    return intro + "\n\n" + render_reply(region, facilitators_told=True)
