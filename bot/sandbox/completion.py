"""Tab completion for the console: members, statements, channels, slash commands and
their options, from what the sandbox knows at the moment.

``Vocabulary`` is a snapshot taken on the event loop after each line; the completer runs
on the input thread and only reads it. ``complete`` is a pure function of the line so
far, so the rules are tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

STATEMENTS = ("advance", "restart", "expect", "member", "channel", "help", "members", "quit")
VERBS = ("in", "clicks", "selects", "submits")
EXPECT_WORDS = ("dm", "no", "file", "deleted", "kept", "timeout")
ROLES = ("participant", "facilitator", "peer")
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2


@dataclass(frozen=True)
class CommandShape:
    """A slash command's subcommands (each with its own shape) and options."""

    options: tuple[str, ...] = ()
    subcommands: Mapping[str, CommandShape] = field(default_factory=dict)

    @classmethod
    def from_options(cls, spec: Iterable[dict[str, Any]]) -> CommandShape:
        options: list[str] = []
        subs: dict[str, CommandShape] = {}
        for option in spec:
            if option.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
                subs[str(option["name"])] = cls.from_options(option.get("options") or [])
            else:
                options.append(str(option["name"]))
        return cls(tuple(options), subs)


@dataclass(frozen=True)
class Vocabulary:
    members: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    commands: Mapping[str, CommandShape] = field(default_factory=dict)


def _starting(words: Iterable[str], prefix: str) -> list[str]:
    return sorted({w for w in words if w.startswith(prefix)})


def _slash(vocab: Vocabulary, typed: list[str], word: str) -> list[str]:
    """``typed``: the words after the colon before the one being completed."""
    if not typed:
        return ["/" + c for c in _starting(vocab.commands, word.removeprefix("/"))]
    shape = vocab.commands.get(typed[0].removeprefix("/"))
    for sub in typed[1:]:
        if shape is None or sub not in shape.subcommands:
            break
        shape = shape.subcommands[sub]
    if shape is None:
        return []
    used = {t.split(":", 1)[0] for t in typed if ":" in t}
    return (_starting(shape.subcommands, word)
            + [o + ":" for o in _starting(shape.options, word) if o not in used])


def complete(vocab: Vocabulary, before: str, word: str) -> list[str]:
    """Candidates for ``word`` given the text ``before`` it on the line."""
    words = before.split()
    if not words:
        return _starting((*vocab.members, *STATEMENTS), word)
    head = words[0]
    if head == "expect":
        last = words[-1]
        if last in ("dm", "deleted", "kept", "timeout"):
            return _starting(vocab.members, word)
        if word.startswith("#"):
            return ["#" + c for c in _starting(vocab.channels, word[1:])]
        if len(words) == 1 or last in ("no", "file") or last.isdigit():
            return _starting(EXPECT_WORDS, word) + (
                ["#" + c for c in vocab.channels] if not word else [])
        return []
    if head == "advance":
        return _starting(("to",), word) if len(words) == 1 else []
    if head == "member":
        return _starting(ROLES, word) if len(words) == 2 else []
    if head in STATEMENTS:
        return []
    colon = next((i for i, w in enumerate(words) if w.endswith(":")), None)
    if colon is not None:
        said = words[colon + 1:]
        if (said and said[0].startswith("/")) or (not said and word.startswith("/")):
            return _slash(vocab, said, word)
        return []
    if len(words) == 1:
        return _starting(VERBS, word)
    if words[1] == "in" and len(words) == 2:
        return ["#" + c + ":" for c in _starting(vocab.channels, word.removeprefix("#"))]
    return []
