"""Ports: the small typed interfaces through which capabilities talk to each other.

A capability never imports another capability. When it needs something another one
owns, it names what it needs here, as a Protocol, and takes an object that satisfies it
in its constructor; ``bot/app.py`` builds every service once and hands each the others
that implement its ports. mypy checks the wiring there.
"""

from __future__ import annotations

from typing import Protocol


class ConsentNotice(Protocol):
    """Privacy's consent notice, which enrolment sends right after the welcome."""

    async def send_notice_once(self, user_id: int, participant_key: str) -> bool:
        """DM the notice once per participant; True if it was sent now."""
        ...
