import asyncio

import pytest

from bot.kernel.pacing import (
    DEFAULT_WINDOW,
    Pacer,
    Priority,
    counts_against_limit,
    current_priority,
    in_lane,
    lane_or,
    pace_http,
)

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

    async def send(late: float) -> None:
        await pacer.acquire(Priority.BULK)
        fake.now += late  # a busy loop: the sender runs a little after its token
        await pacer.admit()
        stamps.append(fake.now)

    await asyncio.gather(*(send(0.03 if n % 7 == 0 else 0.0) for n in range(2000)))
    stamps.sort()
    # Any window a little longer than a second holds at most Discord's 50: arrivals
    # spread by up to ARRIVAL_SPREAD still make at most 50 in any one second.
    for i, start in enumerate(stamps):
        assert sum(1 for s in stamps[i:i + 60] if s < start + DEFAULT_WINDOW) <= 50
    # And it keeps up, late senders included: 2,000 requests within 2% of 50 a second.
    assert stamps[-1] <= 2000 / 50 * 1.03


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
    pacer = Pacer(limit=1000, burst=1)
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
        Pacer(limit=0)
    with pytest.raises(ValueError):
        Pacer(window=0)
    with pytest.raises(ValueError):
        Pacer(burst=0)


def test_a_helper_keeps_the_lane_chosen_around_it() -> None:
    assert current_priority() is Priority.NORMAL
    assert lane_or(Priority.BULK) is Priority.BULK  # nothing chosen: the helper's own
    with in_lane(Priority.URGENT):  # the crisis path
        assert lane_or(Priority.BULK) is Priority.URGENT
        with in_lane(Priority.BULK):  # a delivery says its own lane
            assert current_priority() is Priority.BULK
        assert current_priority() is Priority.URGENT
    assert current_priority() is Priority.NORMAL


@pytest.mark.asyncio
async def test_a_delivery_nonce_replaces_discord_py_s_random_one() -> None:
    from bot.kernel.pacing import message_nonce

    pacer = Pacer(limit=1000, burst=10)
    sent: list[dict[str, object]] = []

    class Route:
        method, path = "POST", "/channels/{channel_id}/messages"

    class Http:
        async def request(self, route: object, **kwargs: object) -> None:
            sent.append(dict(kwargs["json"]))  # type: ignore[call-overload]

    http = Http()
    pace_http(http, pacer)
    with message_nonce("d123"):
        # discord.py puts a random nonce with enforce_nonce on every message it sends.
        await http.request(Route(), json={"content": "hi", "nonce": "987", "enforce_nonce": True})
        await http.request(Route(), json={"content": "again", "nonce": "988"})
    assert sent[0]["nonce"] == "d123" and sent[0]["enforce_nonce"] is True
    assert sent[1]["nonce"] == "988"  # only the delivery's first message carries it


def test_interaction_responses_are_not_counted() -> None:
    assert counts_against_limit("/api/v10/channels/1/messages")
    assert not counts_against_limit("/api/v10/interactions/1/tok/callback")
    assert not counts_against_limit("/api/v10/webhooks/1/tok/messages/@original")
    assert not counts_against_limit("/")  # the gateway
