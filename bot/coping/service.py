"""Coping skills for the bot: offers shaped by feedback, and the facilitators' skills.

The choosing is pure (:mod:`bot.coping.domain.coping`); this service feeds it from the
database (feedback, what was shown lately, facilitators' skills and retirements) and
records what it offered. Crisis words never reach the chooser: they come back as a
:class:`CrisisRoute`, and the caller sends crisis help and alerts the facilitators
through the crisis path (the ``CrisisPath`` port; crisis is read with the crisis
capability's detector, handed in by ``bot/app.py``).
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import discord

from bot.coping import storage as coping_db
from bot.coping.domain.coping import (
    CheckinAnswers,
    Crisis,
    Feedback,
    choose,
    complete_situations,
    helped_skills,
    resolve_situation,
    skill_for_checkin,
)
from bot.coping.domain.library import SITUATION_BY_KEY, Library, Situation, Skill, program_skill
from bot.kernel.clock import Clock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.ports import CrisisDetector, CrisisPath, KnownPerson, Person
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

# Skills shown within this window count as "seen", so "Another one" walks on; a new
# /coping tomorrow starts afresh, where a skill that helped is the likelier pick.
RECENT_WINDOW = timedelta(hours=12)
ANY = "any"  # the situation of an offer not tied to one (button custom ids)
COG_NAME = "Coping"
ALERTED = "I've let your program's facilitators know, so someone can reach out to you."

Render = Callable[["Offer"], dict[str, Any]]
# Crisis help for a person (their IANA zone, if known, picks the region's lines).
RenderCrisis = Callable[[str | None], str]


class CopingError(ValueError):
    """A request that cannot be done; the message is written for the person asking."""


@dataclass(frozen=True)
class Offer:
    skill: Skill
    situation: str | None  # situation key; None = any situation
    note: str = ""  # a line shown above the skill
    repeated: bool = False  # nothing else fitting was left, so this one came round again


@dataclass(frozen=True)
class CrisisRoute:
    said: str  # what the person chose or typed


@dataclass(frozen=True)
class NoneLeft:
    situation: str | None


Answer = Offer | CrisisRoute | NoneLeft


def situation_name(key: str | None) -> str:
    found = SITUATION_BY_KEY.get(key or "")
    return found.name if found is not None else "any moment"


def situation_choices(partial: str, limit: int = 25) -> list[tuple[str, str]]:
    """Autocomplete (name, value) pairs; the crisis choice is always there, first when
    the typed words speak of crisis, otherwise last, so help is never more than a tap away."""
    found = complete_situations(partial, limit)
    choices = [(item.name, item.key) for item in found]
    crisis = next((c for c in choices if c[1] == Crisis.key), None)
    if crisis is None:
        crisis = (Crisis.name, Crisis.key)
        choices = [*choices[: limit - 1], crisis]
    return choices


class CopingService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        base: Library,
        *,
        detect_crisis: CrisisDetector,
        rng: random.Random | None = None,
        programs: ProgramService | None = None,
        render: Render | None = None,
        render_crisis: RenderCrisis | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.base = base
        self.library = base
        self.detect_crisis = detect_crisis
        self.rng = rng or random.Random()
        self.programs = programs
        self.render = render
        self.render_crisis = render_crisis

    def speaks_of_crisis(self, text: str) -> bool:
        """The chooser's crisis words or the crisis detector: either is enough."""
        return isinstance(resolve_situation(text), Crisis) or self.detect_crisis(text).is_crisis

    async def reload(self) -> None:
        """Merge the facilitators' skills and retirements into the shipped library."""
        added = await coping_db.program_skills(self.db)
        retired = await coping_db.retired_ids(self.db)
        self.library = self.base.with_program(added, retired)

    # --- offers ------------------------------------------------------------------------

    async def suggest(self, participant: str, text: str | None) -> Answer:
        """A skill for what the person chose or typed; crisis words route to help."""
        note = ""
        situation: str | None = None
        if text is not None and text.strip():
            if self.speaks_of_crisis(text):
                return CrisisRoute(text.strip())
            resolved = resolve_situation(text)
            if isinstance(resolved, Situation):
                situation = resolved.key
            else:
                note = (
                    f'I\'m not sure which situation "{text.strip()[:60]}" is, so here is a '
                    "skill that helps in many moments. Pick from the list next time for a "
                    "closer fit."
                )
        return await self._offer(participant, situation, note=note)

    async def another(self, participant: str, situation: str | None, current: str) -> Answer:
        """A different skill than ``current`` for the same situation, while one is left."""
        if situation is not None and situation not in SITUATION_BY_KEY:
            situation = None
        offer = await self._offer(participant, situation, just_shown=current)
        if isinstance(offer, Offer) and offer.skill.id == current:
            note = (
                f"That's the only skill for {situation_name(situation).lower()} you haven't "
                "set aside, so here it is again."
            )
            return dataclasses.replace(offer, note=note)
        return offer

    async def _offer(
        self,
        participant: str,
        situation: str | None,
        *,
        note: str = "",
        just_shown: str | None = None,
        prefer: frozenset[str] = frozenset(),
    ) -> Offer | NoneLeft:
        now = self.clock.now()
        feedback = await coping_db.feedback_of(self.db, participant)
        recent = await coping_db.shown_since(self.db, participant, now - RECENT_WINDOW)
        if just_shown is not None:
            # The skill on the message clicked counts as the latest, even on an old one.
            recent = [s for s in recent if s != just_shown] + [just_shown]
        skill = choose(self.library, situation, feedback, recent, self.rng, prefer=prefer)
        if skill is None:
            return NoneLeft(situation)
        await coping_db.record_shown(self.db, participant, skill.id, now)
        return Offer(skill, situation, note=note, repeated=skill.id in recent)

    async def for_checkin(
        self, participant: str, answers: CheckinAnswers
    ) -> Offer | CrisisRoute | None:
        """The skill matched to a check-in's answers, or None when nothing calls for one."""
        if answers.note and self.speaks_of_crisis(answers.note):
            return CrisisRoute(answers.note)
        now = self.clock.now()
        feedback = await coping_db.feedback_of(self.db, participant)
        recent = await coping_db.shown_since(self.db, participant, now - RECENT_WINDOW)
        found = skill_for_checkin(self.library, answers, feedback, recent, self.rng)
        if isinstance(found, Crisis):
            return CrisisRoute(answers.note)
        if found is None:
            return None
        skill, match = found
        await coping_db.record_shown(self.db, participant, skill.id, now)
        note = f"Because {match.because}, here's a skill that might help right now."
        return Offer(skill, match.situation, note=note)

    # --- feedback ----------------------------------------------------------------------

    async def give_feedback(self, participant: str, skill_id: str, verdict: Feedback) -> Skill:
        skill = self.library.get(skill_id)
        if skill is None:
            raise CopingError("I don't know that skill any more, so I couldn't note that.")
        await coping_db.set_feedback(self.db, participant, skill_id, verdict, self.clock.now())
        return skill

    async def helped(self, participant: str) -> list[Skill]:
        return helped_skills(self.library, await coping_db.feedback_of(self.db, participant))

    # --- facilitators ------------------------------------------------------------------

    async def add_program_skill(
        self,
        *,
        by: int | None,
        title: str,
        steps_text: str,
        minutes_text: str,
        situations_text: str,
        source: str,
        caution: str = "",
    ) -> Skill:
        """Validate (raises ProgramSkillError with every problem), store, offer at once."""
        # Validated under a placeholder number: nothing is written unless it passes.
        draft = program_skill(
            1,
            title=title,
            steps_text=steps_text,
            minutes_text=minutes_text,
            situations_text=situations_text,
            source=source,
            caution=caution,
        )
        number = await coping_db.add_program_skill(self.db, draft, by, self.clock.now())
        await self.reload()
        skill = self.library.get(f"program:{number}")
        assert skill is not None
        log.info("program skill %s added by %s: %s", skill.id, by, skill.title)
        return skill

    async def retire(self, skill_id: str, by: int | None) -> tuple[Skill, list[str]]:
        """Withdraw a skill; returns it and the situations left with no skill at all."""
        skill = self.library.get(skill_id) or self._by_title(skill_id)
        if skill is None:
            raise CopingError(
                f"There is no skill called {skill_id!r}. Pick one from the list as you type."
            )
        skill_id = skill.id
        if skill_id in self.library.retired:
            raise CopingError(f'"{skill.title}" is already retired.')
        await coping_db.retire(self.db, skill_id, by, self.clock.now())
        await self.reload()
        empty = [key for key in skill.situations if not self.library.for_situation(key)]
        log.info("skill %s retired by %s", skill_id, by)
        return skill, empty

    def _by_title(self, title: str) -> Skill | None:
        wanted = title.strip().casefold()
        found = [s for s in self.library.skills if s.title.casefold() == wanted]
        return found[0] if len(found) == 1 else None

    def retire_choices(self, partial: str, limit: int = 25) -> list[Skill]:
        wanted = partial.strip().casefold()
        active = self.library.active()
        matching = [s for s in active if wanted in s.title.casefold() or wanted in s.id]
        # Program skills first: the ones a facilitator is most likely to withdraw.
        matching.sort(key=lambda s: (not s.is_program, s.title.casefold()))
        return matching[:limit]


