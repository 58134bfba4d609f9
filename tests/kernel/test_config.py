from pathlib import Path

import pytest

from bot.kernel.config import ConfigError, Secret, load_settings

TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


def test_defaults_need_no_token() -> None:
    settings = load_settings({})
    assert not settings.has_token
    assert settings.database_path == Path("data/companion.sqlite3")
    assert settings.guild_id is None
    assert settings.log_level == "INFO"
    assert settings.facilitator_role == "Facilitator"
    assert settings.channels.peer_support == ("peer-support",)


def test_valid_settings_are_read() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": TOKEN,
            "GUILD_ID": "123456789012345678",
            "LOG_LEVEL": "debug",
            "DATABASE_PATH": "/tmp/x.sqlite3",
            "FACILITATOR_ROLE": "Staff",
            "PEER_CHANNELS": "#peer-support, #alumni",
        }
    )
    assert settings.token.reveal() == TOKEN
    assert settings.guild_id == 123456789012345678
    assert settings.log_level == "DEBUG"
    assert settings.facilitator_role == "Staff"
    assert settings.channels.peer_support == ("peer-support", "alumni")


@pytest.mark.parametrize(
    "guild_id", ["abc", "12345", "-123456789012345678", "1234567890123456789012"]
)
def test_bad_guild_id_is_explained(guild_id: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"GUILD_ID": guild_id})
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("GUILD_ID must be the server's numeric id")


def test_unknown_log_level_lists_the_choices() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"LOG_LEVEL": "LOUD"})
    assert "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL" in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"LOG_LEVEL": "LOUD", "GUILD_ID": "x", "DISCORD_TOKEN": "not a token"})
    assert len(caught.value.problems) == 3


def test_malformed_token_is_reported_without_echoing_it() -> None:
    secret_looking = "hunter2 secret value"
    with pytest.raises(ConfigError) as caught:
        load_settings({"DISCORD_TOKEN": secret_looking})
    assert "DISCORD_TOKEN does not look like a bot token" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_token_is_hidden_in_repr_str_and_settings() -> None:
    settings = load_settings({"DISCORD_TOKEN": TOKEN})
    for text in (repr(settings), str(settings), f"{settings.token}", repr(settings.token)):
        assert TOKEN not in text
        assert "GhIjKl" not in text
    assert Secret("a") != Secret("b")


def test_dotenv_file_is_read_without_overriding_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LOG_LEVEL=WARNING\nFACILITATOR_ROLE=Counsellor\n")
    monkeypatch.setenv("LOG_LEVEL", "ERROR")
    monkeypatch.delenv("FACILITATOR_ROLE", raising=False)
    settings = load_settings(dotenv=env_file)
    assert settings.log_level == "ERROR"
    assert settings.facilitator_role == "Counsellor"
