"""Unhandled exceptions in the bot while the sandbox runs: recorded, so a script fails.

A slash command, a button, an event handler or a scheduled job that raises is a bug
whether or not an ``expect`` line happened to look at the reply. Such exceptions reach
a log record carrying the exception: discord.py's ``on_error`` for events and views, the
app-command error handler, APScheduler's executor for jobs, asyncio's "exception was
never retrieved", the sandbox server's own route failures. ``ErrorWatch`` listens on the
root logger and keeps each as a ``BotError`` the runner turns into a failure with the
traceback's tail.
"""

from __future__ import annotations

import contextlib
import logging
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

TAIL_LINES = 6  # traceback lines kept: the innermost frames and the exception itself

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


@dataclass(frozen=True)
class BotError:
    at: datetime  # simulated time
    context: str  # what the bot was doing, in its own log words ("command /x failed")
    summary: str  # "ZeroDivisionError: division by zero"
    tail: tuple[str, ...]  # the last lines of the traceback, innermost last

    def lines(self) -> list[str]:
        return [f"the bot raised {self.summary} ({self.context})", *self.tail]


ROOT = Path(__file__).resolve().parents[2]
_FILE = re.compile(r'File "([^"]+)"')


def _short_path(match: re.Match[str]) -> str:
    """Paths as a reader finds them: inside the project, or inside a library."""
    path = match.group(1)
    _, marker, inside = path.partition("/site-packages/")
    if marker:
        return f'File "{inside}"'
    with contextlib.suppress(ValueError):
        return f'File "{Path(path).relative_to(ROOT)}"'
    return match.group(0)


def _tail(formatted: list[str]) -> tuple[str, ...]:
    lines = [line.rstrip() for chunk in formatted for line in chunk.splitlines()]
    lines = [_FILE.sub(_short_path, line) for line in lines
             if line.strip() and set(line.strip()) - set("^~ ")]
    return tuple(lines[-TAIL_LINES:])


def root_cause(error: BaseException) -> BaseException:
    """The exception that started it: discord.py wraps a command's in CommandInvokeError."""
    seen = {id(error)}
    while error.__cause__ is not None and id(error.__cause__) not in seen:
        error = error.__cause__
        seen.add(id(error))
    return error


def from_exc_info(at: datetime, context: str, exc_info: ExcInfo) -> BotError:
    error = root_cause(exc_info[1])
    summary = "".join(traceback.format_exception_only(type(error), error)).strip()
    formatted = traceback.format_exception(type(error), error, error.__traceback__,
                                           chain=False)
    return BotError(at, context, summary.splitlines()[-1], _tail(formatted))


def _shorten(context: str, limit: int = 80) -> str:
    first = context.splitlines()[0] if context else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


class ErrorWatch(logging.Handler):
    """Collects every exception logged while the sandbox runs, in order."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__(level=logging.ERROR)
        self._now = now
        self.errors: list[BotError] = []
        self._taken = 0

    def emit(self, record: logging.LogRecord) -> None:
        exc_info = record.exc_info
        if not exc_info or exc_info[1] is None:
            return  # an error the bot handled and reported: not an exception
        try:
            context = record.getMessage()
        except Exception:  # a malformed log call must not hide the exception itself
            context = str(record.msg)
        assert exc_info[0] is not None
        self.errors.append(from_exc_info(self._now(), _shorten(context),
                                         (exc_info[0], exc_info[1], exc_info[2])))

    def take(self) -> list[BotError]:
        """The errors recorded since the last call."""
        new = self.errors[self._taken:]
        self._taken = len(self.errors)
        return new

    def install(self) -> None:
        logging.getLogger().addHandler(self)

    def uninstall(self) -> None:
        logging.getLogger().removeHandler(self)
