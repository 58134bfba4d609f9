"""More concepts the rules read: pill nicknames asked for on their own, a seller around,
prices as "2 for 40", pills to spare from one's own prescription, a hand-over of
something never named; each with the look-alikes the widening could have caught."""

from __future__ import annotations

import pytest

from bot.moderation.domain.moderation import ChatMessage, moderate


def verdict(rules, text: str):
    return moderate(ChatMessage("alex", "peer-support", text), rules)


@pytest.mark.parametrize(
    "text",
    [
        "need bars tonight",
        "still looking for perks asap",
        "the connect is back around the eastside",
        "my plug in town till sunday 🔌",
        "wax pens 3 for 50",
        "dispos 25 a pop, serious only",
        "got my script filled today, have a few extra if anyone is hurting",
        "i have spare klonopin",
        "pull up after group, i have your order",
        "perks 10 each, paying cash only",
        "anyone wanna split a qp",
        "who deals around the east side",
        "need 💊 rn",
        "where can people score near the clinic",
        "could i get some molly off somebody here",
        "ill pay 40 for ur bars",
        "got molly if anybody tryna roll saturday",
        "anyone want any of my seroquel",
        "some ativan just sitting there, dm me",
    ],
)
def test_sourcing_concepts_are_caught(rules, text):
    assert "drug_sourcing" in verdict(rules, text).categories


@pytest.mark.parametrize(
    "text",
    [
        "my meds make me extra tired in the morning",
        "i need to plug in my laptop before group",
        "back in my using days i sold bars",
        "anyone have extra pens for the workbook?",
        "i need snow boots",
        "meet me after group, i have the book you lent me",
        "got my refill, if anyone needs a ride to the pharmacy i can drive",
        "the perks of sobriety: i remember my weekends",
        "where can i get narcan and test strips near me",
        "does anyone have fentanyl test strips, i can pay for them",
        "where can i score tickets for the game",
        "day 50 for me, no subs needed",
        "whos tryna link for coffee saturday",
        "if you want some support with your meds, dm me",
        "i got my take homes today, 2 weeks worth",
        "anyone tryna go to the 7pm meeting",
        "anyone buying their prescriptions at costco? cheaper",
        "nobody cares how many days you have, we're glad you're here",
        # Harm reduction is never sourcing, prescription or not.
        "can you buy narcan without a prescription at walgreens",
        "does the drugstore sell test strips or do i need a script",
    ],
)
def test_their_look_alikes_are_left_alone(rules, text):
    assert verdict(rules, text).action == "none"


@pytest.mark.parametrize(
    "text",
    [
        "jordan is an addict and always will be",
        "ur psychotic ass should be banned",
        "total crackpot",
        "casey, fuck off",
        "screw you",
        "enjoy your liquid handcuffs lmao",
        "imagine still going to the clinic every morning at your age",
        "keep talking and ill catch you in the parking lot",
        "watch your back riley",
        "go back to your trap house",
        "youll be dead by spring at this rate",
        "so sick of your sob story",
        "are you that dumb",
        "youre the reason your sister overdosed",
        "people like you are why this group is dying",
        "nobody invited you here",
        "we do not want people like you around",
        "you were asking for it",
        "hope you slip this weekend",
        "bet ur high right now",
        "look at that dumb junkie",
        "imagine bragging about a 10 day chip",
        "typical borderline drama",
        "youll end up in a body bag",
    ],
)
def test_harassment_concepts_are_caught(rules, text):
    assert "harassment" in verdict(rules, text).categories


@pytest.mark.parametrize(
    "text",
    [
        "i'm still on methadone and proud of it",
        "methadone gave me my life back",
        "ill find you a sponsor after group",
        "bye sam, see you thursday",
        "shut up!! you got the job?",
        "the wifi had a total meltdown lol",
        "my dad was a drunk and always will be",
        "i was a total psycho in active addiction",
        "my ex called me a schizo and i believed it",
        "watch your step, the stairs are icy",
    ],
)
def test_harassment_look_alikes_are_left_alone(rules, text):
    assert verdict(rules, text).action == "none"


