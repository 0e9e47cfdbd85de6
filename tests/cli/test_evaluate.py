"""`cocreate evaluate`: the contract of exit codes and output, run in-process through the
console command's entry point, plus one smoke test in a new interpreter."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cocreate.design import load_bundled

from .helpers import cocreate, cocreate_subprocess


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return cocreate("evaluate", *args, stdin=stdin)


@pytest.fixture(scope="module")
def baseline() -> dict:
    toolkit = load_bundled().get("dominion-road")
    return toolkit.parse(toolkit.baseline)


def too_wide(design: dict) -> dict:
    wide = json.loads(json.dumps(design))
    wide["parts"][0]["width"] += 1
    return wide


def test_a_valid_file_prints_its_evaluation_and_exits_0(tmp_path: Path, baseline):
    """The smoke test: the console command in a new interpreter, as a shell runs it."""
    path = tmp_path / "design.json"
    path.write_text(json.dumps(baseline))
    result = cocreate_subprocess("evaluate", str(path))
    assert result.returncode == 0, result.stderr
    evaluation = json.loads(result.stdout)
    assert evaluation["valid"] is True
    assert evaluation == load_bundled().get("dominion-road").evaluate(baseline)


def test_an_error_finding_exits_1(baseline):
    result = run("-", stdin=json.dumps(too_wide(baseline)))
    assert result.returncode == 1
    evaluation = json.loads(result.stdout)
    assert evaluation["valid"] is False
    assert any(f["check"] == "fit" and f["severity"] == "error" for f in evaluation["findings"])


def test_toolkit_option_overrides_the_documents_own(baseline):
    plain = dict(baseline, toolkit="street-section")
    assert run("-", stdin=json.dumps(plain)).returncode == 0
    assert run("--toolkit", "dominion-road", "-", stdin=json.dumps(plain)).returncode == 0
    version = load_bundled().get("dominion-road").version
    result = run("--toolkit", f"dominion-road@{version}", "-", stdin=json.dumps(baseline))
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("stdin", "args", "says"),
    [
        ("{not json", [], "not JSON"),
        (
            '{"toolkit": "street-section", "parts": [{"type": "sidewalk", "width": "wide"}]}',
            [],
            "parts[0].width",
        ),
        ('{"toolkit": "no-such-kit", "parts": []}', [], "no-such-kit"),
        ("[1, 2]", [], "toolkit"),
        ("{}", ["--toolkit", "dominion-road@x"], "version"),
        ("{}", ["--toolkit", "dominion-road@\u00b2"], "version"),  # "²".isdigit() is true
        ("[" * 100_000, [], "nested too deeply"),
        ('{"toolkit": "a\\nb", "parts": []}', [], "toolkit"),  # a newline stays escaped
    ],
)
def test_unreadable_input_exits_2_with_one_line_naming_what_and_where(stdin, args, says):
    result = run(*args, "-", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr


def test_a_missing_file_exits_2(tmp_path: Path):
    result = run(str(tmp_path / "missing.json"))
    assert result.returncode == 2 and "missing.json" in result.stderr


def test_ndjson_prints_one_evaluation_per_line_and_the_worst_exit_code(baseline):
    lines = [json.dumps(baseline), json.dumps(too_wide(baseline)), ""]
    result = run("--ndjson", "-", stdin="\n".join(lines))
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["valid"] for e in out] == [True, False]
    result = run("--ndjson", "-", stdin="\n".join([json.dumps(baseline), "oops"]))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("cocreate evaluate: line 2: not JSON")


def test_a_file_that_is_not_utf8_exits_2_naming_the_file(tmp_path: Path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"toolkit": "café"}'.encode("latin-1"))
    result = run(str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"cocreate evaluate: {path}: not UTF-8 text (byte 16)"


def test_an_older_design_is_evaluated_by_todays_rules_after_migrating():
    # Version 1 of street-section knew no planting strips; version 2 merges them into dividers.
    toolkit = load_bundled().get("street-section")
    assert toolkit.version >= 2
    design = toolkit.parse(toolkit.baseline)
    design["version"] = 1
    divider = next(i for i, p in enumerate(design["parts"]) if p["type"] == "divider")
    design["parts"][divider] = {
        "type": "planting-strip",
        "width": design["parts"][divider]["width"],
    }
    result = run("-", stdin=json.dumps(design))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] is True


def test_a_configurator_design_is_evaluated_too():
    toolkit = load_bundled().get("cargo-bike")
    result = run("-", stdin=json.dumps(toolkit.parse(toolkit.baseline)))
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)["metrics"]) >= {"price", "range"}
