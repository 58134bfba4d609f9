"""Loading the coping cog: a broken library stops start-up and names every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

import cogs.coping.coping
from bot.coping.domain.library import LibraryError, load_library

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
    monkeypatch.setattr(cogs.coping.coping, "load_library", lambda: load_library(path))

    class NoBot:  # setup must fail before it touches the bot
        pass

    with pytest.raises(LibraryError) as caught:
        await cogs.coping.coping.setup(NoBot())  # type: ignore[arg-type]
    text = str(caught.value)
    assert "line 2:" in text and "steps: needs 2-6 steps, found 1" in text
    assert "line 10:" in text and "id: use lowercase words" in text
    assert "minutes: must be 1-60, found 90" in text
    assert "unknown 'panicking'" in text
    assert "cannot be used" in caplog.text
