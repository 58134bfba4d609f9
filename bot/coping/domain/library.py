"""The coping-skill library: situations, skills, and loading with validation.

The shipped library lives in ``data/coping_tips.toml``; facilitators add program skills
(ids ``program:<n>``) that the cog keeps in the database and merges in with
:meth:`Library.with_program`. Everything here is pure: no Discord, no clock.

Validation collects every problem before failing, so one start-up shows all the typos
in the file instead of one per restart.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.kernel.paths import DATA_DIR

log = logging.getLogger(__name__)

# Sized for a Discord embed (title 256, field value 1024) with room to spare.
MIN_STEPS, MAX_STEPS = 2, 6
MAX_TITLE = 80
# Ids travel inside button custom ids (Discord allows 100 characters in all).
MAX_ID = 40
MAX_STEP = 300
MAX_TEXT = 300
MIN_MINUTES, MAX_MINUTES = 1, 60
PROGRAM_PREFIX = "program:"
DEFAULT_PATH = DATA_DIR / "coping_tips.toml"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PROGRAM_ID_RE = re.compile(r"^program:[1-9][0-9]*$")


@dataclass(frozen=True)
class Situation:
    key: str
    name: str
    # Everyday words a participant might type instead of the display name.
    words: tuple[str, ...] = ()


# The keys are an API: check-in matching, the database and the cog refer to them.
SITUATIONS: tuple[Situation, ...] = (
    Situation("craving", "Craving or urge", ("urge", "crave", "want to use", "drink", "using")),
    Situation("anxiety", "Anxiety or panic", ("anxious", "panic", "worried", "nervous", "fear")),
    Situation("anger", "Anger", ("angry", "mad", "furious", "rage", "irritated")),
    Situation("low_mood", "Low mood", ("sad", "down", "depressed", "empty", "hopeless")),
    Situation("loneliness", "Loneliness", ("lonely", "alone", "isolated")),
    Situation("sleep", "Trouble sleeping", ("insomnia", "can't sleep", "awake", "tired")),
    Situation("stress", "Stress", ("stressed", "overwhelmed", "pressure", "busy")),
    Situation("grief", "Grief or loss", ("loss", "grieving", "died", "miss")),
    Situation("after_lapse", "After a lapse", ("lapse", "relapse", "slip", "slipped", "used")),
    Situation(
        "hard_conversation",
        "Before a hard conversation",
        ("conversation", "talk", "conflict", "argument", "confront"),
    ),
)
SITUATION_BY_KEY: Mapping[str, Situation] = {s.key: s for s in SITUATIONS}

# Kinds of skill; check-in matching prefers some of them (high craving -> urge, delay).
# A closed set so a typo in the file is caught instead of silently matching nothing.
TAGS: frozenset[str] = frozenset(
    "acceptance action activation body breathing delay distraction grounding halt"
    " interpersonal mindfulness pause planning reaching-out self-compassion sleep soothing"
    " thinking urge writing".split()
)

MIN_PER_SITUATION = 3


@dataclass(frozen=True)
class Skill:
    id: str
    title: str
    steps: tuple[str, ...]
    minutes: int
    situations: tuple[str, ...]
    source: str
    summary: str = ""
    caution: str = ""
    tags: frozenset[str] = frozenset()

    @property
    def is_program(self) -> bool:
        return self.id.startswith(PROGRAM_PREFIX)

    def fits(self, situation: str) -> bool:
        return situation in self.situations


@dataclass(frozen=True)
class Library:
    """Shipped skills plus the program's additions, minus retired ones.

    Retired skills stay known (``get`` still finds them, so /myskills can name a skill
    that helped last month) but are never offered.
    """

    skills: tuple[Skill, ...]
    retired: frozenset[str] = frozenset()
    _by_id: Mapping[str, Skill] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.skills})

    def get(self, skill_id: str) -> Skill | None:
        return self._by_id.get(skill_id)

    def active(self) -> tuple[Skill, ...]:
        return tuple(s for s in self.skills if s.id not in self.retired)

    def for_situation(self, situation: str | None) -> tuple[Skill, ...]:
        """Active skills that fit ``situation`` (all active skills when None)."""
        return tuple(s for s in self.active() if situation is None or s.fits(situation))

    def with_program(self, program_skills: Iterable[Skill], retired: Iterable[str] = ()) -> Library:
        """A library with facilitator skills added and ``retired`` ids withdrawn."""
        added = tuple(program_skills)
        seen = set(self._by_id)
        for skill in added:
            if not skill.is_program:
                raise ValueError(f"program skill id must look like 'program:<n>': {skill.id!r}")
            if skill.id in seen:
                raise ValueError(f"duplicate skill id {skill.id!r}")
            seen.add(skill.id)
        return Library(self.skills + added, self.retired | frozenset(retired))


class LibraryError(ValueError):
    """The library file is unusable; ``problems`` lists every reason, one per line."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: {count} {noun}:\n" + "\n".join(self.problems))


