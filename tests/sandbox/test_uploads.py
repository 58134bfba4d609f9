"""Files the bot attaches (a chart, a CSV, a program file) arrive at the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.rest import UploadedFile, multipart_form
from bot.sandbox.runner import Runner
from bot.sandbox.script import parse_script
from tests.conftest import StartSandbox
from tests.sandbox.probe_bot import CHART


def test_multipart_form_keeps_json_and_files() -> None:
    boundary = "xyz"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="payload_json"\r\n'
        "Content-Type: application/json\r\n\r\n"
        '{"content": "Your chart"}\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="files[0]"; filename="progress.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
        "\x89PNG-bytes\r\n"
        f"--{boundary}--\r\n"
    ).encode("latin-1")
    form = multipart_form(body, f"multipart/form-data; boundary={boundary}")
    assert form["payload_json"] == '{"content": "Your chart"}'
    upload = form["files[0]"]
    assert isinstance(upload, UploadedFile)
    assert upload.filename == "progress.png"
    assert upload.file.read() == "\x89PNG-bytes".encode("latin-1")


@pytest.mark.e2e
@pytest.mark.asyncio
async def test_a_file_the_bot_sends_is_saved_and_named_in_the_transcript(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    folder = tmp_path / "run-files"
    sandbox = await start_sandbox(files_dir=folder)
    lines: list[str] = []
    runner = Runner(sandbox, emit=lines.append)
    await runner.run(parse_script(
        "member alex participant\n"
        "alex: /chart\n"
        'expect file dm alex "progress"\n'
        "expect 2 file dm alex\n"
    ))
    assert runner.result.exit_code == 0, "\n".join(lines)
    first, second = folder / "progress.png", folder / "progress-2.png"
    assert first.read_bytes() == second.read_bytes() == CHART
    transcript = "\n".join(lines)
    assert f"[file progress.png, 40 KB -> {first}]" in transcript
    assert f"[file progress.png, 40 KB -> {second}]" in transcript
