"""The discord.py bot: opens the database, starts the scheduler, builds every service
once, wires the ports between capabilities, and loads the cogs.

This is the composition root. Each service is a typed attribute of ``CompanionBot``,
built in ``setup_hook`` (never on demand), and receives what it needs from another
capability as a port (``bot.kernel.ports``), handed in here: mypy checks that each
implementation fits. The Discord side of a service (renderers, outlets, views) comes
from its cog package's ``_`` modules. Cogs read their services from the typed bot.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pkgutil
import time
from pathlib import Path

import discord
from discord.ext import commands

import cogs
from bot.agendas.service import AgendaService
from bot.checkins.domain.checkin_questions import load_checkin_config
from bot.checkins.personal_data import CHECKINS_DATA
from bot.checkins.prompts import DailyCheckinSettingsStore
from bot.checkins.service import CheckinService
from bot.continuity.alumni import AlumniRoster, AlumniService
from bot.continuity.family import FamilyService
from bot.continuity.medication import MedicationService
from bot.continuity.personal_data import CONTINUITY_DATA
from bot.coping.checkin_offer import CheckinOffers
from bot.coping.daily import DailySkill
from bot.coping.domain.library import LibraryError, load_library
from bot.coping.personal_data import COPING_DATA
from bot.coping.service import CopingService
from bot.crisis.concern import ConcernService
from bot.crisis.domain.crisis import detect_crisis, detect_crisis_tier
from bot.crisis.personal_data import CRISIS_DATA
from bot.crisis.resources import load_resources
from bot.crisis.service import CrisisService
from bot.kernel.clock import Clock, SystemClock
from bot.kernel.config import Settings
from bot.kernel.consent import ConsentGate
from bot.kernel.crisis_lines import (
    forget_region_lookup,
    use_crisis_lines,
    use_region_lookup,
)
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.db.state import get_state, set_state
from bot.kernel.delivery import DeliveryDesk
from bot.kernel.errors import on_app_command_error
from bot.kernel.messenger import Messenger
from bot.kernel.pacing import Pacer, pace_http, wire_guard
from bot.kernel.planner import Planning
from bot.kernel.ports import PersonalDataProvider
from bot.kernel.roles import hide_restricted_commands
from bot.kernel.scheduling import ClockedScheduler
from bot.measures.chart import ScoreCharts
from bot.measures.domain.instruments import InstrumentsError, load_instruments
from bot.measures.personal_data import MEASURES_DATA
from bot.measures.service import MeasuresService
from bot.moderation.personal_data import MODERATION_DATA
from bot.moderation.service import ModerationService
from bot.ops.health import HealthService, load_health_settings
from bot.ops.setup import SetupService
from bot.outreach.personal_data import OUTREACH_DATA
from bot.outreach.safety_plan import SafetyPlans
from bot.outreach.service import OutreachService
from bot.privacy.service import NoticeSender, PrivacyService, consent_view
from bot.program.enrolment import Enrolment
from bot.program.notices import ChangeNotices
from bot.program.personal_data import PROGRAM_DATA
from bot.program.service import ProgramService
from bot.reminders.messages import welcome_content
from bot.reminders.service import ReminderService
from cogs.agendas._views import DiscordPublisher
from cogs.checkins._outlet import DiscordOutlet
from cogs.continuity._views import ContinuityOutlet, medication_reminder, weekly_view
from cogs.continuity._views import consent_view as family_consent_view
from cogs.coping._views import DailyPoster, offer_kwargs
from cogs.crisis._concern_views import concern_view
from cogs.crisis._views import alert_view
from cogs.measures._views import MeasuresOutlet
from cogs.ops.about import help_now
from cogs.reminders._views import ReminderOutlet

log = logging.getLogger(__name__)

COGS_PACKAGE = "cogs"

# What participants use in a DM with the bot (Discord offers only global commands there);
# every other command is registered for the program's server only.
DM_COMMANDS = frozenset(
    {
        "about",
        "crisis",
        "crisis-region",
        "coping",
        "myskills",
        "schedule",
        "timezone",
        "reminders",
        "pause",
        "checkin",
        "checkin-time",
        "progress",
        # Measures (issue 20): the week's questionnaires, answered in the DM.
        "questionnaire",
        # Continuity of care (issue 11): personal settings participants make in DMs.
        "medication",
        "content-warnings",
        "alumni",
        "family",
        # Privacy (issue 9): the notice arrives in a DM, so its commands work there too.
        "privacy",
        "mydata",
        # A person behind the bot (issue 15): asking for a person, the safety plan.
        "reach-out",
        "safety-plan",
    }
)
GLOBAL_COMMANDS_STATE = "commands.global_fingerprint"

# Companion never joins voice: do not warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def cog_modules() -> list[str]:
    """Every extension under ``cogs/``: each capability's package holds its cogs; modules
    starting with ``_`` (views, helpers) are not extensions, and neither are packages."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(cogs.__path__, f"{COGS_PACKAGE}.")
        if not info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_")
    )


