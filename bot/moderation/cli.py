"""``python -m bot moderate [FILE]``: the peer-channel rules, offline, on JSON lines.

Each input line is an object with ``id``, ``author``, ``channel``, ``content`` and an
optional ISO 8601 ``timestamp``. Each output line is ``{"id", "categories", "action"}``
for that message, or ``{"line": N, "error": "..."}`` for a line that cannot be read;
the run goes on, and the exit status is 1 when any line was malformed.

Crisis detection has two tiers. The crisis tier is category ``crisis`` with action
``support`` (``hold`` with method or dose detail), as in the running moderator. The
concern tier (passive wishes, hopelessness, feeling a burden, worrying use) is category
``concern`` with action ``check_in``: a private message to the person and a quiet note
to facilitators; it never removes anything, and when another rule removes or times out
the message that action stands.

Context is rebuilt from the input itself, in order, so a run is deterministic: flooding
uses the earlier timestamps of the same author in the same channel, and harassment
warnings earned earlier in the file count towards a timeout.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict, deque
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.kernel.ports import CrisisDetector
from bot.kernel.text_normalise import plain
from bot.moderation.domain.moderation import NONE, ChatMessage, PastWarning, Verdict, moderate
from bot.moderation.domain.rules import CompiledRules, default_rules

_FIELDS = ("author", "channel", "content")
# Enough history to judge flooding; older times can never fall inside its window.
_RECENT_KEPT = 50
# How far around a message the rules look (the longest window, with room to spare).
_REACH = timedelta(days=2)
CONCERN = "concern"
CHECK_IN = "check_in"


class _LineError(ValueError):
    pass


def _parse(line: str) -> tuple[Any, ChatMessage]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _LineError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(obj, dict):
        raise _LineError("expected a JSON object")
    if "id" not in obj:
        raise _LineError("missing field 'id'")
    ident = obj["id"]
    if not isinstance(ident, (str, int)) or isinstance(ident, bool):
        raise _LineError("'id' must be a string or an integer")
    for name in _FIELDS:
        if name not in obj:
            raise _LineError(f"missing field {name!r}")
        if not isinstance(obj[name], str):
            raise _LineError(f"{name!r} must be a string")
    timestamp = None
    raw_ts = obj.get("timestamp")
    if raw_ts is not None:
        if not isinstance(raw_ts, str):
            raise _LineError("'timestamp' must be an ISO 8601 string")
        try:
            timestamp = datetime.fromisoformat(raw_ts.replace("Z", "+00:00"))
        except ValueError as exc:
            raise _LineError(f"'timestamp' is not ISO 8601: {raw_ts!r}") from exc
        # A time without an offset is read as UTC, as Discord exports are.
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=UTC)
        try:
            # Windows (flooding, warnings) reach a day either side of each message.
            timestamp = timestamp.astimezone(UTC)
            _ = (timestamp - _REACH, timestamp + _REACH)
        except (OverflowError, ValueError) as exc:
            raise _LineError(
                f"'timestamp' is out of range: {raw_ts!r} (use a date between 0002 and 9998)"
            ) from exc
    message = ChatMessage(obj["author"], obj["channel"], obj["content"], timestamp)
    return ident, message


def _with_concern(
    verdict: Verdict, message: ChatMessage, concern: CrisisDetector | None
) -> tuple[list[str], str]:
    """The verdict's categories and action, with the concern tier added when the crisis
    tier was not reached (the check-in never replaces a removal, and never causes one)."""
    categories, action = list(verdict.categories), verdict.action
    if concern is None or verdict.crisis.is_crisis:
        return categories, action
    if concern(plain(message.content)).tier == CONCERN:
        categories = sorted([*categories, CONCERN])
        if action == NONE:
            action = CHECK_IN
    return categories, action


def _decoded(lines: Iterable[bytes | str]) -> Iterable[str | _LineError]:
    """Each line as text, or the reason it cannot be read (binary, not UTF-8)."""
    for line in lines:
        if isinstance(line, str):
            yield line
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            yield _LineError("not UTF-8 text (binary data?)")
            continue
        yield text


def run(
    lines: Iterable[bytes | str],
    out: TextIO,
    rules: CompiledRules,
    concern: CrisisDetector | None = None,
) -> int:
    """Moderate each line; a line that cannot be read gets an error line and the run goes on."""
    recent: dict[tuple[str, str], deque[datetime]] = defaultdict(lambda: deque(maxlen=_RECENT_KEPT))
    warnings: dict[str, list[PastWarning]] = defaultdict(list)
    malformed = False
    for number, line in enumerate(_decoded(lines), start=1):
        try:
            if isinstance(line, _LineError):
                raise line
            if "\x00" in line:
                raise _LineError("contains a NUL character (binary data?)")
            if not line.strip():
                continue
            ident, message = _parse(line)
        except _LineError as exc:
            malformed = True
            out.write(json.dumps({"line": number, "error": str(exc)}) + "\n")
            continue
        key = (message.author, message.channel)
        stamp = message.timestamp
        verdict = moderate(
            message,
            rules,
            recent=tuple(recent[key]),
            past_warnings=tuple(warnings[message.author]),
        )
        # A line without a time cannot be placed in a window, so it counts for neither.
        if stamp is not None:
            recent[key].append(stamp)
            if verdict.warning is not None:
                warnings[message.author].append(PastWarning(stamp, verdict.warning))
        categories, action = _with_concern(verdict, message, concern)
        result = {"id": ident, "categories": categories, "action": action}
        out.write(json.dumps(result) + "\n")
    return 1 if malformed else 0


def main(
    argv_file: str | None,
    stdin: TextIO,
    stdout: TextIO,
    *,
    crisis: CrisisDetector,
    concern: CrisisDetector | None = None,
) -> int:
    """Run the default rules on FILE (or stdin); 0 when every line parsed, 1 if not.
    ``crisis`` reads the crisis tier in normalised text for the verdict; ``concern``, the
    full two-tier detector, reads the concern tier after it (the CLI hands both in)."""
    rules = default_rules(crisis=crisis)
    if argv_file is None or argv_file == "-":
        return run(getattr(stdin, "buffer", stdin), stdout, rules, concern)
    path = Path(argv_file)
    try:
        # Bytes, so one undecodable line is reported by number and the rest still run.
        with path.open("rb") as handle:
            return run(handle, stdout, rules, concern)
    except OSError as exc:
        print(f"moderate: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
