"""Time the peer-channel rules (crisis detection included) on realistic messages.

    python -m bench.moderation [--messages N] [--seed S]

Messages are generated from a seeded mix that looks like a recovery peer channel: most
are ordinary check-ins, encouragement and recovery talk; a few carry personal
information, sourcing, harassment, method detail or crisis. Prints a breakdown and,
last, ``moderation messages=N median_us=... p99_us=...``. Target: median under 50 µs,
p99 under 1 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.crisis.domain.crisis import detect_crisis_tier
from bot.moderation.domain.moderation import ChatMessage, moderate
from bot.moderation.domain.rules import default_rules

PEOPLE = ("alex", "sam", "jordan", "riley", "casey")
ORDINARY = (
    "Morning all, day {n} for me. Slept badly but I'm here.",
    "Group was tough today but I'm glad I went.",
    "Anyone else find evenings the hardest? The cravings hit around {h}pm.",
    "Went for a walk instead of going to the bar. Small win!",
    "This craving is killing me but I'm riding it out with the urge surfing thing.",
    "I killed it at my interview today, thanks for the pep talk yesterday",
    "Dying to get my {n} day chip on Friday!!",
    "We talked about suicidal thoughts in group and it helped to hear others",
    "If anyone needs it, call or text 988, they were kind to me last year.",
    "My brother died of an overdose two years ago, today is hard.",
    "I used to cut, {n} days clean now. Never thought I'd say that.",
    "Proud of you sam, that took guts",
    "Does anyone have tips for sleeping on the new meds?",
    "Therapist said I should journal, anyone do that? What do you write?",
    "I'm so tired of feeling anxious all the time, but the breathing helps a bit",
    "Made it through the family dinner without drinking. My aunt asked a lot of questions lol",
    "Reminder: meeting moved to {h}:30 tomorrow, rivera posted it in agendas",
    "I relapsed on Saturday. Back at day {n}. Not giving up.",
    "thank you all for being here, seriously this channel helps",
    "Feeling pretty low today, just needed to say it somewhere",
    "how do you all handle the weekends? so much free time",
    "Sponsor says one day at a time and honestly it's annoying but true",
    "Coffee and a podcast and no cigarettes so far, {n} hours",
    "I made a gratitude list: my dog, my sister, this group, pancakes",
    "the therapist in group said that I'm not a burden for asking for help",
)
RISKY = (
    "call me at 555-{a}-{b:04d} if you want to talk",
    "my email is casey.{n}@example.com, write me",
    "I live at {n} Maple Street, come by after group",
    "anyone got a plug around here",
    "selling my oxys, dm me",
    "where can i get some percs tonight",
    "you're pathetic, nobody wants you here",
    "kys",
    "what's the lethal dose of tylenol",
    "I want to end it tonight. I have {n} pills saved up.",
    "I can't do this anymore, I just want to die",
    "by the time you read this I'll be gone. thank you all for everything",
    "<@1> <@2> <@3> <@4> <@5> <@6> wake up",
)
LONG = (
    "Long one, sorry. Week {n}: I've been thinking a lot about what rivera said about "
    "triggers. For me it's the drive home past the liquor store, and Sundays when the "
    "house is quiet. I tried the plan we made: call someone, eat something, get out of "
    "the house. It worked twice and didn't once. I'm not beating myself up about it. "
)


def generate(count: int, seed: int) -> list[ChatMessage]:
    rng = random.Random(seed)
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    messages = []
    at = start
    for _ in range(count):
        roll = rng.random()
        if roll < 0.06:
            template = rng.choice(RISKY)
        elif roll < 0.12:
            template = LONG * rng.randint(1, 4)
        else:
            template = rng.choice(ORDINARY)
        text = template.format(
            n=rng.randint(1, 400),
            h=rng.randint(1, 12),
            a=rng.randint(200, 999),
            b=rng.randint(0, 9999),
        )
        at += timedelta(seconds=rng.choice((1, 2, 5, 30, 120, 600)))
        messages.append(ChatMessage(rng.choice(PEOPLE), "peer-support", text, at))
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rules = default_rules(crisis=detect_crisis_tier)
    messages = generate(args.messages, args.seed)
    recent: dict[str, list[datetime]] = {}
    timings: list[float] = []
    actions: Counter[str] = Counter()
    for message in messages[:200]:  # warm up caches and branch paths
        moderate(message, rules)
    for message in messages:
        history = recent.setdefault(message.author, [])
        window = tuple(history[-10:])
        began = time.perf_counter_ns()
        verdict = moderate(message, rules, recent=window)
        timings.append((time.perf_counter_ns() - began) / 1000)
        history.append(message.timestamp or datetime.now(UTC))
        actions[verdict.action] += 1
    timings.sort()
    median = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print("actions:", dict(sorted(actions.items())))
    print(f"max_us={timings[-1]:.1f} mean_us={statistics.fmean(timings):.1f}")
    print(f"moderation messages={len(messages)} median_us={median:.1f} p99_us={p99:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
