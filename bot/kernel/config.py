"""Settings from the environment and ``.env``, validated once at start.

Every problem is reported on a line of its own, so an admin can fix them all in one go.
The token is kept in a ``Secret`` whose ``repr`` and ``str`` never show it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_DATABASE_PATH = Path("data/companion.sqlite3")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
RETENTION_ENV = "COMPANION_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 90
# Ten years: longer is surely a typo, and a span past the calendar's range would make
# the nightly retention job fail instead of deleting anything.
MAX_RETENTION_DAYS = 3650


class ConfigError(Exception):
    """One or more settings are wrong; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Secret:
    """A string that does not leak through repr(), str(), f-strings or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class ChannelNames:
    """Where the bot works in the program's server: channel names (or ids as text)."""

    agendas: str = "agendas"
    peer_support: tuple[str, ...] = ("peer-support",)
    daily_checkin: str = "daily-check-in"
    facilitators: str = "facilitators"
    mod_log: str = "mod-log"


@dataclass(frozen=True)
class Settings:
    token: Secret = field(default_factory=lambda: Secret(""))
    database_path: Path = DEFAULT_DATABASE_PATH
    guild_id: int | None = None
    log_level: str = "INFO"
    facilitator_role: str = "Facilitator"
    participant_role: str = "Participant"
    peer_role: str = "Peer"
    channels: ChannelNames = field(default_factory=ChannelNames)
    retention_days: int = DEFAULT_RETENTION_DAYS

    @property
    def has_token(self) -> bool:
        return bool(self.token)


def _whole_number(text: str) -> bool:
    # str.isdigit() also accepts "²" and other digits int() refuses.
    return text.isascii() and text.isdigit()


def parse_retention_days(raw: str) -> int:
    """Days after a participant's program ends before their data is deleted; raises
    ``ValueError`` with one line that says what is allowed."""
    text = raw.strip()
    if not text:
        return DEFAULT_RETENTION_DAYS
    if not _whole_number(text) or not 1 <= int(text) <= MAX_RETENTION_DAYS:
        raise ValueError(
            f"{RETENTION_ENV} must be a whole number of days from 1 to {MAX_RETENTION_DAYS} "
            f"(default {DEFAULT_RETENTION_DAYS}), got {_shown(text)}."
        )
    return int(text)


def _shown(text: str) -> str:
    """A value as an error line quotes it: escaped, and cut short when long."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def parse_guild_id(raw: str) -> int:
    """A server id (17-20 digits); raises ``ValueError`` saying how to find it."""
    text = raw.strip()
    if not _whole_number(text) or not 17 <= len(text) <= 20:
        raise ValueError(
            f"a server id is 17-20 digits, got {_shown(text)}: in Discord, turn on "
            "Developer Mode and use 'Copy Server ID'."
        )
    return int(text)


def _parse_guild_id(raw: str, problems: list[str]) -> int | None:
    if not raw.strip():
        return None
    try:
        return parse_guild_id(raw)
    except ValueError as exc:
        problems.append(f"GUILD_ID must be the server's numeric id: {exc}")
        return None


def _parse_log_level(raw: str, problems: list[str]) -> str:
    level = raw.strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {_shown(raw)}.")
        return "INFO"
    return level


def _parse_token(raw: str, problems: list[str]) -> Secret:
    token = raw.strip()
    if token and (any(ch.isspace() for ch in token) or token.count(".") != 2):
        # Never echo the value: a token pasted into the wrong key is still a secret.
        problems.append(
            "DISCORD_TOKEN does not look like a bot token (three dot-separated parts, "
            "no spaces): copy it again from the developer portal's Bot page."
        )
    return Secret(token)


def _parse_database_path(raw: str, problems: list[str]) -> Path:
    text = raw.strip()
    if not text:
        return DEFAULT_DATABASE_PATH
    if "\x00" in text:
        problems.append("DATABASE_PATH contains a NUL character; name a file.")
        return DEFAULT_DATABASE_PATH
    path = Path(text)
    try:
        if path.is_dir():
            problems.append(f"DATABASE_PATH points at a folder ({_shown(text)}); name a file.")
    except OSError as exc:  # a name too long, a folder we may not look into ...
        problems.append(f"DATABASE_PATH {_shown(text)} cannot be used: {exc.strerror}.")
    return path


def _parse_names(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().lstrip("#") for part in raw.split(",") if part.strip())


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: Path | None = None) -> Settings:
    """Read and validate settings; raise ``ConfigError`` listing every problem.

    ``env`` defaults to ``os.environ`` after loading ``dotenv`` (``.env`` in the working
    directory) without overriding variables that are already set.
    """
    if env is None:
        load_dotenv(dotenv or Path(".env"), override=False)
        env = os.environ
    problems: list[str] = []
    token = _parse_token(env.get("DISCORD_TOKEN", ""), problems)
    guild_id = _parse_guild_id(env.get("GUILD_ID", ""), problems)
    log_level = _parse_log_level(env.get("LOG_LEVEL", ""), problems)
    database_path = _parse_database_path(env.get("DATABASE_PATH", ""), problems)
    facilitator_role = env.get("FACILITATOR_ROLE", "").strip() or "Facilitator"
    peer_channels = _parse_names(env.get("PEER_CHANNELS", "")) or ("peer-support",)
    channels = ChannelNames(
        agendas=env.get("AGENDA_CHANNEL", "").strip().lstrip("#") or "agendas",
        peer_support=peer_channels,
        daily_checkin=env.get("CHECKIN_CHANNEL", "").strip().lstrip("#") or "daily-check-in",
        facilitators=env.get("FACILITATOR_CHANNEL", "").strip().lstrip("#") or "facilitators",
        mod_log=env.get("MOD_LOG_CHANNEL", "").strip().lstrip("#") or "mod-log",
    )
    try:
        retention = parse_retention_days(env.get(RETENTION_ENV, ""))
    except ValueError as exc:
        problems.append(str(exc))
        retention = DEFAULT_RETENTION_DAYS
    if problems:
        raise ConfigError(problems)
    return Settings(
        token=token,
        database_path=database_path,
        guild_id=guild_id,
        log_level=log_level,
        facilitator_role=facilitator_role,
        channels=channels,
        retention_days=retention,
    )


def configure_logging(level: str) -> None:
    """One logging configuration for the whole process."""
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )
    # discord.py's gateway chatter at DEBUG is noise even when we debug our own code.
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLogger().level))
    # aiosqlite logs every statement with its parameters at DEBUG (check-in answers,
    # notes): health data never goes to the log, whatever LOG_LEVEL says.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger().level))
    # APScheduler logs every job at INFO; our own job log lines say what matters.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