def intents() -> discord.Intents:
    """The least the product needs: members (roles, enrolment), guild and DM messages,
    and message content for the peer-channel moderator and DM check-in notes."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    wanted.message_content = True
    return wanted


# Nobody is pinged unless a message names them on purpose (pass
# ``allowed_mentions=discord.AllowedMentions(users=[member])`` on that send).
NO_PINGS = discord.AllowedMentions(everyone=False, roles=False, users=False, replied_user=False)

# Each capability's answer for its own tables to privacy's export and erasure, in erasure
# order (privacy adds its own tables and the kernel's members and deliveries last).
PERSONAL_DATA: tuple[PersonalDataProvider, ...] = (
    PROGRAM_DATA, CHECKINS_DATA, COPING_DATA, CRISIS_DATA, MODERATION_DATA, CONTINUITY_DATA,
    OUTREACH_DATA, MEASURES_DATA,
)


class CompanionBot(commands.Bot):
    # The kernel's resources, opened first.
    db: Database
    scheduler: ClockedScheduler
    programs: ProgramService
    pacer: Pacer
    messenger: Messenger
    desk: DeliveryDesk
    # One service per capability (and the consent gate every cog shares), in the order
    # setup_hook builds them.
    crisis: CrisisService
    concern: ConcernService
    privacy: PrivacyService
    consent_gate: ConsentGate
    outreach: OutreachService
    safety_plans: SafetyPlans
    agendas: AgendaService
    medication: MedicationService
    coping: CopingService
    measures: MeasuresService
    score_charts: ScoreCharts
    daily_skill: DailySkill
    checkins: CheckinService
    alumni: AlumniService
    family: FamilyService
    moderation: ModerationService
    reminders: ReminderService
    change_notices: ChangeNotices
    enrolment: Enrolment
    health: HealthService
    server_setup: SetupService

    def __init__(
        self, settings: Settings, *, clock: Clock | None = None, **options: object
    ) -> None:
        # Every REST request waits for the pacer: for a token in its lane (``pace_http``,
        # in setup_hook) and, right before it goes on the wire, for room in the window
        # (``wire_guard``, which must be in place before discord.py opens its session).
        # Interaction responses are not paced: Discord does not count them.
        self.pacer = Pacer()
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=NO_PINGS,
            http_trace=wire_guard(self.pacer),
            **options,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.started_at = time.monotonic()
        self.ready_after: float | None = None
        self.tree.error(on_app_command_error)

    async def setup_hook(self) -> None:
        self.db = await Database.open(Path(self.settings.database_path))
        applied = await migrate(self.db)
        if applied:
            log.info("database migrated to version %d", applied[-1])
        guild_id = self.settings.guild_id or 0
        self.programs = ProgramService(self.db, guild_id)
        pace_http(self.http, self.pacer)
        self.messenger = Messenger(self, self.db, guild_id, self.pacer, self.clock)
        # Paused until the server and its channels are known (on_ready): overdue work
        # queued at start is then released in due order.
        self.scheduler = ClockedScheduler(self.clock)
        self.scheduler.start(paused=True)
        self.desk = DeliveryDesk(self.db, self.clock, self.scheduler, self.pacer)
        self.build_services()
        await self.start_services()
        for module in cog_modules():
            await self.load_extension(module)
        hide_restricted_commands(self.tree)  # facilitator and admin commands: not in the picker
        await self.sync_commands()

    def build_services(self) -> None:
        """Every service, once; each gets the ports it needs from the others. Shipped
        content is validated here: a bad data file stops the start, listing what is wrong."""
        db, clock, scheduler, programs = self.db, self.clock, self.scheduler, self.programs
        settings, guild_id = self.settings, self.settings.guild_id or 0
        # What every program-driven service plans with (bot.kernel.planner).
        planning = Planning(db, clock, scheduler, programs, self.desk)
        # Crisis first: every capability that meets crisis reaches this one path.
        # data/crisis_resources.toml is read here: a bad file stops the start. Its lines
        # are set for text written outside crisis help (bot.kernel.crisis_lines) before
        # anything that renders such text is built or any cog loads.
        crisis_resources = load_resources()
        use_crisis_lines(crisis_resources)
        self.crisis = CrisisService(
            db=db, clock=clock, scheduler=scheduler, settings=settings, client=self,
            programs=programs, resources=crisis_resources, alert_view=alert_view,
            messenger=self.messenger,
            general_help=(help_now(),), desk=self.desk,
        )
        # Messages that name a crisis line give the reader's own region's (issue 18):
        # the crisis service says which region a member is in.
        use_region_lookup(self._help_region)
        # The concern tier's gentle answer, which escalates through the crisis path.
        self.concern = ConcernService(
            crisis=self.crisis, messenger=self.messenger, view=concern_view
        )
        alumni_roster = AlumniRoster(db)
        self.privacy = PrivacyService(
            db=db, clock=clock, scheduler=scheduler, programs=programs, providers=PERSONAL_DATA,
            retention=settings.retention_days,
        )
        self.consent_gate = ConsentGate(self.privacy, self.crisis, consent_view)
        # A person behind the bot: the DM line and reach-out requests (alerts through
        # crisis, one open alert per person), and the safety plan crisis replies offer.
        self.outreach = OutreachService(
            db=db, clock=clock, programs=programs, alerts=self.crisis, crisis=self.crisis,
            consent=self.privacy, concern=self.concern.check_in_dm,
        )
        self.safety_plans = SafetyPlans(db, clock, self.crisis)
        self.crisis.safety_plans = self.safety_plans
        self.agendas = AgendaService(
            planning, publisher=DiscordPublisher(self), guild_id=guild_id
        )
        continuity = ContinuityOutlet(self, self.agendas)
        self.medication = MedicationService(
            planning, messenger=self.messenger, render=medication_reminder
        )
        try:
            library = load_library()
        except LibraryError as error:
            # Every problem at once, so one start-up shows the admin all there is to fix.
            log.critical("the coping library cannot be used:\n%s", error)
            raise
        self.coping = CopingService(
            db, clock, library, detect_crisis=detect_crisis, programs=programs,
            render=offer_kwargs, render_crisis=self.crisis.help_text,
        )
        self.daily_skill = DailySkill(
            db, clock, lambda: self.coping.library, scheduler=scheduler, programs=programs,
            poster=DailyPoster(self), desk=self.desk,
        )
        # Measures (issue 20): data/instruments.toml is checked here, every problem with
        # its line; the program file's [[measure]] blocks are checked on every import.
        try:
            instruments = load_instruments()
        except InstrumentsError as error:
            log.critical("the questionnaires cannot be used:\n%s", error)
            raise
        self.measures = MeasuresService(
            db, clock, programs, instruments, consent=self.privacy, crisis=self.crisis,
            outlet=MeasuresOutlet(self),
        )
        programs.add_check(self.measures.check_program)
        self.score_charts = ScoreCharts(self.measures)
        checkin_config = load_checkin_config()
        self.checkins = CheckinService(
            planning,
            outlet=DiscordOutlet(
                self, checkin_config, self.medication, self.concern, requests=self.outreach
            ),
            config=checkin_config,
            consent=self.privacy, detect_crisis=detect_crisis, alumni=alumni_roster,
            offers=CheckinOffers(), medication=self.medication, reach_out=self.outreach,
            questionnaires=self.measures, score_charts=self.score_charts,
        )
        self.alumni = AlumniService(
            planning, messenger=self.messenger, checkins=DailyCheckinSettingsStore(db),
            weekly_view=weekly_view, give_role=continuity.give_alumni_role,
            alert=continuity.tell_facilitators,
        )
        self.family = FamilyService(
            planning, messenger=self.messenger, render_reminder=continuity.family_reminder,
            consent_view=family_consent_view, set_role=continuity.set_family_role,
        )
        # Loads data/moderation.toml.
        self.moderation = ModerationService(
            db=db, clock=clock, settings=settings, client=self, messenger=self.messenger,
            crisis=self.crisis, safety=self.crisis, read_crisis=detect_crisis_tier,
            concern=self.concern, read_concern=detect_crisis,
        )
        reminder_outlet = ReminderOutlet(self, self.agendas)
        self.reminders = ReminderService(
            planning, messenger=self.messenger, render_reminder=reminder_outlet.render_reminder,
            on_dm_closed=reminder_outlet.tell_facilitators_dm_closed,
        )
        # One notice per participant per change to their sessions (not a reminder).
        self.change_notices = ChangeNotices(
            db, clock, programs, self.messenger, reminder_outlet.render_change_notice,
            scheduler=scheduler,
        )
        self.enrolment = Enrolment(
            db=db, clock=clock, messenger=self.messenger, guild=reminder_outlet.guild,
            ready=self.is_ready, welcome=welcome_content,
            notice=NoticeSender(db, clock, self.messenger),
            on_dm_closed=reminder_outlet.tell_facilitators_dm_closed,
            desk=self.desk, programs=programs,
        )
        self.health = HealthService(
            db, scheduler, clock, lambda: self.latency,
            load_health_settings(database_path=Path(settings.database_path)),
        )
        self.server_setup = SetupService(db, settings)

    async def start_services(self) -> None:
        """Plan every service's jobs from the database. The order is deliberate: the
        program's listeners run in the order they subscribe, and enrolment must link new
        participants before session reminders replan (check-in prompts link the ones
        they need themselves)."""
        await self.agendas.start()
        await self.checkins.start()
        await self.alumni.start()
        await self.family.start()
        await self.medication.start()
        await self.coping.reload()
        await self.daily_skill.start()
        await self.crisis.start()
        self.programs.on_change(self.enrolment.after_change)
        await self.reminders.start()
        await self.change_notices.start()

    async def sync_commands(self) -> None:
        """Sync deliberately: server commands to the program's server at every start
        (instant, and scoped to it); the few commands participants use in DMs with the
        bot globally, since Discord offers only global commands in DMs, and only when
        their definitions changed since the last global sync, never on every start."""
        if self.settings.guild_id is None:
            log.warning("GUILD_ID is not set: slash commands are not synced to any server")
            return
        guild = discord.Object(id=self.settings.guild_id)
        for command in self.tree.get_commands():
            if command.name not in DM_COMMANDS:
                self.tree.add_command(command, guild=guild, override=True)
                self.tree.remove_command(command.name)
        synced = await self.tree.sync(guild=guild)
        log.info("synced %d app commands to guild %s", len(synced), self.settings.guild_id)
        everywhere = self.tree.get_commands()
        payload = json.dumps([c.to_dict(self.tree) for c in everywhere], sort_keys=True)
        fingerprint = hashlib.sha256(payload.encode()).hexdigest()
        if await get_state(self.db, GLOBAL_COMMANDS_STATE) != fingerprint:
            await self.tree.sync()
            await set_state(self.db, GLOBAL_COMMANDS_STATE, fingerprint)
            log.info("synced %d DM commands globally (their definitions changed)", len(everywhere))

    async def on_ready(self) -> None:
        if self.ready_after is None:
            self.ready_after = time.monotonic() - self.started_at
            log.info("ready as %s after %.2f s", self.user, self.ready_after)
            # The server and its channels are known now: the retries waiting in the
            # database are planned, then every job (overdue ones first) may run.
            await self.desk.resume()
        self.scheduler.release()

    async def _help_region(self, user_id: int) -> str | None:
        return (await self.crisis.region_for(user_id)).code

    async def close(self) -> None:
        forget_region_lookup(self._help_region)  # no lookup into a closed database
        # close() may come before (or during) setup_hook: only what was opened is closed.
        if "scheduler" in vars(self) and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if "pacer" in vars(self):
            await self.pacer.close()
        await super().close()
        if "db" in vars(self):
            await self.db.close()
            del self.db
