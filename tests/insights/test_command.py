"""`cocreate insights designs|lead-users`: NDJSON in, one JSON object out, exit codes as
`cocreate evaluate` (0 done, 2 unreadable input), a bad line reported by number and skipped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from cocreate.design import load_bundled
from cocreate.insights.analysis.designs import Item
from cocreate.insights.analysis.ndjson import design_items, proposals

ROAD = load_bundled().get("dominion-road")


def run(tmp_path: Path, *args: str, text: str) -> tuple[int, str, str]:
    path = tmp_path / "input.ndjson"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("insights", *args, str(path), stdout=out, stderr=err)
    return int(exit_.value.code or 0), out.getvalue(), err.getvalue()


def test_design_lines_wrapped_bare_and_bad() -> None:
    baseline = json.dumps(ROAD.baseline)
    text = "\n".join(
        [
            f'{{"id": "p-1", "design": {baseline}, "support": 4}}',
            baseline,  # a bare design: its id is its line number
            "{not json",
            "",
            f'{{"id": "p-1", "design": {baseline}}}',
            f'{{"id": true, "design": {baseline}}}',
            f'{{"id": 7, "design": {baseline}, "support": -1}}',
            '{"id": 8, "design": [1]}',
            "[1, 2]",
        ]
    )
    items, lines, problems = design_items(text)
    assert items == [Item("p-1", ROAD.baseline or {}, 4.0), Item("2", ROAD.baseline or {}, 1.0)]
    assert lines == {"p-1": 1, "2": 2}
    assert [p.split(":")[0] for p in problems] == [
        "line 3",
        "line 5",
        "line 6",
        "line 7",
        "line 8",
        "line 9",
    ]
    assert "is on line 1 too" in problems[1]


def test_proposal_lines() -> None:
    good: dict[str, Any] = {
        "id": "a",
        "author": "ana",
        "created_at": "2026-03-01T09:30:00Z",
        "parent": None,
        "design": {},
    }
    lines = [
        good,
        {
            **good,
            "id": 2,
            "parent": "a",
            "supporters": ["bo"],
            "created_at": "2026-03-02T10:00:00+13:00",
        },
        {**good, "id": "c", "created_at": "2026-03-01T09:30:00"},  # no time zone
        {**good, "id": "d", "author": ""},
        {**good, "id": "e", "supporters": "bo"},
        {**good, "id": "f", "design": None},
        good,  # the same id again
    ]
    read, problems = proposals("\n".join(json.dumps(line) for line in lines))
    assert [p.id for p in read] == ["a", "2"]
    assert read[0].created_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert read[1].parent == "a" and read[1].supporters == ("bo",)
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert "time zone" in problems[0]


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "designs", "--toolkit", "no-such-kit", text="{}")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "unknown toolkit" in err
    err_stream = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "insights",
            "lead-users",
            str(tmp_path / "missing.ndjson"),
            stdout=StringIO(),
            stderr=err_stream,
        )
    assert exit_.value.code == 2 and "missing.ndjson" in err_stream.getvalue()


def test_not_utf8_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ndjson"
    path.write_bytes(b'{"id": "caf\xe9"}\n')
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("insights", "designs", "--toolkit", "dominion-road", str(path), stderr=err)
    assert exit_.value.code == 2 and "not UTF-8" in err.getvalue()


def test_every_bad_line_is_reported_and_nothing_left_is_unreadable(tmp_path: Path) -> None:
    bad_width = json.dumps(
        {"toolkit": "dominion-road", "parts": [{"type": "sidewalk", "width": "wide"}]}
    )
    code, out, err = run(
        tmp_path, "designs", "--toolkit", "dominion-road", text=f"oops\n{bad_width}\n"
    )
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith("cocreate insights: line 1: not JSON")
    assert lines[1].startswith("cocreate insights: line 2: parts[0].width")
    assert lines[2] == "cocreate insights: no design could be read: nothing to analyse"


def test_designs_prints_the_contract(tmp_path: Path) -> None:
    baseline = ROAD.baseline or {}
    wide = json.loads(json.dumps(baseline))
    wide["parts"][0]["width"] = 2.6
    wide["parts"][-1]["width"] = 1.6
    lines = [{"id": "a", "design": baseline}, {"id": "b", "design": wide, "support": 3}]
    text = "".join(json.dumps(line) + "\n" for line in lines) + "bad\n"
    code, out, err = run(tmp_path, "designs", "--toolkit", "dominion-road", text=text)
    assert code == 0 and err.startswith("cocreate insights: line 3: not JSON")
    result = json.loads(out)
    assert result["count"] == 2
    assert {"added", "removed", "wider", "narrower"} <= set(result["changes"]["sidewalk"])
    assert sum(round(m * 1000) for m in result["allocation"].values()) == ROAD.length_mm
    assert result["consensus"]["valid"] is True and "design" in result["consensus"]
    members = sorted(m for school in result["schools"] for m in school["members"])
    assert members == ["a", "b"]
    assert all(
        {"id", "members", "medoid", "share", "support", "summary"} <= set(s)
        for s in result["schools"]
    )


def test_lead_users_prints_a_ranking(tmp_path: Path) -> None:
    line = {
        "id": "a",
        "author": "ana",
        "created_at": "2026-03-01T09:30:00Z",
        "parent": None,
        "design": ROAD.baseline,
    }
    code, out, err = run(tmp_path, "lead-users", text=json.dumps(line) + "\n[]\n")
    assert code == 0 and err == "cocreate insights: line 2: expected a JSON object\n"
    ranking = json.loads(out)["ranking"]
    assert isinstance(ranking, list)
    assert all({"author", "score", "evidence"} <= set(row) for row in ranking)
