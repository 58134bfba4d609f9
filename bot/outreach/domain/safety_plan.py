"""The personal safety plan (the Stanley-Brown Safety Planning Intervention): seven short
sections in the person's own words. Pure: the sections, their limits, and how a plan
reads back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# What one section may hold. The edit modal's field allows exactly this much, and the
# service refuses anything longer with the count (and gives the text back), so what a
# person is allowed to type is what is kept, never silently cut.
SECTION_CHARS = 1000


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str  # the modal field's label (Discord allows 45 characters)
    hint: str  # the placeholder: what goes here


SECTIONS = (
    Section(
        "warning_signs",
        "My warning signs",
        "My warning signs",
        "Thoughts, moods, situations that tell me a crisis may be coming",
    ),
    Section(
        "on_my_own",
        "Things I can do on my own",
        "Things I can do on my own",
        "What takes my mind off things without contacting anyone",
    ),
    Section(
        "distractions",
        "People and places that take my mind off things",
        "People and places that distract me",
        "Friends, places, groups where I feel better",
    ),
    Section(
        "helpers",
        "People I can ask for help",
        "People I can ask for help",
        "Names and how to reach them",
    ),
    Section(
        "professionals",
        "Professionals and crisis lines",
        "Professionals and crisis lines",
        "My program, my clinician, crisis lines",
    ),
    Section(
        "safer_surroundings",
        "Making my surroundings safer",
        "Making my surroundings safer",
        "What I can put away or ask someone to keep",
    ),
    Section(
        "reasons",
        "My reasons for living",
        "My reasons for living",
        "What matters most to me",
    ),
)
BY_KEY = {s.key: s for s in SECTIONS}


class TooLong(ValueError):
    """A section longer than ``SECTION_CHARS``; the message says by how much."""

    def __init__(self, section: Section, text: str) -> None:
        super().__init__(
            f"**{section.title}** is {len(text):,} characters; a section can hold "
            f"{SECTION_CHARS:,}. Nothing was saved. Here is what you wrote, so you can "
            "shorten it and try again:"
        )
        self.text = text


def check_section(key: str, text: str) -> str | None:
    """The text to keep (exactly as written), or None to clear the section (blank)."""
    section = BY_KEY.get(key)
    if section is None:
        raise KeyError(key)
    if not text.strip():
        return None
    if len(text) > SECTION_CHARS:
        raise TooLong(section, text)
    return text


MESSAGE_CHARS = 1900


def render_plan(
    owner: str, written: Mapping[str, str], prefilled: Mapping[str, str] | None = None
) -> list[str]:
    """The plan as its owner (or a facilitator it was shared with) reads it, in as many
    messages as it needs (a section is never split). Sections left empty say so;
    ``prefilled`` fills an empty section (the program's contact and the person's crisis
    lines), marked as such."""
    blocks = [f"**{owner} safety plan**"]
    for number, section in enumerate(SECTIONS, 1):
        if written.get(section.key):
            body = written[section.key]
        elif prefilled and prefilled.get(section.key):
            body = f"{prefilled[section.key]}\n*(filled in from your program; edit it any time)*"
        else:
            body = "*(not written yet)*"
        blocks.append(f"**{number}. {section.title}**\n{body}")
    messages: list[str] = []
    current = ""
    for block in blocks:
        if current and len(current) + 2 + len(block) > MESSAGE_CHARS:
            messages.append(current)
            current = block
        else:
            current = f"{current}\n\n{block}" if current else block
    messages.append(current)
    return messages
