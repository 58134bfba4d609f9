"""Loading coping (bot/app.py builds the service): a broken library stops start-up and
names every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.app
from bot.app import CompanionBot
from bot.coping.domain.library import LibraryError, load_library
from bot.kernel.config import Settings

BROKEN = """
[[skill]]
id = "walk-it-off"
title = "Walk it off"
steps = ["Walk."]
minutes = 5
situations = ["craving"]
source = "Group"

[[skill]]
id = "Bad Id"
title = "Breathe"
steps = ["In.", "Out."]
minutes = 90
situations = ["panicking"]
source = "Group"
"""


@pytest.mark.asyncio
async def test_a_broken_library_stops_the_cog_with_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "coping_tips.toml"
    path.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setattr(bot.app, "load_library", lambda: load_library(path))
    companion = CompanionBot(Settings(database_path=tmp_path / "bot.sqlite3"))
    try:
        with pytest.raises(LibraryError) as caught:
            await companion.setup_hook()
    finally:
        await companion.close()
    text = str(caught.value)
    assert "line 2:" in text and "steps: needs 2-6 steps, found 1" in text
    assert "line 10:" in text and "id: use lowercase words" in text
    assert "minutes: must be 1-60, found 90" in text
    assert "unknown 'panicking'" in text
    assert "cannot be used" in caplog.text
