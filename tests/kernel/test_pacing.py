import asyncio

import pytest

from bot.kernel.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.asyncio
async def test_pacer_never_exceeds_rate_plus_burst(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeTime()

    async def fake_sleep(seconds: float) -> None:
        fake.now += seconds

    pacer = Pacer(rate=45, burst=5, monotonic=fake)
    monkeypatch.setattr("bot.kernel.pacing.asyncio.sleep", fake_sleep)
    stamps: list[float] = []
    for _ in range(450):
        await pacer.acquire()
        stamps.append(fake.now)
    # Any one-second window holds at most rate + burst requests: under Discord's 50/s.
    for i, start in enumerate(stamps):
        in_window = sum(1 for s in stamps[i:] if s < start + 1.0)
        assert in_window <= 50
    # And it keeps up: 450 requests take about 10 seconds, not more.
    assert 9.5 <= stamps[-1] <= 10.1


def test_pacer_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        Pacer(rate=0)
    with pytest.raises(ValueError):
        Pacer(burst=0)


def test_acquire_uses_the_running_loop() -> None:
    async def go() -> None:
        pacer = Pacer(rate=1000, burst=10)
        await asyncio.gather(*(pacer.acquire() for _ in range(20)))

    asyncio.run(go())
