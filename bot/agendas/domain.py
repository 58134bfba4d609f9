"""Group agendas: what a facilitator writes, checked against what one Discord embed holds.

Pure: no discord imports and no clock. The service passes ``now``; the cog turns
:class:`EmbedParts` into a ``discord.Embed``.

Limits are chosen so that any agenda that passes :func:`parse_agenda` always fits one
embed (title 256, description 4096, a field 1024, 6000 in all), with room for the
"Cancelled:" prefix and the session line the renderer adds. Checking it here, rather
than letting Discord refuse the post two hours before the session, means the facilitator
hears about it while still typing.
"""

from __future__ import annotations

import enum
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.kernel.discord_time import discord_timestamp
from bot.program.domain.occurrences import Occurrence, occurrences
from bot.program.domain.schedule import Participant, Program, slug

DEFAULT_LEAD = timedelta(hours=2)
MAX_TITLE = 200
MAX_ITEMS = 15
MAX_ITEM = 200
MAX_HOMEWORK = 1000
MAX_TEMPLATE_NAME = 60
SUMMARY_LIMIT = 1024  # a reminder embed field

# Kinds that are one person's own care: their agendas are never posted to a shared
# channel (personal appointments are excluded whatever their kind).
PRIVATE_KINDS = frozenset({"individual", "psychiatry", "medication"})

# "- item", "* item", "• item", "1. item", "2) item": people paste lists in these shapes.
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")
_TEMPLATE_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")