def answers_from(answers: Mapping[str, Any] | CheckinAnswers) -> CheckinAnswers | None:
    if isinstance(answers, CheckinAnswers):
        return answers
    try:
        return CheckinAnswers.from_mapping(answers)
    except ValueError:
        log.warning("check-in answers not understood for a coping skill", exc_info=True)
        return None


# --- crisis help and the facilitators' alert ---------------------------------------------


async def alert_facilitators(
    crisis: CrisisPath,
    user: Person | None,
    *,
    said: str | None,
    channel: discord.abc.Messageable | None = None,
) -> bool:
    """Alert the facilitators through the bot's one crisis path (the alert gets "I'm on
    it" and repeats until someone acknowledges it); True if it was raised. Nobody is
    pinged (the client's allowed mentions); the member's mention only links."""
    if user is None:
        log.error("CRISIS ALERT NOT RAISED: no member to name for a /coping crisis")
        return False
    try:
        await crisis.raise_alert(user=user, text=said or "", where="coping", channel=channel)
    except Exception:
        log.exception("CRISIS ALERT FAILED for a /coping crisis of user %s", user.id)
        return False
    return True


class CopingHost(Protocol):
    """What ``skill_for_checkin_answers`` needs of the running bot."""

    @property
    def coping(self) -> CopingService: ...

    @property
    def crisis(self) -> CrisisPath: ...

    def get_user(self, id: int, /) -> discord.User | None: ...