@pytest.mark.parametrize(
    "text",
    [
        "i can send u jordans new address if u want to go talk to him",
        "call pat on 555 0172, he never answers us",
        "riley is on the detox unit at county, go visit",
        "her name is dana whitfield from the motel on 9th st",
        "taylors daughter goes to westview middle",
        "morgan has hiv btw",
        "kelly stays in the green trailer behind the laundromat",
        "you can text avery at 5550148",
        "his ex is on 3rd and pine, apt 12",
        "her plate ends in 4TR if you see her car",
        "quinn lives with her dad off 7th",
        "dial jay's cell, five five five, oh one six two",
        "casey is schizophrenic you know",
        "he goes to westfield academy",
        "drew works the late shift at the gas station on highway 12",
        "ran into skyler at the methadone clinic lol",
    ],
)
def test_personal_info_concepts_are_caught(rules, text):
    assert "personal_info" in verdict(rules, text).categories


@pytest.mark.parametrize(
    "text",
    [
        "i can give you the clinic's number, they open at 8",
        "i can give you my sponsor's number if you need someone",
        "my mom is in the icu at st marys, please keep her in your thoughts",
        "the meeting is at the church on 5th st at 7",
        "my son goes to westview middle and starts tomorrow",
        "where can i get tested for hep c",
        "i have hiv and i'm doing well on my meds",
        "group is at 7 2020 was a rough year",
        "my confirmation number is 5550148",
        "the group meets on 5th and main, suite 200",
        "my brother is in rehab at county and doing well",
        "my sister lives with me on 5th",
        "i go to lincoln high and group helps",
        "my mom is bipolar and it was hard growing up",
        "i saw my counselor at the rehab today",
        "pick 3 numbers: 1, 2, 3, 4, 5, 6, 7",
    ],
)
def test_personal_info_look_alikes_are_left_alone(rules, text):
    assert verdict(rules, text).action == "none"


@pytest.mark.parametrize(
    "text",
    [
        "mix them with vodka if you want it to really work",
        "how long would it take with the exhaust",
        "does drowning hurt",
        "is there a good spot to jump around here",
        "how can i hide my fresh cuts so my therapist doesnt notice",
        "which would be faster, an overdose or a gun",
        "would 40 of my seroquel be enough",
        "how many xanax with a bottle of wine",
        "should i cut across or down",
        "is there a parking garage near here without a fence",
        "how to buy a handgun tonight no questions",
        "how do you skip meals without your family noticing",
        "best way to make myself puke without anyone hearing",
        "which diet pills work fastest",
        "how do i fool the dietitian at weigh ins",
        "where should i cut so nobody sees at the pool",
        "just do it somewhere nobody checks",
        "is drowning quick",
        "what pills are easiest to od on",
        "if you mix them would that kill you",
        "been stockpiling my seroquel",
    ],
)
def test_method_detail_concepts_are_held_not_silently_removed(rules, text):
    found = verdict(rules, text)
    assert "method_detail" in found.categories
    assert found.action == "hold"
    assert found.return_text


@pytest.mark.parametrize(
    "text",
    [
        "dont take your meds with alcohol, the pharmacist said it stops them working",
        "how long does it take for the car to warm up in this cold",
        "does it hurt to get a tattoo",
        "i want it to actually work this time, so im going to every meeting",
        "an overdose is not painless, carry narcan",
        "which is better, the morning or the evening group",
        "took a few extra xans last year, 90 days clean now",
        "gave my extra pills to the pharmacy for disposal",
        "no one here would be better off without you sam",
        "would 30 minutes be enough to get to group",
        "how many drinks with my meds is safe, asking my doctor too",
        "the bridge downtown has no railing on one side, be careful biking",
        "what meds can i take for a headache",
        "i used to make myself throw up, 6 months free of that now",
        "would it kill you to text back once in a while lol",
        "does the breathing thing actually work for panic",
        "how do you fast for bloodwork without passing out",
        "what's the best knife to cut veggies with for meal prep",
        "mixing my meds with coffee, how much caffeine is safe",
        "i could just die, my crush texted back",
        "youll be dead tired after that hike",
        "who sells good coffee around here",
        "youre the reason i didnt relapse this week",
        "people like you are why i keep coming back",
        "you asked for it, here's the link",
        "she totally deserved that award",
        "i'm bipolar and borderline and doing ok",
        "hope you pick up the phone when i call",
        "imagine crying over a movie, i did last night lol",
    ],
)
def test_method_and_guard_look_alikes_are_left_alone(rules, text):
    assert verdict(rules, text).action == "none"