class AgendaState(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    POSTED = "posted"
    CANCELLED = "cancelled"


class Stopped(enum.StrEnum):
    """Why an agenda is no longer live (its state is ``cancelled``)."""

    WITHDRAWN = "withdrawn"  # a facilitator withdrew the agenda; the session still happens
    SESSION = "session"  # its session was cancelled (or its day closed)


class AgendaError(ValueError):
    """Input that cannot become an agenda; the message says what to change."""


@dataclass(frozen=True)
class AgendaContent:
    title: str
    items: tuple[str, ...]
    homework: str = ""

    @property
    def items_text(self) -> str:
        """The items as the modal shows them: one per line."""
        return "\n".join(self.items)


def split_items(text: str) -> tuple[str, ...]:
    """One item per non-blank line, list bullets and numbering removed."""
    items = []
    for line in text.splitlines():
        cleaned = _BULLET.sub("", line).strip()
        if cleaned:
            items.append(cleaned)
    return tuple(items)


def parse_agenda(title: str, items_text: str, homework: str = "") -> AgendaContent:
    """Validate what the facilitator typed; raises :class:`AgendaError` with the fix."""
    title = " ".join(title.split())
    items = split_items(items_text)
    homework = homework.strip()
    if not title and not items:
        raise AgendaError(
            "The agenda is empty: give it a title and at least one item (one per line)."
        )
    if not title:
        raise AgendaError("The agenda needs a title, such as the session's topic.")
    if not items:
        raise AgendaError(
            "The agenda needs at least one item: write what the group will do, one per line."
        )
    if len(title) > MAX_TITLE:
        raise AgendaError(
            f"The title is {len(title)} characters; keep it to {MAX_TITLE} "
            "(put detail in the items)."
        )
    if len(items) > MAX_ITEMS:
        raise AgendaError(
            f"That is {len(items)} items, more than the {MAX_ITEMS} that fit in one agenda "
            "post: merge some, or move detail into the thread after posting."
        )
    for number, item in enumerate(items, start=1):
        if len(item) > MAX_ITEM:
            raise AgendaError(
                f"Item {number} is {len(item)} characters; keep each item to {MAX_ITEM} "
                "(split it over two lines)."
            )
    if len(homework) > MAX_HOMEWORK:
        raise AgendaError(f"The homework is {len(homework)} characters; keep it to {MAX_HOMEWORK}.")
    return AgendaContent(title, items, homework)


# ---- which sessions get agendas ----------------------------------------------------------


@dataclass(frozen=True)
class GroupOccurrence:
    """One dated occurrence of a track session (not any one participant's)."""

    track: str
    occurrence: Occurrence

    @property
    def key(self) -> str:
        return self.occurrence.key


def group_occurrences(program: Program, start: datetime, end: datetime) -> list[GroupOccurrence]:
    """Track sessions that can carry an agenda, starting in ``[start, end)``, by start.

    Computed for the track itself, not from its participants, so a session nobody has
    joined yet can still be prepared; cancellations, moves and closures apply as they
    do for people (a stand-in member enrolled over the whole window).
    """
    zone = program.zone
    first = start.astimezone(zone).date() - timedelta(days=1)
    weeks = (end.astimezone(zone).date() - first).days // 7 + 2
    found: list[GroupOccurrence] = []
    for track in program.tracks:
        if not any(s.kind not in PRIVATE_KINDS for s in track.sessions):
            continue
        stand_in = Participant(
            name=f"@track:{track.name}",
            track=track.name,
            timezone=program.timezone,
            start=first,
            weeks=weeks,
        )
        for occurrence in occurrences(program, stand_in, start, end):
            if occurrence.kind not in PRIVATE_KINDS:
                found.append(GroupOccurrence(track.name, occurrence))
    found.sort(key=lambda g: (g.occurrence.start, g.key))
    return found


def find_group_occurrence(program: Program, key: str) -> GroupOccurrence | None:
    """The occurrence with ``key`` ("<session>:<date>"), wherever a move put it."""
    try:
        day = date.fromisoformat(key.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None
    zone = program.zone
    # Moves rarely go far; a month each way finds any sensible one.
    window_start = datetime(day.year, day.month, day.day, tzinfo=zone) - timedelta(days=31)
    for found in group_occurrences(program, window_start, window_start + timedelta(days=63)):
        if found.key == key:
            return found
    return None


def as_scheduled(program: Program, track: str, key: str, start: datetime) -> GroupOccurrence | None:
    """The occurrence ``key`` as it was when last seen at ``start``, built from its weekly
    session: how a cancelled session's posted agenda is still shown with its time."""
    session_key, _, day_text = key.rpartition(":")
    session = program.session(session_key)
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    if session is None:
        return None
    occurrence = Occurrence(
        key=key,
        participant=f"@track:{track}",
        session_key=session_key,
        title=session.title,
        kind=session.kind,
        minutes=session.minutes,
        location=session.location,
        scheduled_day=day,
        start=start,
        local_start=start.astimezone(program.zone),
        personal=False,
    )
    return GroupOccurrence(track, occurrence)


def choice_label(found: GroupOccurrence) -> str:
    """ "Wed 9 Dec 18:00, Process group, Evening" (program-local), at most 100 chars."""
    local = found.occurrence.local_start
    return f"{local:%a} {local.day} {local:%b %H:%M}, {found.occurrence.title}, {found.track}"[:100]


# ---- text --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbedParts:
    title: str
    description: str
    fields: tuple[tuple[str, str], ...]
    footer: str


def _session_lines(found: GroupOccurrence) -> list[str]:
    occurrence = found.occurrence
    when = (
        f"{discord_timestamp(occurrence.start, 'F')} to "
        f"{discord_timestamp(occurrence.end, 't')} ({discord_timestamp(occurrence.start, 'R')})"
    )
    lines = [f"**{occurrence.title}** · {found.track} track", when]
    if occurrence.location:
        lines.append(f"Where: {occurrence.location}")
    return lines


def embed_parts(
    content: AgendaContent,
    found: GroupOccurrence,
    *,
    stopped: Stopped | None = None,
) -> EmbedParts:
    """The agenda post: session time as Discord timestamps, items numbered.

    A withdrawn agenda's post says the *agenda* was withdrawn and the session still takes
    place (its items are gone: they were withdrawn); only a cancelled session's post says
    the session is cancelled, keeping the agenda for reference.
    """
    if stopped is Stopped.WITHDRAWN:
        lines = [
            "**This agenda was withdrawn. The session still takes place.** If a new agenda "
            "is written, it replaces this post.",
            *_session_lines(found),
        ]
        return EmbedParts(
            "Agenda withdrawn",
            "\n".join(lines),
            (),
            "Agenda withdrawn; the session still takes place",
        )
    cancelled = stopped is Stopped.SESSION
    lines = _session_lines(found)
    if cancelled:
        lines.insert(0, "**This session is cancelled.** The agenda is kept for reference.")
    lines.append("")
    lines.extend(f"{n}. {item}" for n, item in enumerate(content.items, start=1))
    fields: list[tuple[str, str]] = []
    if content.homework:
        fields.append(("Homework / reading", content.homework))
    footer = (
        "Session cancelled"
        if cancelled
        else "Questions before the session? Ask in the thread under this post."
    )
    title = f"Cancelled: {content.title}" if cancelled else content.title
    return EmbedParts(title, "\n".join(lines), tuple(fields), footer)


def summary(content: AgendaContent, limit: int = SUMMARY_LIMIT) -> str:
    """Short text for a reminder: the title and the items, cut to ``limit`` characters."""
    lines = [f"**{content.title}**"]
    used = len(lines[0])
    for index, item in enumerate(content.items):
        line = f"• {item}"
        after = len(content.items) - index - 1
        # Keep room for the "…and N more" line while more items follow.
        if used + 1 + len(line) + (20 if after else 0) > limit:
            lines.append(f"…and {after + 1} more")
            break
        lines.append(line)
        used += 1 + len(line)
    return "\n".join(lines)[:limit]


def thread_name(found: GroupOccurrence) -> str:
    local = found.occurrence.local_start
    return f"Questions: {found.occurrence.title}, {local:%a} {local.day} {local:%b}"[:100]


def post_instant(start: datetime, lead: timedelta) -> datetime:
    return start - lead


# ---- templates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaTemplate:
    key: str  # lowercase slug, how it is chosen
    name: str  # what people read
    content: AgendaContent
    shipped: bool = True


def template_key(name: str) -> str:
    key = slug(name)
    if not key or not _TEMPLATE_KEY.fullmatch(key):
        raise AgendaError(
            f'"{name}" cannot be a template name: use letters and digits, like "Grief group".'
        )
    if len(name.strip()) > MAX_TEMPLATE_NAME:
        raise AgendaError(f"A template name has at most {MAX_TEMPLATE_NAME} characters.")
    return key


def parse_templates(text: str, source: str = "agenda templates") -> list[AgendaTemplate]:
    """Shipped templates from TOML: ``[[template]]`` tables with name, title, items and
    an optional homework. Every problem is reported at once."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AgendaError(f"{source}: not valid TOML: {error}") from None
    problems: list[str] = []
    templates: list[AgendaTemplate] = []
    seen: set[str] = set()
    unknown_top = set(document) - {"template"}
    if unknown_top:
        problems.append(f"unknown top-level keys: {', '.join(sorted(unknown_top))}")
    for number, raw in enumerate(document.get("template", []), start=1):
        where = f"template {number}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a table")
            continue
        unknown = set(raw) - {"name", "title", "items", "homework"}
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        name, title, items = raw.get("name"), raw.get("title"), raw.get("items")
        homework = raw.get("homework", "")
        if not isinstance(name, str) or not isinstance(title, str):
            problems.append(f"{where}: name and title must be text")
            continue
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            problems.append(f"{where} ({name}): items must be a list of text")
            continue
        if not isinstance(homework, str):
            problems.append(f"{where} ({name}): homework must be text")
            continue
        try:
            key = template_key(name)
            content = parse_agenda(title, "\n".join(items), homework)
        except AgendaError as error:
            problems.append(f"{where} ({name}): {error}")
            continue
        if key in seen:
            problems.append(f"{where}: the name {name!r} is used twice")
            continue
        seen.add(key)
        templates.append(AgendaTemplate(key, name.strip(), content))
    if problems:
        raise AgendaError(f"{source}: " + "; ".join(problems))
    return templates