async def skill_for_checkin_answers(
    bot: CopingHost, participant_key: str, answers: Mapping[str, Any] | CheckinAnswers
) -> dict[str, Any] | None:
    """Send kwargs (content, embed, buttons) for a skill matched to check-in answers.

    None when nothing in the answers calls for a skill. Crisis words in the note get
    crisis help instead, and the facilitators are alerted here.
    """
    service = bot.coping
    parsed = answers_from(answers)
    if parsed is None:
        return None
    result = await service.for_checkin(participant_key, parsed)
    if result is None:
        return None
    assert service.render is not None and service.render_crisis is not None
    if isinstance(result, CrisisRoute):
        programs = service.programs
        participant = await programs.participant(participant_key) if programs else None
        linked = await members.by_participant(service.db, participant_key)
        user_id = linked.user_id if linked is not None else None
        if user_id is None and participant is not None:
            user_id = participant.discord_id
        if user_id is None and participant_key.isdigit():
            user_id = int(participant_key)
        who = participant.display if participant else participant_key
        user: Person | None = None
        if user_id is not None:
            # Not in the client's cache: the alert still names them by id and name.
            user = bot.get_user(user_id) or KnownPerson(user_id, who, who)
        alerted = await alert_facilitators(bot.crisis, user, said=result.said)
        text = service.render_crisis(participant.timezone if participant else None)
        if alerted:
            text += "\n\n" + ALERTED
        return {"content": text}
    return service.render(result)
