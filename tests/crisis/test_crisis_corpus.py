"""Regression corpus for the crisis detector, written for this project.

Three lists: first-person crisis that must always reach a human at once, passive wishes
that earn the gentle concern tier (a private check-in, no alert), and recovery talk,
support and figures of speech that must never page a facilitator. A change to the
rules that moves any sentence across the line fails here.
"""

from __future__ import annotations

import pytest

from bot.crisis.domain.crisis import detect_crisis

CRISIS = [
    # intent
    "I want to kill myself",
    "i just want to die",
    "honestly I want to die tonight",
    "I'm going to end it all this weekend",
    "i'm going to end my life",
    "I don't want to be alive anymore",
    "i dont want to live anymore",
    "I'm suicidal",
    "im feeling really suicidal again",
    "feeling suicidal tonight and scared",
    "I keep thinking about killing myself",
    "I've been thinking about suicide all week",
    "i cant stop thinking about ending my life",
    "i'd rather be dead, I have no reason to live",
    "I've lost all will to live",
    "I'm ready to die",
    "I'm going to take my own life",
    "I don't have the guts to end it yet but I want to",
    "the only reason I'm still alive is my cat",
    "I think I'm going to jump off the bridge on my way home",
    "I should just kill myself",
    "you guys make me want to kill myself lol no seriously I'm done",
    "My sponsor doesn't know I want to die",
    "I hate my life and I want to end it",
    "I can't do this anymore. I'm going to kill myself",
    # plan, means, timing
    "I have a plan and I'm doing it tonight",
    "I've been planning how to kill myself",
    "I wrote my suicide note",
    "I have been saving up my pills for this",
    "I've been stockpiling my seroquel",
    "I have 60 tylenol and I'm going to take them all",
    "counted out 40 acetaminophen. I can't do this anymore",
    "💊💊💊 i'm done, bye everyone",
    "bought a rope today. i want to die",
    "it ends tonight. thank you all for everything",
    "I tied a noose",
    "gun in my mouth right now",
    # goodbye
    "By the time you read this I'll be gone",
    "This is my last message here. Goodbye everyone",
    "I won't be alive tomorrow",
    "please take care of my dog. I'm sorry for everything",
    "goodbye forever, I love you all",
    # self-harm now
    "I'm cutting myself right now",
    "i just cut myself again",
    "I cut again tonight",
    "I relapsed on self harm tonight",
    "I want to cut so bad right now",
    "I need to hurt myself",
    "i keep burning my arms",
    "I have the urge to cut and I don't think I can stop",
    "i cut to feel something",
    # overdose now
    "I took 30 pills an hour ago",
    "i just took the whole bottle of tylenol",
    "I swallowed all of my meds",
    "I think I overdosed",
    "i took too many xanax and can't feel my hands",
    "I'm going to overdose tonight",
    "I'm about to od on purpose",
    "I took all my seroquel, sorry",
    # means, ongoing and present states (added with the recall work)
    "i do have a gun",
    "I keep aiming the gun at my head",
    "i was planning to kill myself in 8th grade, and now im planning to kill myself tonight",
    "all i want right now is to end it",
    "my suicidal thoughts are back",
    "i was thinking i could go into her closet and shoot myself",
    "i have no reason to keep living",
    "I've considered suicide on and off since I was 13",
    "im feeling depressed and suicidal",
    "spending my last day with my cat",
]

# Passive wishes and burden: the concern tier, by issue 14's tiering.
CONCERN = [
    "everyone would be better off without me",
    "I wish I was dead",
    "I wish I could go to sleep and never wake up",
]

