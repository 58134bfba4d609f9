import asyncio

import pytest

from bot.kernel.pacing import Pacer, Priority, in_lane, pace_http

REAL_SLEEP = asyncio.sleep


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """Time that passes only when the pacer sleeps (other coroutines still get to run)."""
    fake = FakeTime()

    async def fake_sleep(seconds: float) -> None:
        fake.now += seconds
        await REAL_SLEEP(0)

    monkeypatch.setattr("bot.kernel.pacing.asyncio.sleep", fake_sleep)
    return fake


@pytest.mark.asyncio
async def test_pacer_keeps_every_second_under_discords_limit(fake: FakeTime) -> None:
    pacer = Pacer(monotonic=fake)
    stamps: list[float] = []

    async def send() -> None:
        await pacer.acquire(Priority.BULK)
        stamps.append(fake.now)

    await asyncio.gather(*(send() for _ in range(480)))
    stamps.sort()
    # Any one-second window holds at most 49 requests: under Discord's 50 a second.
    for i, start in enumerate(stamps):
        assert sum(1 for s in stamps[i:] if s < start + 1.0) <= 49
    # And it keeps up: 480 requests take about 10 seconds, not more.
    assert 9.5 <= stamps[-1] <= 10.1


@pytest.mark.asyncio
async def test_urgent_requests_jump_ahead_of_a_queued_fan_out(fake: FakeTime) -> None:
    pacer = Pacer(monotonic=fake)
    served: list[tuple[str, float]] = []

    async def send(name: str, level: Priority) -> None:
        await pacer.acquire(level)
        served.append((name, fake.now))

    bulk = [asyncio.create_task(send(f"reminder{n}", Priority.BULK)) for n in range(500)]
    await REAL_SLEEP(0)
    while len(served) < 100:  # two seconds into the fan-out
        await REAL_SLEEP(0)
    asked_at = fake.now
    await asyncio.gather(send("crisis reply", Priority.URGENT), send("answer", Priority.NORMAL))
    await asyncio.gather(*bulk)
    order = [name for name, _ in served]
    crisis = order.index("crisis reply")
    # Served with the next token, ahead of the ~400 reminders still waiting.
    assert crisis <= 102 and order.index("answer") == crisis + 1
    assert dict(served)["crisis reply"] - asked_at <= 0.05


@pytest.mark.asyncio
async def test_a_cancelled_waiter_does_not_take_a_token(fake: FakeTime) -> None:
    pacer = Pacer(monotonic=fake)
    await pacer.acquire()
    waiting = asyncio.create_task(pacer.acquire())
    await REAL_SLEEP(0)
    waiting.cancel()
    await pacer.acquire()
    assert pacer.waiting() == 0


@pytest.mark.asyncio
async def test_http_requests_are_paced_in_the_lane_of_their_context() -> None:
    pacer = Pacer(rate=1000, burst=1)
    seen: list[str] = []

    class Route:
        method, path = "POST", "/channels/{channel_id}/messages"

    class Http:
        async def request(self, route: object, **kwargs: object) -> None:
            seen.append("sent")

    http = Http()
    pace_http(http, pacer)
    with in_lane(Priority.URGENT):
        await http.request(Route(), json={})
    await http.request(Route(), json={})
    assert seen == ["sent", "sent"]
    assert pacer.granted[Priority.URGENT] == 1 and pacer.granted[Priority.NORMAL] == 1


def test_pacer_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        Pacer(rate=0)
    with pytest.raises(ValueError):
        Pacer(burst=0)
