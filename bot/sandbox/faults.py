"""Fault injection: what goes wrong with Discord in production, on demand and repeatably.

A ``FaultPlan`` describes standing faults (a fraction of REST requests answered with 429
or 5xx, drawn from a seeded generator so a run can be repeated exactly; added latency;
members whose DMs are closed; RESUMEs refused). One-off faults are queued on the
``FaultInjector`` (``fail_next``). Gateway faults (drop the connection, op 7, op 9) are
methods of the gateway, since they act on a live connection.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field

# Login must work for a fault run to be about the bot's behaviour, not about start-up.
LOGIN_ROUTES = frozenset({("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")})


@dataclass
class FaultPlan:
    seed: int = 0
    rate_429: float = 0.0  # fraction of REST requests answered 429 (per-route, not global)
    rate_5xx: float = 0.0  # fraction answered 500 or 502
    retry_after: float = 0.05  # what an injected 429 asks the client to wait
    latency: float = 0.0  # seconds added before every REST answer
    refuse_resume: bool = False  # answer every RESUME with op 9 (session not resumable)
    closed_dms: set[str] = field(default_factory=set)  # member names whose DMs are closed
    spare_login: bool = True


@dataclass(frozen=True)
class InjectedFault:
    status: int
    retry_after: float = 0.0

    @property
    def is_429(self) -> bool:
        return self.status == 429


@dataclass
class _Queued:
    status: int
    method: str | None
    template: str | None
    count: int
    channel_id: int | None = None  # only requests about this channel (None: any)


class FaultInjector:
    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.plan = plan or FaultPlan()
        self._rng = random.Random(self.plan.seed)
        self._queued: deque[_Queued] = deque()
        self.injected: list[tuple[str, str, int]] = []

    def fail_next(
        self, status: int, *, count: int = 1, method: str | None = None,
        route: str | None = None, channel_id: int | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with ``status`` (429, 500, 502...);
        with ``channel_id``, only requests about that channel (one channel failing while
        the others work)."""
        self._queued.append(_Queued(status, method, route, count, channel_id))

    def decide(
        self, method: str, template: str, params: dict[str, str] | None = None
    ) -> InjectedFault | None:
        if self.plan.spare_login and (method, template) in LOGIN_ROUTES:
            return None
        channel = (params or {}).get("channel_id")
        for item in self._queued:
            if item.channel_id is not None and channel != str(item.channel_id):
                continue
            if (item.method in (None, method)) and (item.template in (None, template)):
                item.count -= 1
                if item.count <= 0:
                    self._queued.remove(item)
                return self._record(method, template, item.status)
        # Draw both numbers every time so one rate does not shift the other's sequence.
        draw_429, draw_5xx = self._rng.random(), self._rng.random()
        if draw_429 < self.plan.rate_429:
            return self._record(method, template, 429)
        if draw_5xx < self.plan.rate_5xx:
            return self._record(method, template, 500 if self._rng.random() < 0.5 else 502)
        return None

    def _record(self, method: str, template: str, status: int) -> InjectedFault:
        self.injected.append((method, template, status))
        return InjectedFault(status, self.plan.retry_after if status == 429 else 0.0)
