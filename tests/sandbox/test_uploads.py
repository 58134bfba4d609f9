"""Files the bot attaches (a chart, a CSV, a program file) arrive at the sandbox."""

from __future__ import annotations

from bot.sandbox.rest import UploadedFile, multipart_form


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
