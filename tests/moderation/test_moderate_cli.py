"""``python -m bot moderate``: JSON lines in, one verdict per line out."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.crisis.domain.crisis import detect_crisis_normalised, detect_crisis_tier
from bot.moderation.cli import main


def run(lines: list[str]) -> tuple[int, list[dict]]:
    out = io.StringIO()
    status = main(
        None,
        io.StringIO("\n".join(lines) + "\n"),
        out,
        crisis=detect_crisis_tier,
        concern=detect_crisis_normalised,
    )
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def msg(ident, content, author="alex", channel="peer-support", timestamp=None) -> str:
    obj = {"id": ident, "author": author, "channel": channel, "content": content}
    if timestamp:
        obj["timestamp"] = timestamp
    return json.dumps(obj)


def test_good_input_gives_one_verdict_per_line_in_order():
    status, out = run(
        [
            msg("m1", "morning all, day 12"),
            msg("m2", "anyone got a plug"),
            msg("m3", "I want to end my life tonight"),
            msg("m4", "what's the lethal dose of tylenol"),
            msg(5, "call me 555-867-5309"),
        ]
    )
    assert status == 0
    assert out == [
        {"id": "m1", "categories": [], "action": "none"},
        {"id": "m2", "categories": ["drug_sourcing"], "action": "remove"},
        {"id": "m3", "categories": ["crisis"], "action": "support"},
        {"id": "m4", "categories": ["method_detail"], "action": "hold"},
        {"id": 5, "categories": ["personal_info"], "action": "remove"},
    ]


def test_the_concern_tier_is_a_check_in_that_never_removes_or_hides_a_removal():
    status, out = run(
        [
            msg("c1", "what's the point of living"),
            msg("c2", "kms"),
            msg("c3", "i feel like such a burden, anyone got a plug"),
            msg("c4", "you're not a burden, alex"),
        ]
    )
    assert status == 0
    assert out == [
        {"id": "c1", "categories": ["concern"], "action": "check_in"},
        {"id": "c2", "categories": ["crisis"], "action": "support"},
        {"id": "c3", "categories": ["concern", "drug_sourcing"], "action": "remove"},
        {"id": "c4", "categories": [], "action": "none"},
    ]


def test_malformed_lines_are_reported_and_the_run_goes_on():
    status, out = run(
        [
            "{not json",
            msg("a", "hello"),
            "[1, 2]",
            json.dumps({"id": "b", "author": "sam", "content": "hi"}),
            json.dumps({"id": "c", "author": "sam", "channel": "p", "content": 5}),
            msg("d", "hi", timestamp="yesterday at noon"),
            "",
            msg("e", "kys"),
        ]
    )
    assert status == 1
    assert out[0]["line"] == 1 and "not valid JSON" in out[0]["error"]
    assert out[1] == {"id": "a", "categories": [], "action": "none"}
    assert out[2] == {"line": 3, "error": "expected a JSON object"}
    assert out[3] == {"line": 4, "error": "missing field 'channel'"}
    assert out[4] == {"line": 5, "error": "'content' must be a string"}
    assert out[5]["line"] == 6 and "ISO 8601" in out[5]["error"]
    assert out[6] == {"id": "e", "categories": ["harassment"], "action": "remove"}


def test_flooding_is_judged_per_author_and_channel_from_timestamps():
    lines = [msg(i, "spam", timestamp=f"2026-11-27T10:00:0{i}Z") for i in range(5)] + [
        msg("other", "hi", author="sam", timestamp="2026-11-27T10:00:04Z")
    ]
    status, out = run(lines)
    assert status == 0
    # A first flood from a member in good standing is a private warning, not a timeout.
    assert [o["action"] for o in out] == ["none"] * 4 + ["warn", "none"]
    assert out[4]["categories"] == ["flooding"]


def test_warnings_earlier_in_the_file_escalate_to_a_timeout():
    lines = [
        msg(1, "kys", timestamp="2026-11-27T10:00:00+00:00"),
        msg(2, "you're pathetic", timestamp="2026-11-27T11:00:00+00:00"),
        msg(3, "nobody likes you", timestamp="2026-11-27T12:00:00+00:00"),
    ]
    _, out = run(lines)
    assert [o["action"] for o in out] == ["remove", "remove", "timeout"]


def test_the_same_input_gives_the_same_output(tmp_path: Path):
    path = tmp_path / "export.jsonl"
    path.write_text(
        "\n".join(msg(i, t) for i, t in enumerate(["hi", "kys", "selling percs"])) + "\n",
        encoding="utf-8",
    )
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        assert main(str(path), io.StringIO(), out, crisis=detect_crisis_tier) == 0
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 3


def test_a_missing_file_is_an_error_not_a_crash(tmp_path: Path):
    out = io.StringIO()
    missing = str(tmp_path / "nope.jsonl")
    assert main(missing, io.StringIO(), out, crisis=detect_crisis_tier) == 2
    assert out.getvalue() == ""


def test_a_first_flood_then_a_second_after_the_grace_is_a_timeout():
    first = [msg(f"a{i}", "spam", timestamp=f"2026-11-27T10:00:0{i}Z") for i in range(5)]
    second = [msg(f"b{i}", "spam", timestamp=f"2026-11-27T10:05:0{i}Z") for i in range(5)]
    status, out = run(first + second)
    assert status == 0
    assert [o["action"] for o in out] == ["none"] * 4 + ["warn"] + ["none"] * 4 + ["timeout"]


def test_an_out_of_range_timestamp_is_reported_by_line_and_the_run_goes_on():
    status, out = run(
        [
            msg("a", "kys", timestamp="0001-01-01T00:00:00-14:00"),
            msg("b", "kys", timestamp="9999-12-31T23:59:59+14:00"),
            msg("c", "anyone got a plug", timestamp="2026-11-27T10:00:00Z"),
        ]
    )
    assert status == 1
    assert out[0] == {"line": 1, "error": out[0]["error"]}
    assert "out of range" in out[0]["error"] and "0001-01-01" in out[0]["error"]
    assert out[1]["line"] == 2 and "out of range" in out[1]["error"]
    assert out[2] == {"id": "c", "categories": ["drug_sourcing"], "action": "remove"}


def test_binary_lines_in_a_file_are_reported_by_number_and_the_rest_still_run(tmp_path: Path):
    path = tmp_path / "export.jsonl"
    path.write_bytes(
        msg("a", "hello").encode()
        + b"\n\xff\xfe\x00\x01garbage\n"
        + b'{"id": "z", "author": "a", "channel": "p", "content": "x\x00y"}\n'.replace(
            b"\\x00", b"\x00"
        )
        + msg("b", "kys").encode()
        + b"\n"
    )
    out = io.StringIO()
    status = main(str(path), io.StringIO(), out, crisis=detect_crisis_tier)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 1
    assert lines[0]["id"] == "a"
    assert lines[1]["line"] == 2 and "UTF-8" in lines[1]["error"]
    assert lines[2]["line"] == 3 and "NUL" in lines[2]["error"]
    assert lines[3] == {"id": "b", "categories": ["harassment"], "action": "remove"}
