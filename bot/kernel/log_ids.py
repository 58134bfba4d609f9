"""Who a log line is about, without naming them: ids only.

A participant's key is their Discord id when the program file gives one, and their
name otherwise. Logs outlive erasure (journald keeps them for weeks), so a line at INFO
never carries a name: ``person()`` passes a Discord id through and turns a name into a
pseudonym keyed with a secret drawn at start-up. Within one run the same person gets
the same pseudonym (a log can still be followed); it cannot be turned back into the
name, nor matched to the next run's.
"""

from __future__ import annotations

import hashlib
import secrets

_KEY = secrets.token_bytes(16)


def person(key: str | int) -> str:
    """A participant key as a log may show it: the Discord id, or ``p-`` and 8 hex."""
    text = str(key)
    if text.isdigit():
        return text
    digest = hashlib.blake2s(text.encode("utf-8"), key=_KEY, digest_size=4).hexdigest()
    return f"p-{digest}"


def scrubbed(record_key: str, participant_key: str) -> str:
    """A delivery or job key (``reminder:alex:...``) with the participant's part shown
    as ``person()`` shows it."""
    parts = record_key.split(":")
    return ":".join(person(part) if part == participant_key else part for part in parts)


def scrubbed_job(job_id: str) -> str:
    """A scheduler job id as a log may show it, when which part names a person is not
    known (``checkin-prompt:alex:2026-12-07``): the kind before the first colon, numbers,
    dates and times stay; every other part is shown as ``person()`` shows it."""
    kind, _, rest = job_id.partition(":")
    if not rest:
        return job_id
    return ":".join([kind, *(_kept_or_hidden(part) for part in rest.split(":"))])


def _kept_or_hidden(part: str) -> str:
    if not part or all(c.isdigit() or c in "-+.T" for c in part):
        return part  # an id, a date or a time (``2026-12-07T20``)
    return person(part)
