"""Command line: ``python -m bot {run,sandbox,db,program,moderate,invite} ...``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sqlite3
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.kernel.config import (
    ConfigError,
    Settings,
    configure_logging,
    load_settings,
    parse_guild_id,
)

if TYPE_CHECKING:
    from bot.program.service import Check

log = logging.getLogger("bot")

GUILD_HELP = "the program's server id (default: GUILD_ID)"
MAX_PREVIEW_DAYS = 366
NO_TOKEN = (
    "No DISCORD_TOKEN is set, so Companion starts the local sandbox instead of connecting "
    "to Discord."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Companion: a Discord bot for intensive outpatient programs.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser(
        "run",
        help="start the bot (the local sandbox when DISCORD_TOKEN is not set)",
        description="Connect to Discord with DISCORD_TOKEN; without a token, start the sandbox.",
    )

    sandbox = sub.add_parser(
        "sandbox",
        help="run the bot against the local Discord-compatible sandbox",
        description="Start the loopback Discord server and the real bot. Without --script, open "
        "an interactive console; with --script, replay it and print a transcript "
        "(exit 0 all expectations held, 1 one failed, 2 the script is malformed).",
    )
    sandbox.add_argument("--script", metavar="FILE", help="conversation script to replay")
    sandbox.add_argument("--program", metavar="FILE", help="program file (TOML) to load first")
    sandbox.add_argument(
        "--database", metavar="PATH", help="database file (default: a temporary one)"
    )

    db = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser(
        "migrate", help="apply pending schema migrations", description="Apply pending migrations."
    )
    backup = db_sub.add_parser(
        "backup",
        help="copy the database safely, even while the bot runs",
        description="Copy the database with SQLite's online backup API to a new file.",
    )
    backup.add_argument("path", type=Path, help="the new backup file")
    db_sub.add_parser(
        "check",
        help="integrity check and schema version",
        description="Run SQLite's integrity check and compare the schema version with this code.",
    )

    invite = sub.add_parser(
        "invite",
        help="print the link that adds the bot to a server (no token needed)",
        description="Print the OAuth2 invite URL with the permissions Companion needs.",
    )
    invite.add_argument(
        "--application-id", metavar="ID", help="application id (default: DISCORD_APPLICATION_ID)"
    )

    moderate = sub.add_parser(
        "moderate",
        help="run the moderation rules offline over JSON lines",
        description="Read JSON lines (id, author, channel, content, optional timestamp) from "
        "FILE or stdin and print one verdict per line.",
    )
    moderate.add_argument("file", nargs="?", help="JSON lines file (default: stdin)")

    program = sub.add_parser(
        "program", help="program files (TOML)", description="Load, export or preview programs."
    )
    program_sub = program.add_subparsers(dest="program_command", required=True, metavar="ACTION")
    load = program_sub.add_parser(
        "load",
        help="validate a program file and store it (all or nothing)",
        description="Validate the whole file, report every problem with its location, and "
        "store it only when there is none.",
    )
    load.add_argument("file", help="program file (TOML)")
    load.add_argument("--guild", metavar="ID", help=GUILD_HELP)
    export = program_sub.add_parser(
        "export",
        help="print the stored program as a program file",
        description="Print the program as it stands, changes since the import included.",
    )
    export.add_argument("--guild", metavar="ID", help=GUILD_HELP)
    preview = program_sub.add_parser(
        "preview",
        help="check a program file and list the coming sessions",
        description="Validate a program file and list every participant's sessions.",
    )
    preview.add_argument("file", help="program file (TOML)")
    preview.add_argument(
        "--days", type=int, default=7, help=f"how many days to list, 1 to {MAX_PREVIEW_DAYS} (7)"
    )
    preview.add_argument(
        "--from", dest="start", type=date.fromisoformat, help="first day, YYYY-MM-DD (today)"
    )
    return parser


async def _run_discord(settings: Settings) -> int:
    # Start-up cost: each subcommand imports only what it runs; `db backup` or `program
    # preview` load neither discord.py nor every capability.
    from bot.app import CompanionBot
    from bot.kernel.discord_login import DiscordRunner

    # A fresh bot per attempt: one that failed half way through start-up is closed
    # whole before the next try (bot.kernel.discord_login).
    runner = DiscordRunner(lambda: CompanionBot(settings), settings.token.reveal())
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # close() shuts the scheduler down and closes the database before exiting.
        loop.add_signal_handler(signum, runner.stop)
    return await runner.run()


def _sandbox(script: str | None, program: str | None, database: str | None) -> int:
    # Start-up cost, and the sandbox stays apart: only this subcommand loads it.
    from bot.sandbox.cli import main as sandbox_main

    return sandbox_main(script=script, program=program, database=database)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"configuration: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)

    if args.command == "run":
        if not settings.has_token:
            print(NO_TOKEN, file=sys.stderr)
            return _sandbox(None, None, None)
        return asyncio.run(_run_discord(settings))
    if args.command == "sandbox":
        return _sandbox(args.script, args.program, args.database)
    if args.command == "db":
        return _db(args, settings)
    if args.command == "program":
        return _program(args, settings)
    if args.command == "invite":
        return _invite(args.application_id)
    if args.command == "moderate":
        return _moderate(args.file)
    raise AssertionError(args.command)


def _moderate(file: str | None) -> int:
    # Start-up cost: each subcommand loads only what it runs (the rule sets compile their
    # patterns at import). The moderator reads crisis with the crisis capability's
    # detector, handed in here as bot/app.py hands it to the running moderator.
    # The verdict reads the crisis tier; the concern tier is read after it, offline with
    # the whole detector (long-message model included).
    from bot.crisis.domain.crisis import detect_crisis_normalised, detect_crisis_tier
    from bot.moderation.cli import main as moderate_main

    return moderate_main(
        file,
        sys.stdin,
        sys.stdout,
        crisis=detect_crisis_tier,
        concern=detect_crisis_normalised,
    )


def _invite(application_id: str | None) -> int:
    # Start-up cost: only what this subcommand runs.
    from bot.ops.permissions import invite_cli

    return invite_cli(application_id, sys.stdout, sys.stderr)


def _program_checks() -> list[Check] | None:
    """The capabilities' own checks of a program file, as the running bot makes them
    (the questionnaires it names); None, with every problem said, when
    data/instruments.toml itself cannot be used."""
    # Start-up cost: only what this subcommand runs.
    from bot.measures.domain.instruments import InstrumentsError, load_instruments
    from bot.measures.domain.schedule import unknown_instruments

    try:
        instruments = load_instruments()
    except InstrumentsError as error:
        for problem in error.problems:
            print(f"error: data/instruments.toml: {problem}", file=sys.stderr)
        return None
    return [lambda program: unknown_instruments(program, instruments)]


def _program(args: argparse.Namespace, settings: Settings) -> int:
    # Start-up cost: only what this subcommand runs.
    from bot.program import cli as program_cli

    checks: list[Check] = []
    if args.program_command in ("load", "preview"):
        found = _program_checks()
        if found is None:
            return 1
        checks = found
    if args.program_command in ("load", "export"):
        guild_id = _program_guild(args.guild, settings)
        if guild_id is None:
            return 2
        if args.program_command == "load":
            return program_cli.load(
                args.file, settings.database_path, guild_id, sys.stdout, sys.stderr,
                checks=checks,
            )
        return program_cli.export(settings.database_path, guild_id, sys.stdout, sys.stderr)
    if not 1 <= args.days <= MAX_PREVIEW_DAYS:
        print(f"error: --days must be from 1 to {MAX_PREVIEW_DAYS}, got {args.days}",
              file=sys.stderr)
        return 2
    start = datetime.combine(args.start, time(), UTC) if args.start else None
    return program_cli.preview(
        args.file, args.days, sys.stdout, sys.stderr, now=start, checks=checks
    )


def _program_guild(given: str | None, settings: Settings) -> int | None:
    """The server a program belongs to: --guild, else GUILD_ID. Without either the
    program would be stored where the running bot never looks, so refuse."""
    if given is not None:
        try:
            return parse_guild_id(given)
        except ValueError as exc:
            print(f"error: --guild: {exc}", file=sys.stderr)
            return None
    if settings.guild_id is None:
        print(
            "error: which server is this program for? Set GUILD_ID in .env (the bot "
            "reads its program by server) or pass --guild ID; nothing was loaded.",
            file=sys.stderr,
        )
        return None
    return settings.guild_id


def _db(args: argparse.Namespace, settings: Settings) -> int:
    # Start-up cost: only what this subcommand runs.
    from bot.ops.dbtools import DbToolError, run_backup, run_check, run_migrate

    path = settings.database_path
    try:
        if args.db_command == "migrate":
            print(run_migrate(path))
            return 0
        if args.db_command == "backup":
            print(run_backup(path, args.path))
            return 0
        ok, line = run_check(path)
        print(line)
        return 0 if ok else 1
    except DbToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        print(f"error: cannot use the database {path}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
