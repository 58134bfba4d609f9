"""Tab in the console completes what the line needs next: a member, a statement, a
channel, a slash command, its subcommand or its option."""

from __future__ import annotations

import pytest

from bot.sandbox.completion import CommandShape, Vocabulary, complete

VOCABULARY = Vocabulary(
    members=("alex", "casey", "rivera", "robin"),
    channels=("general", "peer-support"),
    commands={
        "coping": CommandShape.from_options([
            {"name": "situation", "type": 3}, {"name": "private", "type": 5}]),
        "closure": CommandShape.from_options([
            {"name": "add", "type": 1, "options": [{"name": "day", "type": 3},
                                                    {"name": "reason", "type": 3}]},
            {"name": "remove", "type": 1, "options": [{"name": "day", "type": 3}]},
        ]),
        "checkin": CommandShape.from_options([]),
    },
)


@pytest.mark.parametrize(
    ("line", "word", "offered"),
    [
        ("", "r", ["restart", "rivera", "robin"]),
        ("", "adv", ["advance"]),
        ("alex ", "c", ["clicks"]),
        ("alex in ", "#pe", ["#peer-support:"]),
        ("alex: ", "/c", ["/checkin", "/closure", "/coping"]),
        ("alex in #general: ", "/co", ["/coping"]),
        ("alex: /coping ", "", ["private:", "situation:"]),
        ("alex: /coping situation:craving ", "", ["private:"]),
        ("rivera: /closure ", "", ["add", "remove"]),
        ("rivera: /closure add ", "", ["day:", "reason:"]),
        ("rivera: /closure add day:2026-12-09 ", "re", ["reason:"]),
        ("expect ", "d", ["deleted", "dm"]),
        ("expect no dm ", "a", ["alex"]),
        ("expect file ", "#g", ["#general"]),
        ("advance ", "", ["to"]),
        ("member sky ", "p", ["participant", "peer"]),
        ("alex: hello ", "th", []),
    ],
)
def test_tab_offers_what_fits_here(line: str, word: str, offered: list[str]) -> None:
    assert complete(VOCABULARY, line, word) == offered
