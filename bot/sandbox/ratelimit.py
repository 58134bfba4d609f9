"""Discord's rate limits: per-route buckets, the global limit, invalid-request counting.

Follows https://discord.com/developers/docs/topics/rate-limits: every response carries
``X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket``; a bucket is a route shape plus
its major parameter (channel, guild, webhook or interaction); a bot may make 50 requests
a second in all (interaction callbacks excepted); a 429 comes with ``Retry-After``, a
``Via`` header and a JSON body with ``retry_after``, ``global`` and ``code``; and more
than 10,000 invalid requests (401, 403, 429) in 10 minutes gets the bot banned for a
while, which Cloudflare answers with a bare 429 and no ``Via``.

Rate limits run on the sandbox's Discord clock: real (monotonic) time, sped up ``1 / scale``
times (``RateLimitPolicy.scale``; the driver makes discord.py's own waits as much shorter,
so client and server agree), plus every simulated second the bot's clock is moved on. A
bucket that was full before the simulated clock jumped an hour is empty after it, as it
would be on Discord an hour later; while the simulated clock stands still (a fan-out at
one instant), the windows pass in real time. Windows and every wait reported to the
client are Discord's own (a second, five seconds); only the clock runs faster.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

INVALID_REQUEST_WINDOW = 600.0
INVALID_REQUEST_BAN = 10_000


@dataclass(frozen=True)
class BucketRule:
    limit: int
    window: float  # seconds


# The limits Discord applies to the routes the bot uses most. Discord reports them at run
# time rather than documenting them; these are the values it has long reported.
ROUTE_RULES: dict[tuple[str, str], BucketRule] = {
    ("POST", "/channels/{channel_id}/messages"): BucketRule(5, 5.0),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): BucketRule(5, 5.0),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"): BucketRule(5, 1.0),
    ("PUT", "/channels/{channel_id}/pins/{message_id}"): BucketRule(5, 5.0),
    ("PUT", "/channels/{channel_id}/messages/pins/{message_id}"): BucketRule(5, 5.0),
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads"): BucketRule(10, 10.0),
    ("POST", "/channels/{channel_id}/threads"): BucketRule(10, 10.0),
    ("PATCH", "/guilds/{guild_id}/members/{user_id}"): BucketRule(10, 10.0),
    ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"): BucketRule(10, 10.0),
    ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"): BucketRule(10, 10.0),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"): BucketRule(5, 20.0),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"): BucketRule(5, 2.0),
}
DEFAULT_RULE = BucketRule(50, 1.0)
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "webhook_token", "interaction_id")


@dataclass
class RateLimitPolicy:
    global_per_second: int = 50
    rules: dict[tuple[str, str], BucketRule] = field(default_factory=lambda: dict(ROUTE_RULES))
    default: BucketRule = DEFAULT_RULE
    # Real seconds per Discord second: 0.1 runs the sandbox's Discord clock ten times as
    # fast (and discord.py's waits ten times as short), for fast tests and soaks.
    scale: float = 1.0
    enabled: bool = True


@dataclass
class _Bucket:
    limit: int
    window: float
    remaining: int
    resets_at: float


@dataclass
class RateLimitVerdict:
    """Headers for the response, and the 429 to send instead when limited."""

    headers: dict[str, str]
    limited: bool = False
    is_global: bool = False
    retry_after: float = 0.0

    def body(self) -> dict[str, object]:
        return {
            "message": "You are being rate limited.",
            "retry_after": round(self.retry_after, 3),
            "global": self.is_global,
            "code": 0,
        }

    def limited_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        headers["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        headers["X-RateLimit-Scope"] = "global" if self.is_global else "user"
        if self.is_global:
            headers["X-RateLimit-Global"] = "true"
        headers["Via"] = "1.1 google"
        return headers


class RateLimiter:
    def __init__(
        self,
        policy: RateLimitPolicy | None = None,
        now: Callable[[], float] | None = None,
        simulated: Callable[[], datetime] | None = None,
    ) -> None:
        self.policy = policy or RateLimitPolicy()
        self._now = now or self._discord_clock
        self._simulated = simulated
        self._simulated_start = simulated() if simulated is not None else None
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._global_window_start = 0.0
        self._global_count = 0
        self._invalid: deque[float] = deque()
        self.limited_count = 0
        # Every Retry-After and exhausted bucket's reset: the real time the client waited.
        self.retry_seconds = 0.0
        self.invalid_max = 0  # the most invalid requests ever seen within 10 minutes

    def _discord_clock(self) -> float:
        """Seconds on the sandbox's Discord clock (see the module's docstring)."""
        elapsed = time.monotonic() / self.policy.scale
        if self._simulated is not None and self._simulated_start is not None:
            elapsed += (self._simulated() - self._simulated_start).total_seconds()
        return elapsed

    def rule_for(self, method: str, template: str) -> BucketRule:
        return self.policy.rules.get((method, template), self.policy.default)

    @staticmethod
    def bucket_hash(method: str, template: str) -> str:
        return hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:16]

    def check(
        self, method: str, template: str, params: dict[str, str], *, global_exempt: bool = False
    ) -> RateLimitVerdict:
        """Count one request; say whether it may proceed, with the headers to send."""
        now = self._now()
        rule = self.rule_for(method, template)
        window = rule.window
        bucket_id = self.bucket_hash(method, template)
        major = ":".join(params.get(p, "") for p in MAJOR_PARAMETERS)
        bucket = self._buckets.get((bucket_id, major))
        if bucket is None or now >= bucket.resets_at:
            bucket = _Bucket(rule.limit, window, rule.limit, now + window)
            self._buckets[(bucket_id, major)] = bucket
        if not self.policy.enabled:
            return RateLimitVerdict(headers={})

        if not global_exempt:
            if now - self._global_window_start >= 1.0:
                self._global_window_start, self._global_count = now, 0
            if self._global_count >= self.policy.global_per_second:
                retry = self._global_window_start + 1.0 - now
                self.limited_count += 1
                self.retry_seconds += max(retry, 0.001) * self.policy.scale
                return RateLimitVerdict(headers={}, limited=True, is_global=True,
                                        retry_after=max(retry, 0.001))
        reset_after = max(bucket.resets_at - now, 0.0)
        if bucket.remaining <= 0:
            self.limited_count += 1
            self.retry_seconds += max(reset_after, 0.001) * self.policy.scale
            return RateLimitVerdict(
                headers=self._headers(bucket, bucket_id, reset_after, remaining=0),
                limited=True, retry_after=max(reset_after, 0.001),
            )
        if not global_exempt:
            self._global_count += 1
        bucket.remaining -= 1
        if bucket.remaining == 0:
            # discord.py waits out an exhausted bucket before it returns: time waiting too.
            self.retry_seconds += reset_after * self.policy.scale
        return RateLimitVerdict(headers=self._headers(bucket, bucket_id, reset_after))

    @staticmethod
    def _headers(
        bucket: _Bucket, bucket_id: str, reset_after: float, remaining: int | None = None
    ) -> dict[str, str]:
        left = bucket.remaining if remaining is None else remaining
        return {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Remaining": str(left),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket_id,
        }

    # ---- invalid requests -------------------------------------------------------------
    def record_status(self, status: int) -> None:
        if status in (401, 403, 429):
            self._invalid.append(self._now())
            self.invalid_max = max(self.invalid_max, self.invalid_requests())

    def invalid_requests(self) -> int:
        """How many 401/403/429 answers in the last 10 minutes."""
        cutoff = self._now() - INVALID_REQUEST_WINDOW
        while self._invalid and self._invalid[0] < cutoff:
            self._invalid.popleft()
        return len(self._invalid)

    @property
    def banned(self) -> bool:
        return self.invalid_requests() >= INVALID_REQUEST_BAN
