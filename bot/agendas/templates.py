"""Agenda templates: the shipped ones (data/agenda_templates.toml, checked at start-up)
and those facilitators saved (/agenda template save)."""

from __future__ import annotations

from pathlib import Path

from bot.agendas import storage as agenda_db
from bot.agendas.domain import (
    AgendaContent,
    AgendaError,
    AgendaTemplate,
    parse_templates,
    template_key,
)
from bot.kernel.clock import Clock
from bot.kernel.db.connection import Database
from bot.kernel.paths import DATA_DIR

TEMPLATES_FILE = DATA_DIR / "agenda_templates.toml"


class AgendaTemplates:
    def __init__(self, db: Database, clock: Clock, templates_file: Path = TEMPLATES_FILE) -> None:
        self.db = db
        self.clock = clock
        self._shipped = parse_templates(templates_file.read_text("utf-8"), templates_file.name)

    async def all(self) -> list[AgendaTemplate]:
        """The shipped templates, then the facilitators' own."""
        return [*self._shipped, *await agenda_db.templates(self.db)]

    async def find(self, key: str) -> AgendaTemplate:
        wanted = key.strip().lower()
        for candidate in await self.all():
            if wanted in (candidate.key, candidate.name.lower()):
                return candidate
        raise AgendaError(f'There is no agenda template "{key}": pick one from the list.')

    async def save(self, name: str, content: AgendaContent, by: int | None) -> bool:
        """Save a facilitator's template (True: new; False: replaced their earlier one)."""
        key = template_key(name)
        if any(t.key == key for t in self._shipped):
            raise AgendaError(
                f'"{name.strip()}" is the name of a shipped template: choose another name.'
            )
        template = AgendaTemplate(key, name.strip(), content, shipped=False)
        return await agenda_db.save_template(self.db, template, by, self.clock.now())
