"""Conversation scripts: text → a list of typed steps, each with its line number.

A script is how end-to-end behaviour is specified (the syntax is in the README).
The parser is strict and specific: a person who mistypes a role or forgets a quote should
learn exactly which line is wrong and why, before any bot starts. ``LineParser`` keeps the
little state a line needs (the declared channels, whether anything happened yet), so the
interactive console can parse one typed line at a time with the same rules.
"""

from __future__ import annotations

from bot.sandbox.script_words import (
    CHANNEL_RE,
    MAX_ADVANCE,
    NAME_RE,
    check_span,
    member_name,
    parse_duration,
    parse_local_time,
    parse_zone,
    strip_comment,
    tokenize,
)
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
    ThreadStep,
)
from bot.sandbox.threads import LATEST, SEPARATOR, SLUG_RE

__all__ = [
    "AdvanceStep", "ChannelStep", "ClickStep", "ClockStep", "DmStep", "ExpectStep",
    "LineParser", "MemberStep", "PostStep", "RestartStep", "ScriptError", "SelectStep",
    "SlashStep", "Step", "SubmitStep", "ThreadStep", "check_members", "parse_script",
]

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
        self.now = check_span(local.replace(tzinfo=zone), line)
        return ClockStep(line, self.now, zone_name)

    def _member(self, rest: str, line: int) -> MemberStep:
        words = rest.split()
        if len(words) not in (2, 3):
            raise ScriptError(
                line, "write member NAME ROLE [Zone], e.g. member alex participant America/Chicago"
            )
        name = member_name(words[0], line)
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
        match = CHANNEL_RE.match(rest)
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
            if until - self.now > MAX_ADVANCE:
                raise ScriptError(
                    line, f"advance to {until:%Y-%m-%d %H:%M} is too far: one line moves time "
                    f"at most {MAX_ADVANCE.days} days (split it over several advance lines)"
                )
            self.now = check_span(until, line)
            return AdvanceStep(line, until=until)
        if len(words) != 1:
            raise ScriptError(line, f'advance takes one duration, found "{rest}"')
        delta = parse_duration(words[0], line)
        self.now = check_span(self.now + delta, line)
        return AdvanceStep(line, delta=delta)

    def _channel_name(self, word: str, line: int) -> str:
        """``#name``, or a thread under it: ``#name/thread-name`` or ``#name/latest``."""
        if not word.startswith("#"):
            raise ScriptError(
                line, f'a channel is written with "#", e.g. #general (found "{word}")'
            )
        name, sep, thread = word[1:].partition(SEPARATOR)
        self._known_channel(name, line)
        if not sep:
            return name
        if not SLUG_RE.match(thread):
            raise ScriptError(
                line, f'"{word}" does not name a thread: write #{name}/thread-name (the '
                f"thread's name in lowercase, spaces as '-') or #{name}/{LATEST}"
            )
        return f"{name}{SEPARATOR}{thread.casefold()}"

    def _known_channel(self, name: str, line: int) -> None:
        if name not in self.channels:
            known = ", ".join("#" + c for c in sorted(self.channels))
            raise ScriptError(
                line, f"unknown channel #{name} (known: {known}; add one with: channel {name})"
            )

    # -- expectations -------------------------------------------------------------------

    EXPECT_USAGE = (
        'write expect [N|no] dm NAME ["text"], expect [N|no] #channel ["text"], '
        'expect [N|no] file dm NAME|#channel ["name"], expect [N|no] pinned #channel '
        '["text"], or expect deleted|kept|timeout NAME'
    )

    def _expect(self, rest: str, line: int, source: str) -> ExpectStep:
        words = tokenize(rest, line)
        usage = self.EXPECT_USAGE
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
            return ExpectStep(line, kind, member_name(words[1], line),
                              negated=negated, source=source)
        is_file = kind == "file"
        if is_file:
            words = words[1:]
            if not words:
                raise ScriptError(line, 'expect file needs a place: expect file dm alex "progress"')
        what, target, extra = self._place(words, line, usage)
        if is_file and what == "pinned":
            raise ScriptError(line, "expect file is about messages the bot sent, not pins")
        if len(extra) > 1:
            raise ScriptError(
                line, f'put the expected text in one pair of quotes (found {len(extra)} words)'
            )
        text = extra[0] if extra else None
        if text == "":
            raise ScriptError(line, "the expected text is empty")
        if count is not None and text is None and not is_file:
            raise ScriptError(line, f'expect {count} ... needs a text to count: "..."')
        return ExpectStep(line, what, target, text, count, negated, source, file=is_file)

    def _place(self, words: list[str], line: int, usage: str) -> tuple[str, str, list[str]]:
        """Where a message check looks: ``(what, target, the words after the place)``.

        ``dm NAME`` or ``#channel``; another kind of place is another branch here.
        """
        kind = words[0]
        if kind == "dm":
            if len(words) < 2:
                raise ScriptError(line, "expect dm needs a member name: expect dm alex \"text\"")
            return "dm", member_name(words[1], line), words[2:]
        if kind.startswith("#"):
            return "channel", self._channel_name(kind, line), words[1:]
        if kind == "pinned":
            if len(words) < 2 or not words[1].startswith("#"):
                raise ScriptError(
                    line, 'expect pinned needs a channel: expect pinned #agendas "text"'
                )
            return "pinned", self._channel_name(words[1], line), words[2:]
        raise ScriptError(line, f'cannot expect "{kind}": {usage}')

    # -- members acting -----------------------------------------------------------------

    def _action(self, text: str, line: int) -> Step:
        colon = text.find(":")
        first_word = text.split(maxsplit=1)[0]
        if colon != -1 and (colon < len(first_word) or text[:colon].split()[1:2] == ["in"]):
            who, _, said = text.partition(":")
            said = said.strip()
            who_words = who.split()
            member = member_name(who_words[0], line)
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
            return ClickStep(line, member_name(member, line), words[2])
        if verb == "selects":
            # One option, or several at once for a multi-select: "a" "b" "c" in "Select".
            if len(words) < 5 or words[-2] != "in" or "in" in words[2:-2]:
                raise ScriptError(
                    line, f'write {member} selects "option" ["option" ...] in "Select"'
                )
            options = words[2:-2]
            return SelectStep(
                line, member_name(member, line), options[0], words[-1], tuple(options[1:])
            )
        if verb == "submits":
            return SubmitStep(line, member_name(member, line), self._fields(words[2:], line))
        if verb == "opens":
            return self._open_thread(member_name(member, line), words[2:], line)
        raise ScriptError(
            line,
            f'cannot read "{text}": a line starts with clock, member, channel, advance, '
            'restart or expect, or is "NAME: text", "NAME in #channel: text", '
            '"NAME clicks ...", "NAME selects ... in ...", "NAME submits key=\\"value\\"" '
            'or "NAME opens #channel/thread-name"',
        )

    def _slash(self, member: str, said: str, channel: str | None, line: int) -> SlashStep:
        tokenize(said, line)  # only to report an unclosed quote here rather than later
        name = said[1:].split(maxsplit=1)[0] if said[1:].strip() else ""
        if not name or said[1:2].isspace():
            raise ScriptError(line, "a slash command needs a name right after '/'")
        if not NAME_RE.match(name):
            raise ScriptError(line, f'"/{name}" is not a command name (lowercase, e.g. /coping)')
        return SlashStep(line, member, said.strip(), channel)

    def _open_thread(self, member: str, words: list[str], line: int) -> ThreadStep:
        usage = (f"write {member} opens #channel/thread-name, e.g. "
                 f"{member} opens #peer-support/rough-night")
        if len(words) != 1 or SEPARATOR not in words[0]:
            raise ScriptError(line, usage)
        parent, _, name = self._channel_name(words[0], line).partition(SEPARATOR)
        if name == LATEST:
            raise ScriptError(line, f'"{LATEST}" names the newest thread; give the new one a name')
        return ThreadStep(line, member, parent, name)

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
        if isinstance(step, ExpectStep) and step.what not in ("channel", "pinned"):
            name = step.target
        if name is not None and name not in known:
            raise ScriptError(
                step.line, f"unknown member {name} (add one first: member {name} participant)"
            )
