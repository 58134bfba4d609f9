"""Crisis lines are written in one place: data/crisis_resources.toml, read by
bot/crisis/resources.py. Every other text takes them from there (the ``CrisisLines`` port,
set by the app at start-up), so a changed number is changed everywhere at once."""

from __future__ import annotations

import io
import re
import tokenize
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import app
from bot.crisis.resources import (
    DEFAULT_PATH,
    CrisisResourceError,
    CrisisResources,
    load_resources,
    parse_resources,
)
from bot.kernel import crisis_lines
from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.kernel.errors import generic_failure
from bot.privacy.service import notice_text
from cogs.ops.about import help_now

ROOT = Path(__file__).parents[2]
LOADER = ROOT / "bot" / "crisis" / "resources.py"
# The crisis detector's trained weights: a vocabulary the model scores, never text a
# person is shown, so words such as "hotline" in it are features, not crisis lines.
MODEL_WEIGHTS = ROOT / "bot" / "crisis" / "domain" / "model"
SCANNED = (".py", ".toml", ".sql", ".json", ".md", ".txt")

# Digits in groups, as phone numbers are written ("988", "116 123", "13 11 14").
NUMBER = re.compile(r"\d+(?: \d+)*")
# Any phone-number shape, whether or not the data file knows the line.
PHONE_SHAPE = re.compile(r"(?<![\w.])(?:\+?1[-. ])?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?!\w)")
# Words that name a crisis line in general.
LINE_WORDS = ("hotline", "helpline", "lifeline", "samaritans", "crisis text line")


def needles(resources: CrisisResources) -> list[re.Pattern[str]]:
    """Every number, name and address a person could dial or look up, from the data file."""
    found: set[str] = set()
    for region in resources.regions:
        found.update(NUMBER.findall(region.emergency))
        for line in region.resources:
            found.update(NUMBER.findall(line.how))
            found.add(line.name)
            found.update(re.findall(r"[\w.@-]+\.(?:org|com|ca|ie|uk|au)\b", line.how))
    # Not inside a longer number: "10,000" and "5_000_988" hold no emergency number.
    patterns = [
        re.compile(rf"(?<![\w.,]){re.escape(text)}(?!\w)", re.IGNORECASE) for text in found
    ]
    patterns += [re.compile(re.escape(word), re.IGNORECASE) for word in LINE_WORDS]
    patterns.append(PHONE_SHAPE)
    return patterns


def crisis_lines_in(text: str, patterns: list[re.Pattern[str]]) -> list[str]:
    return sorted({m.group(0) for p in patterns for m in p.finditer(text)})


def written_text(path: Path) -> str:
    """What a person could read from a file: all of a data file; a module's strings and
    comments (a number in code, like a rate limit's 999, is not text anyone reads)."""
    source = path.read_text("utf-8")
    if path.suffix != ".py":
        return source
    kinds = {tokenize.STRING, tokenize.COMMENT}
    kinds |= {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return "\n".join(token.string for token in tokens if token.type in kinds)


def test_no_module_outside_the_loader_writes_a_crisis_line() -> None:
    patterns = needles(load_resources())
    found: dict[str, list[str]] = {}
    for folder in ("bot", "cogs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in SCANNED or path == LOADER or "__pycache__" in path.parts:
                continue
            if path.is_relative_to(MODEL_WEIGHTS):
                continue
            hits = crisis_lines_in(written_text(path), patterns)
            if hits:
                found[str(path.relative_to(ROOT))] = hits
    assert found == {}, "crisis lines belong in data/crisis_resources.toml only"


def test_the_scan_finds_the_lines_it_looks_for() -> None:
    patterns = needles(load_resources())
    assert {"988", "116 123", "13 11 14", "741741", "000", "Samaritans"} <= set(
        crisis_lines_in(DEFAULT_PATH.read_text("utf-8"), patterns)
    )
    written = 'HELP = "call 1-800-273-8255 or the Trevor Lifeline, or 911"\n# dial 000\n'
    assert crisis_lines_in(written, patterns) == ["000", "1-800-273-8255", "911", "Lifeline"]
    # Numbers that are not crisis lines pass.
    harmless = "# past 10,000 requests; 5_000_988; 0x9880ff; 2,000 characters"
    assert crisis_lines_in(harmless, patterns) == []


def test_the_scan_reads_a_modules_strings_and_comments_not_its_numbers(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        'LIMIT = {"remaining": 999}\nTEXT = f"call {LIMIT} or 988"  # or text 741741\n',
        encoding="utf-8",
    )
    assert crisis_lines_in(written_text(module), needles(load_resources())) == ["741741", "988"]


def test_texts_outside_crisis_help_carry_the_lines_from_the_data_file() -> None:
    resources = load_resources()
    assert resources.everywhere() in help_now()
    # Where the reader's region is not known, every region's lines (not the US's alone).
    assert resources.everywhere() in generic_failure()
    assert resources.everywhere() in notice_text(90)
    assert "988" in help_now() and "13 11 14" in help_now() and "116 123" in generic_failure()


def test_a_summary_number_that_no_region_lists_is_refused() -> None:
    import tomllib

    with DEFAULT_PATH.open("rb") as handle:
        raw = tomllib.load(handle)
    raw["summary"]["short"] = "call or text 989 (US/Canada)"
    with pytest.raises(CrisisResourceError, match=r"\[summary\]: 'short' gives 989"):
        parse_resources(raw)


@pytest.mark.asyncio
async def test_the_app_sets_the_lines_before_any_cog_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crisis_lines, "_lines", None)
    with pytest.raises(RuntimeError, match="set at start-up"):
        crisis_lines.crisis_lines()
    bot = app.CompanionBot(
        Settings(database_path=tmp_path / "bot.sqlite3"),
        clock=SimulatedClock(datetime(2026, 12, 7, tzinfo=UTC)),
    )
    await bot.setup_hook()
    try:
        assert crisis_lines.crisis_lines() is bot.crisis.resources
    finally:
        await bot.close()
