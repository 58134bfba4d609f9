"""Conversation scripts: text → a list of typed steps, each with its line number.

A script is how end-to-end behaviour is specified (the syntax is in the README).
The parser is strict and specific: a person who mistypes a role or forgets a quote should
learn exactly which line is wrong and why, before any bot starts. ``LineParser`` keeps the
little state a line needs (the declared channels, whether anything happened yet), so the
interactive console can parse one typed line at a time with the same rules.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.sandbox.steps import (
    DEFAULT_START,
    DEMO_CHANNELS,
    KEYWORDS,
    ROLES,
    AdvanceStep,
    ChannelStep,
    ClickStep,
    ClockStep,
    DmStep,
    ExpectStep,
    MemberStep,
    PostStep,
    RestartStep,
    ScriptError,
    SelectStep,
    SlashStep,
    Step,
    SubmitStep,
)

__all__ = [
    "AdvanceStep", "ChannelStep", "ClickStep", "ClockStep", "DmStep", "ExpectStep",
    "LineParser", "MemberStep", "PostStep", "RestartStep", "ScriptError", "SelectStep",
    "SlashStep", "Step", "SubmitStep", "check_members", "parse_script",
]

_NAME = r"[a-z0-9][a-z0-9_.-]*"
_NAME_RE = re.compile(_NAME + r"\Z")
_CHANNEL_RE = re.compile(r"#?(" + _NAME + r")\Z")
_DURATION_PART = re.compile(r"(\d+)([wdhms])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def strip_comment(text: str) -> str:
    """Drop a trailing comment: a ``#`` starting a word of its own, outside double quotes.

    ``#peer-support`` and ``#1`` are not comments (no space after the ``#``), so channel
    names and hashtags in messages survive.
    """
    in_quotes = False
    escaped = False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\" and in_quotes:
            escaped = True
        elif ch == '"':
            in_quotes = not in_quotes
        elif (
            ch == "#"
            and not in_quotes
            and (i == 0 or text[i - 1].isspace())
            and (i + 1 == len(text) or text[i + 1].isspace())
        ):
            return text[:i].rstrip()
    return text.rstrip()


def tokenize(text: str, line: int) -> list[str]:
    """Split on spaces; ``"..."`` is one token (``\\"`` inside is a quote); quotes removed.

    ``key="two words"`` stays one token ``key=two words`` and ``k:"a b"`` one ``k:a b``.
    """
    tokens: list[str] = []
    current: list[str] = []
    in_quotes = False
    started = False
    i = 0
    while i < len(text):
        ch = text[i]
        if in_quotes:
            if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
                current.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_quotes = False
            else:
                current.append(ch)
        elif ch == '"':
            in_quotes = True
            started = True
        elif ch.isspace():
            if started:
                tokens.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if in_quotes:
        raise ScriptError(line, 'a quote is not closed (add the missing ")')
    if started:
        tokens.append("".join(current))
    return tokens


def parse_duration(text: str, line: int) -> timedelta:
    """``2h``, ``30m``, ``3d``, ``1w``, ``90s`` or combinations such as ``1h30m``."""
    pos = 0
    total = timedelta()
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            break
        total += timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        pos = match.end()
    if pos != len(text) or pos == 0:
        raise ScriptError(
            line, f'"{text}" is not a duration (write e.g. 30m, 2h, 3d, 1w or 1h30m)'
        )
    if total <= timedelta():
        raise ScriptError(line, "advance needs a duration above zero")
    return total


def parse_zone(name: str, line: int) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScriptError(
            line, f'unknown time zone "{name}" (an IANA name such as America/Chicago)'
        ) from None


def parse_local_time(words: list[str], line: int, what: str) -> datetime:
    """``2026-12-07 09:00`` (seconds optional) → a naive datetime."""
    if len(words) != 2:
        raise ScriptError(line, f"{what} needs a date and a time: YYYY-MM-DD HH:MM")
    joined = " ".join(words)
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(joined, fmt)
        except ValueError:
            continue
    raise ScriptError(
        line, f'"{joined}" is not a date and time (write YYYY-MM-DD HH:MM, e.g. 2026-12-07 09:00)'
    )


def _member_name(word: str, line: int) -> str:
    if not _NAME_RE.match(word):
        raise ScriptError(
            line,
            f'"{word}" is not a member name (lowercase letters, digits, "_", "-" or ".")',
        )
    return word


class LineParser:
    """Parses one line at a time, remembering what earlier lines declared."""

    def __init__(self, *, channels: tuple[str, ...] = DEMO_CHANNELS) -> None:
        self.channels: set[str] = set(channels)
        self.zone = "UTC"  # the clock line's zone: "advance to" times are read in it
        self.started = False  # anything other than comments seen: clock is too late
        self.members: dict[str, int] = {}  # declared names → line
        # Simulated time as the script moves it, so "advance to" the past is caught before
        # anything runs. The console sets it from the live clock before each line.
        self.now = DEFAULT_START

    def parse(self, raw: str, line: int) -> Step | None:
        text = strip_comment(raw).strip()
        if not text:
            return None
        head, _, rest = text.partition(" ")
        rest = rest.strip()
        step: Step
        if head == "clock":
            step = self._clock(rest, line)
        elif head == "member":
            step = self._member(rest, line)
        elif head == "channel":
            step = self._channel(rest, line)
        elif head == "advance":
            step = self._advance(rest, line)
        elif head == "restart":
            if rest:
                raise ScriptError(line, f'restart takes nothing after it, found "{rest}"')
            step = RestartStep(line)
        elif head == "expect":
            step = self._expect(rest, line, text)
        else:
            step = self._action(text, line)
        self.started = True
        return step

    # -- set-up lines -------------------------------------------------------------------

    def _clock(self, rest: str, line: int) -> ClockStep:
        if self.started:
            raise ScriptError(
                line, "clock must come before every other line (use advance to move time later)"
            )
        words = rest.split()
        if len(words) not in (2, 3):
            raise ScriptError(line, "write clock YYYY-MM-DD HH:MM [Zone], e.g. clock "
                              "2026-12-07 09:00 America/New_York")
        zone_name = words[2] if len(words) == 3 else "UTC"
        zone = parse_zone(zone_name, line)
        local = parse_local_time(words[:2], line, "clock")
        self.zone = zone_name
        self.now = local.replace(tzinfo=zone)
        return ClockStep(line, self.now, zone_name)

    def _member(self, rest: str, line: int) -> MemberStep:
        words = rest.split()
        if len(words) not in (2, 3):
            raise ScriptError(
                line, "write member NAME ROLE [Zone], e.g. member alex participant America/Chicago"
            )
        name = _member_name(words[0], line)
        if name in KEYWORDS:
            raise ScriptError(line, f'"{name}" is a script keyword and cannot name a member')
        if name in self.members:
            raise ScriptError(
                line, f"member {name} was already added on line {self.members[name]}"
            )
        role = words[1]
        if role not in ROLES:
            raise ScriptError(line, f'unknown role "{role}" (participant, facilitator or peer)')
        zone = None
        if len(words) == 3:
            parse_zone(words[2], line)
            zone = words[2]
        self.members[name] = line
        return MemberStep(line, name, role, zone)

    def _channel(self, rest: str, line: int) -> ChannelStep:
        match = _CHANNEL_RE.match(rest)
        if not match:
            raise ScriptError(
                line, "write channel NAME (lowercase letters, digits, '_', '-' or '.'), "
                "e.g. channel art-room"
            )
        name = match.group(1)
        if name in self.channels:
            raise ScriptError(line, f"channel #{name} already exists")
        self.channels.add(name)
        return ChannelStep(line, name)

    def _advance(self, rest: str, line: int) -> AdvanceStep:
        words = rest.split()
        if not words:
            raise ScriptError(line, "advance needs a duration (30m, 2h, 3d) or 'to DATE TIME'")
        if words[0] == "to":
            zone_name = words[3] if len(words) == 4 else self.zone
            if len(words) not in (3, 4):
                raise ScriptError(line, "write advance to YYYY-MM-DD HH:MM [Zone]")
            zone = parse_zone(zone_name, line)
            until = parse_local_time(words[1:3], line, "advance to").replace(tzinfo=zone)
            if until <= self.now:
                shown = self.now.astimezone(zone)
                raise ScriptError(
                    line, f"advance to {until:%Y-%m-%d %H:%M} is not later than the simulated "
                    f"time then ({shown:%Y-%m-%d %H:%M} {zone_name})"
                )
            self.now = until
            return AdvanceStep(line, until=until)
        if len(words) != 1:
            raise ScriptError(line, f'advance takes one duration, found "{rest}"')
        delta = parse_duration(words[0], line)
        self.now += delta
        return AdvanceStep(line, delta=delta)

    def _channel_name(self, word: str, line: int) -> str:
        if not word.startswith("#"):
            raise ScriptError(
                line, f'a channel is written with "#", e.g. #general (found "{word}")'
            )
        name = word[1:]
        if name not in self.channels:
            known = ", ".join("#" + c for c in sorted(self.channels))
            raise ScriptError(
                line, f"unknown channel #{name} (known: {known}; add one with: channel {name})"
            )
        return name

    # -- expectations -------------------------------------------------------------------

    def _expect(self, rest: str, line: int, source: str) -> ExpectStep:
        words = tokenize(rest, line)
        usage = (
            'write expect [N|no] dm NAME ["text"], expect [N|no] #channel ["text"], '
            "or expect deleted|kept|timeout NAME"
        )
        if not words:
            raise ScriptError(line, f"expect needs something to check: {usage}")
        count: int | None = None
        negated = False
        if words[0] == "no":
            negated = True
            words = words[1:]
        elif words[0].isdigit():
            count = int(words[0])
            words = words[1:]
        if not words:
            raise ScriptError(line, f"expect needs something to check: {usage}")
        kind = words[0]
        if kind in ("deleted", "kept", "timeout"):
            if count is not None or (negated and kind != "timeout"):
                raise ScriptError(line, f"expect {kind} takes no count or 'no'")
            if len(words) != 2:
                raise ScriptError(line, f"write expect {kind} NAME")
            return ExpectStep(line, kind, _member_name(words[1], line),
                              negated=negated, source=source)
        if kind == "dm":
            if len(words) < 2:
                raise ScriptError(line, "expect dm needs a member name: expect dm alex \"text\"")
            what, target, extra = "dm", _member_name(words[1], line), words[2:]
        elif kind.startswith("#"):
            what, target, extra = "channel", self._channel_name(kind, line), words[1:]
        else:
            raise ScriptError(line, f'cannot expect "{kind}": {usage}')
        if len(extra) > 1:
            raise ScriptError(
                line, f'put the expected text in one pair of quotes (found {len(extra)} words)'
            )
        text = extra[0] if extra else None
        if text == "":
            raise ScriptError(line, "the expected text is empty")
        if count is not None and text is None:
            raise ScriptError(line, f'expect {count} ... needs a text to count: "..."')
        return ExpectStep(line, what, target, text, count, negated, source)

    # -- members acting -----------------------------------------------------------------

    def _action(self, text: str, line: int) -> Step:
        colon = text.find(":")
        first_word = text.split(maxsplit=1)[0]
        if colon != -1 and (colon < len(first_word) or text[:colon].split()[1:2] == ["in"]):
            who, _, said = text.partition(":")
            said = said.strip()
            who_words = who.split()
            member = _member_name(who_words[0], line)
            channel = None
            if len(who_words) == 3 and who_words[1] == "in":
                channel = self._channel_name(who_words[2], line)
            elif len(who_words) != 1:
                raise ScriptError(line, f'write "{member}: text" or "{member} in #channel: text"')
            if not said:
                raise ScriptError(line, f"{member} says nothing (put the text after the ':')")
            if said.startswith("/"):
                return self._slash(member, said, channel, line)
            if channel is None:
                return DmStep(line, member, said)
            return PostStep(line, member, channel, said)
        words = tokenize(text, line)
        member = words[0]
        verb = words[1] if len(words) > 1 else ""
        if verb == "clicks":
            if len(words) != 3:
                raise ScriptError(
                    line, f'write {member} clicks "Button label" (the label in double quotes)'
                )
            return ClickStep(line, _member_name(member, line), words[2])
        if verb == "selects":
            # One option, or several at once for a multi-select: "a" "b" "c" in "Select".
            if len(words) < 5 or words[-2] != "in" or "in" in words[2:-2]:
                raise ScriptError(
                    line, f'write {member} selects "option" ["option" ...] in "Select"'
                )
            options = words[2:-2]
            return SelectStep(
                line, _member_name(member, line), options[0], words[-1], tuple(options[1:])
            )
        if verb == "submits":
            return SubmitStep(line, _member_name(member, line), self._fields(words[2:], line))
        raise ScriptError(
            line,
            f'cannot read "{text}": a line starts with clock, member, channel, advance, '
            'restart or expect, or is "NAME: text", "NAME in #channel: text", '
            '"NAME clicks ...", "NAME selects ... in ..." or "NAME submits key=\\"value\\""',
        )

    def _slash(self, member: str, said: str, channel: str | None, line: int) -> SlashStep:
        tokenize(said, line)  # only to report an unclosed quote here rather than later
        name = said[1:].split(maxsplit=1)[0] if said[1:].strip() else ""
        if not name or said[1:2].isspace():
            raise ScriptError(line, "a slash command needs a name right after '/'")
        if not _NAME_RE.match(name):
            raise ScriptError(line, f'"/{name}" is not a command name (lowercase, e.g. /coping)')
        return SlashStep(line, member, said.strip(), channel)

    def _fields(self, words: list[str], line: int) -> dict[str, str]:
        fields: dict[str, str] = {}
        for word in words:
            key, sep, value = word.partition("=")
            if not sep or not key:
                raise ScriptError(line, f'"{word}" is not a field: write key="value"')
            if key in fields:
                raise ScriptError(line, f"field {key} is given twice")
            fields[key] = value
        return fields


def parse_script(text: str) -> list[Step]:
    """Parse a whole script; the first malformed line raises ``ScriptError``."""
    parser = LineParser()
    steps: list[Step] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        step = parser.parse(raw, number)
        if step is not None:
            steps.append(step)
    return steps


def check_members(steps: list[Step], known: set[str]) -> None:
    """Every member a step names must exist (declared, or named by the loaded program)."""
    known = set(known)
    for step in steps:
        if isinstance(step, MemberStep):
            known.add(step.name)
            continue
        name = getattr(step, "member", None)
        if isinstance(step, ExpectStep) and step.what != "channel":
            name = step.target
        if name is not None and name not in known:
            raise ScriptError(
                step.line, f"unknown member {name} (add one first: member {name} participant)"
            )