RECOVERY = [
    # the past and milestones
    "I used to cut, 90 days clean",
    "I used to want to die every day, now I have hope",
    "Two years ago I tried to kill myself and I'm so glad I'm still here",
    "When I was 15 I overdosed. Today I'm 3 years sober",
    "I haven't cut in 6 months!",
    "back when I was using I thought about suicide a lot",
    "One year clean since I stopped cutting",
    "my suicide attempt anniversary is next week and I'm doing okay",
    "I was suicidal in high school, it gets better",
    "last year I wanted to end it all, this year I got my chip",
    # other people
    "My brother died of an overdose",
    "my friend is suicidal and I'm worried about her",
    "my mom took too many pills once and it scared me",
    "He killed himself when I was 12",
    "Are you feeling suicidal? Please talk to someone",
    "if you want to die please reach out, we're here",
    "She said she wants to die and I didn't know what to say",
    "my cousin cut himself and I found out today",
    "people who are suicidal deserve care, not judgement",
    "a guy in my building overdosed last night, the paramedics came",
    # group topics and education
    "We talked about suicidal thoughts in group",
    "today's group was about self harm and triggers",
    "rivera explained the warning signs of suicide",
    "we learned about overdose risk after a period of not using",
    "the topic tonight is grief after suicide loss",
    "I learned that fentanyl is in a lot of pills now, carry narcan",
    "group talked about how to help a friend who says they want to die",
    "the workbook has a chapter on suicidal ideation",
    # support
    "Call 988 if you need it",
    "please don't kill yourself, we love you",
    "you can text HOME to 741741 any time",
    "if you ever feel like ending it, call the lifeline",
    "sending love to anyone struggling with thoughts of suicide tonight",
    "you are not alone, reach out to your facilitator",
    "If I ever feel suicidal again I know to call 988",
    "When I feel like cutting I hold ice instead",
    "my safety plan says to call my sister when I have the urge",
    "I would never kill myself, I have too much to live for",
    "I don't want to die, I want to get better",
    "I'm not suicidal, just really tired today",
    "I'm not going to hurt myself, I just needed to vent",
    # idioms and hyperbole
    "this craving is killing me",
    "I killed it at my interview",
    "dying to get my chip",
    "I could die of embarrassment right now",
    "my feet are killing me after that walk",
    "I nearly died laughing at group today",
    "that workout killed me",
    "I'm dead tired",
    "my phone is dead again",
    "this weather makes me want to stay in bed forever",
    "I'd kill for a coffee right now",
    "you're killing it sam!",
    "I'm dying to know how the meeting went",
    "I'm dead serious about staying sober this time",
    "the plan for tonight is pizza and a movie",
    "I have a plan for the weekend: meetings and hiking",
    "I cut my hair today, feels like a fresh start",
    "I cut myself shaving lol",
    "I burned myself on the stove making dinner",
    "dead last in the fun run but I finished",
    "ending the day with gratitude",
    "I want to end my shift early",
    "I'm going to end it with my ex for good",
    "that movie was to die for",
    # recovery talk about meds and using
    "I took my meds this morning",
    "I take 50mg of sertraline",
    "my doctor upped my lithium",
    "I relapsed on Saturday but I'm back at day 1",
    "I used to take 30 pills a day, now I take none",
    "I picked up my suboxone today",
    "Craving pills really bad today but I called my sponsor",
    "I threw out all the old pills in the cabinet",
    "had the urge to use yesterday and surfed it",
    "goodbye everyone, see you at group tomorrow!",
    "thank you all for everything this week",
    "I won't be here tomorrow, I have a doctor's appointment",
    "last message before I sleep: proud of you all",
    "tonight I'm going to rest and be kind to myself",
    "I'm so tired of being tired",
    "life is hard right now but I'm hanging in",
    "I'm alive and 30 days sober!",
    "nobody told me recovery would be this much work",
    # near misses of the rules added with the recall work
    "I used to have a gun but I sold it",
    "my brother has a gun",
    "my dad bought a new rifle for hunting",
    "i have a gun license",
    "the suicidal thoughts are back for my sister",
    "I considered suicide years ago, 2 years sober now",
    "no reason to live in fear",
    "all i want right now is to sleep",
    "I thought about suicide once in high school",
]


def test_the_corpus_is_large_enough_to_mean_something() -> None:
    assert len(CRISIS) >= 60
    assert len(RECOVERY) >= 80


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_sentences_reach_a_human(text: str) -> None:
    result = detect_crisis(text)
    assert result.is_crisis, f"missed: {text!r} (score {result.score}, {result.signals})"


@pytest.mark.parametrize("text", CONCERN)
def test_passive_wishes_get_a_check_in_not_an_alert(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == "concern", f"{text!r}: {result.tier} via {result.signals}"


@pytest.mark.parametrize("text", RECOVERY)
def test_recovery_talk_does_not_raise_an_alarm(text: str) -> None:
    result = detect_crisis(text)
    assert not result.is_crisis, f"false alarm: {text!r} via {result.rule} {result.signals}"
    assert result.tier == "none", f"check-in on recovery talk: {text!r} via {result.signals}"