def load_library(path: Path = DEFAULT_PATH) -> Library:
    """Read and validate the shipped library; raises LibraryError naming each bad entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LibraryError(str(path), [f"cannot read the file: {exc.strerror}"]) from exc
    library = parse_library(text, source=path.name)
    log.info("coping library: %d skills from %s", len(library.skills), path)
    return library


def parse_library(text: str, source: str = "coping_tips.toml") -> Library:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(source, [f"not valid TOML: {exc}"]) from exc
    lines = _skill_header_lines(text)
    return library_from_document(doc, source, lambda i: lines[i] if i < len(lines) else None)


def _skill_header_lines(text: str) -> list[int]:
    """1-based line numbers of each ``[[skill]]`` header, so errors can point at them."""
    return [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^\s*\[\[\s*skill\s*\]\]", line)
    ]


_FIELDS = {"id", "title", "steps", "minutes", "situations", "source", "summary", "caution", "tags"}
_REQUIRED = ("id", "title", "steps", "minutes", "situations", "source")


def library_from_document(
    doc: Mapping[str, Any], source: str = "coping_tips.toml", line_of: Any = None
) -> Library:
    problems: list[str] = []
    unknown_top = sorted(set(doc) - {"skill"})
    if unknown_top:
        problems.append(f"unknown top-level keys {unknown_top}; skills go in [[skill]] tables")
    entries = doc.get("skill", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LibraryError(source, [*problems, "'skill' must be an array of [[skill]] tables"])

    skills: list[Skill] = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = line_of(index) if line_of else None
        where = f"line {line}: " if line else ""
        skill_id = entry.get("id")
        label = f'skill[{index}] ("{skill_id}")' if isinstance(skill_id, str) else f"skill[{index}]"
        entry_problems = validate_entry(entry, shipped=True)
        problems.extend(f"{where}{label}.{p}" for p in entry_problems)
        if isinstance(skill_id, str):
            if skill_id in first_index:
                problems.append(
                    f"{where}{label}.id: duplicate id, first used by skill[{first_index[skill_id]}]"
                )
            else:
                first_index[skill_id] = index
        if not entry_problems:
            skills.append(skill_from_entry(entry))

    if not problems:
        counts = {s.key: 0 for s in SITUATIONS}
        for skill in skills:
            for key in skill.situations:
                counts[key] += 1
        for key, count in counts.items():
            if count < MIN_PER_SITUATION:
                problems.append(
                    f"situation {key!r}: needs at least {MIN_PER_SITUATION} skills, found {count}"
                )
    if problems:
        raise LibraryError(source, problems)
    return Library(tuple(skills))


def validate_entry(entry: Mapping[str, Any], *, shipped: bool) -> list[str]:
    """Problems with one skill table, each as ``field: what is wrong``."""
    problems: list[str] = []
    for name in sorted(set(entry) - _FIELDS):
        problems.append(f"{name}: unknown field (known: {', '.join(sorted(_FIELDS))})")
    for name in _REQUIRED:
        if name not in entry:
            problems.append(f"{name}: missing")

    def text(name: str, limit: int, *, required: bool) -> None:
        if name not in entry:
            return
        value = entry[name]
        if not isinstance(value, str):
            problems.append(f"{name}: must be text, found {_type_name(value)}")
        elif required and not value.strip():
            problems.append(f"{name}: must not be empty")
        elif len(value) > limit:
            problems.append(f"{name}: at most {limit} characters, found {len(value)}")

    if "id" in entry:
        skill_id = entry["id"]
        if not isinstance(skill_id, str):
            problems.append(f"id: must be text, found {_type_name(skill_id)}")
        elif shipped and skill_id.startswith(PROGRAM_PREFIX):
            problems.append("id: the 'program:' namespace is for facilitator-added skills")
        elif shipped and not _ID_RE.match(skill_id):
            problems.append(f"id: use lowercase words joined by '-', found {skill_id!r}")
        elif len(skill_id) > MAX_ID:
            problems.append(f"id: at most {MAX_ID} characters, found {len(skill_id)}")
        elif not shipped and not _PROGRAM_ID_RE.match(skill_id):
            problems.append(f"id: must look like 'program:<n>', found {skill_id!r}")
    text("title", MAX_TITLE, required=True)
    text("source", MAX_TEXT, required=True)
    text("summary", MAX_TEXT, required=False)
    text("caution", MAX_TEXT, required=False)

    steps = entry.get("steps")
    if "steps" in entry:
        if not isinstance(steps, list):
            problems.append(f"steps: must be a list of text, found {_type_name(steps)}")
        elif not MIN_STEPS <= len(steps) <= MAX_STEPS:
            problems.append(f"steps: needs {MIN_STEPS}-{MAX_STEPS} steps, found {len(steps)}")
        for n, step in enumerate(steps if isinstance(steps, list) else []):
            if not isinstance(step, str) or not step.strip():
                problems.append(f"steps[{n}]: must be non-empty text")
            elif len(step) > MAX_STEP:
                problems.append(f"steps[{n}]: at most {MAX_STEP} characters, found {len(step)}")

    if "minutes" in entry:
        minutes = entry["minutes"]
        # bool is an int in Python; `minutes = true` is a typo, not one minute.
        if not isinstance(minutes, int) or isinstance(minutes, bool):
            problems.append(f"minutes: must be a whole number, found {_type_name(minutes)}")
        elif not MIN_MINUTES <= minutes <= MAX_MINUTES:
            problems.append(f"minutes: must be {MIN_MINUTES}-{MAX_MINUTES}, found {minutes}")

    problems.extend(_check_keys(entry, "situations", SITUATION_BY_KEY.keys(), required=True))
    problems.extend(_check_keys(entry, "tags", TAGS, required=False))
    return problems


def _check_keys(
    entry: Mapping[str, Any], name: str, known: Iterable[str], *, required: bool
) -> list[str]:
    if name not in entry:
        return []
    value = entry[name]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [f"{name}: must be a list of text, found {_type_name(value)}"]
    problems = []
    if required and not value:
        problems.append(f"{name}: needs at least one")
    known_set = set(known)
    for v in value:
        if v not in known_set:
            problems.append(f"{name}: unknown {v!r} (known: {', '.join(sorted(known_set))})")
    if len(set(value)) != len(value):
        problems.append(f"{name}: listed twice")
    return problems


def skill_from_entry(entry: Mapping[str, Any]) -> Skill:
    """Build a Skill from an entry that :func:`validate_entry` accepted."""
    return Skill(
        id=entry["id"],
        title=entry["title"].strip(),
        steps=tuple(step.strip() for step in entry["steps"]),
        minutes=entry["minutes"],
        situations=tuple(entry["situations"]),
        source=entry["source"].strip(),
        summary=entry.get("summary", "").strip(),
        caution=entry.get("caution", "").strip(),
        tags=frozenset(entry.get("tags", ())),
    )


def _type_name(value: object) -> str:
    names = {
        str: "text",
        int: "number",
        float: "number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


class ProgramSkillError(ValueError):
    """A facilitator's new skill cannot be saved; ``problems`` are written for them."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def program_skill(
    number: int,
    *,
    title: str,
    steps_text: str,
    minutes_text: str,
    situations_text: str,
    source: str,
    caution: str = "",
    summary: str = "",
) -> Skill:
    """Turn a facilitator's modal answers into a ``program:<number>`` skill.

    Steps are one per line (leading bullets or numbers are dropped); situations are
    comma-separated keys or display names. Steps numbered on one line ("1. ... 2. ...")
    are split at the numbers, as people type them that way too. Raises
    ProgramSkillError with every problem so the facilitator can fix them all in one go.
    """
    steps = _split_steps(steps_text)
    situations: list[str] = []
    problems: list[str] = []
    for raw in re.split(r"[,;\n]", situations_text):
        word = raw.strip().casefold()
        if not word:
            continue
        match = next(
            (s.key for s in SITUATIONS if word in (s.key, s.name.casefold(), *s.words)), None
        )
        if match is None:
            names = ", ".join(s.key for s in SITUATIONS)
            problems.append(f"situations: I don't know {raw.strip()!r}; use any of {names}")
        elif match not in situations:
            situations.append(match)
    minutes: object = minutes_text.strip()
    if isinstance(minutes, str) and minutes.isdigit():
        minutes = int(minutes)
    elif minutes:
        problems.append(f"minutes: write a whole number of minutes, found {minutes_text!r}")
    entry = {
        "id": f"{PROGRAM_PREFIX}{number}",
        "title": title,
        "steps": steps,
        "minutes": minutes if minutes != "" else None,
        "situations": situations,
        "source": source,
        "caution": caution,
        "summary": summary,
    }
    entry = {k: v for k, v in entry.items() if v is not None}
    # A field already reported above (an unknown word) would repeat as "needs at least one".
    reported = tuple(p.split(":", 1)[0] + ":" for p in problems)
    problems.extend(p for p in validate_entry(entry, shipped=False) if not p.startswith(reported))
    if problems:
        raise ProgramSkillError(problems)
    return skill_from_entry(entry)


def _split_steps(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        inline = _numbered_inline(lines[0].strip())
        if inline:
            return inline
    steps = [_strip_bullet(line) for line in lines]
    return [s for s in steps if s]


def _numbered_inline(line: str) -> list[str] | None:
    """ "1. a 2. b" → ["a", "b"]; only markers counting up from 1 split, so a number
    inside a step ("count to 4. Then") stays put unless it is the next one expected."""
    markers: list[re.Match[str]] = []
    for match in re.finditer(r"(?:^|(?<=\s))(\d+)[.)]\s", line):
        if int(match.group(1)) == len(markers) + 1:
            markers.append(match)
    if len(markers) < 2 or markers[0].start() != 0:
        return None
    ends = [m.start() for m in markers[1:]] + [len(line)]
    steps = [line[m.end() : end].strip() for m, end in zip(markers, ends, strict=True)]
    return [s for s in steps if s]


def _strip_bullet(line: str) -> str:
    return re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip()
