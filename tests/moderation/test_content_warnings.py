"""Which topics a peer-channel message touches, what the ask says, and the stored lists
(never revealing who listed a topic)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.kernel.db.connection import Database
from bot.kernel.personal_data import Subject
from bot.moderation.content_warnings import nudge_text, topics_in
from bot.moderation.personal_data import CONTENT_WARNINGS
from bot.moderation.storage import content_warnings as cw_db

NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("I relapsed last night and got high", {"relapse"}),
        ("Thinking about cutting again", {"self-harm"}),
        ("Had a binge and then skipped dinner", {"eating"}),
        ("Group was great, two months sober", set()),
        ("||I relapsed last night|| but I'm back", set()),
        ("A flashback after the assault, then I got drunk", {"abuse", "alcohol"}),
        ("My sister carries naloxone now", {"overdose"}),
        ("I'm reading about the history of philosophy", set()),
    ],
)
def test_topics_are_found_outside_spoilers(text: str, topics: set[str]) -> None:
    assert topics_in(text) == topics


def test_the_private_ask_names_the_topics_and_mentions_nobody() -> None:
    text = nudge_text("<#900>", {"self-harm", "relapse"})
    assert text.startswith("A gentle ask about your message in <#900>")
    assert "**relapse and use details** and **self-harm**" in text
    assert "||this||" in text
    assert "Only you can see this note" in text
    assert "<@" not in text


@pytest.mark.asyncio
async def test_an_authors_own_topics_do_not_count_and_data_rights_cover_them(
    db: Database,
) -> None:
    assert await cw_db.add(db, 1, "self-harm", NOW)
    assert not await cw_db.add(db, 1, "self-harm", NOW)
    await cw_db.add(db, 2, "relapse", NOW)
    assert await cw_db.listed_by_others(db, 1) == {"relapse"}
    assert await cw_db.listed_by_others(db, 3) == {"self-harm", "relapse"}
    source = CONTENT_WARNINGS
    [row] = await source.export(db, Subject(1, None))
    assert row["topic"] == "self-harm"
    async with db.transaction() as conn:
        assert await source.erase(conn, Subject(1, "alex")) == 1
    assert await cw_db.topics_of(db, 1) == []
    assert await cw_db.topics_of(db, 2) == ["relapse"]
