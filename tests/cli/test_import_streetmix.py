"""`cocreate import-streetmix`: printing a design (through the console command's entry point,
in-process, plus one smoke test in a new interpreter) and submitting it as a proposal (through
`call_command`, against the test database)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from cocreate.challenges.models import Action
from cocreate.design import load_bundled
from cocreate.design.section.streetmix import import_street
from cocreate.proposals.models import Proposal

from ..factories import make_challenge
from .helpers import cocreate, cocreate_subprocess

COMMAND = "import_streetmix"  # Django's name; people type `cocreate import-streetmix`
FIXTURES = Path(__file__).parent.parent / "fixtures" / "streetmix"
DEFAULT = FIXTURES / "default-street-schema-35.json"
FEET = FIXTURES / "feet-schema-14.json"
DOMINION = FIXTURES / "dominion-road-schema-35.json"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return cocreate("import-streetmix", *args, stdin=stdin)


def test_a_street_file_prints_its_design_and_exits_0():
    """The smoke test: the console command in a new interpreter, as a shell runs it."""
    result = cocreate_subprocess("import-streetmix", str(DEFAULT))
    assert result.returncode == 0, result.stderr
    design = json.loads(result.stdout)
    toolkit = load_bundled().get("street-section")
    assert design == import_street(json.loads(DEFAULT.read_text()), toolkit)[0]
    assert design["length"] == 24.0 and len(design["parts"]) == 14
    assert toolkit.evaluate(design)["valid"] is True
    assert result.stderr.startswith("cocreate import-streetmix: note: ")


def test_standard_input_in_feet_and_quiet_notes():
    result = run("-v", "0", "-", stdin=FEET.read_text())
    assert result.returncode == 0
    assert result.stderr == ""
    design = json.loads(result.stdout)
    assert design["length"] == 24.384 and design["parts"][0]["width"] == 1.829


def test_the_toolkit_option_picks_an_extending_toolkit():
    result = run("--toolkit", "dominion-road", str(DOMINION))
    assert result.returncode == 0, result.stderr
    design = json.loads(result.stdout)
    assert design["toolkit"] == "dominion-road"
    assert load_bundled().get("dominion-road").evaluate(design)["valid"] is True


@pytest.mark.parametrize(
    ("stdin", "args", "says"),
    [
        ("{not json", [], "standard input: not JSON"),
        ("[" * 100_000, [], "nested too deeply"),
        ('{"name": "x"}', [], "expected a Streetmix street"),
        (
            '{"data": {"street": {"schemaVersion": 35, "width": 3, "segments": '
            '[{"type": "sidewalk", "width": "wide"}]}}}',
            [],
            'data.street.segments[0].width: expected a number of metres, got "wide"',
        ),
        ('{"segments": [], "width": 3}', ["--toolkit", "no-such-kit"], "no-such-kit"),
        ('{"segments": [], "width": 3}', ["--toolkit", "street-section@x"], "version"),
        ('{"segments": [], "width": 3}', ["--challenge", "dominion-road"], "--author"),
        (
            '{"segments": [], "width": 3}',
            ["--challenge", "x", "--author", "y", "--toolkit", "street-section"],
            "--toolkit",
        ),
    ],
)
def test_unreadable_input_exits_2_with_one_line_naming_what_and_where(stdin, args, says):
    result = run(*args, "-v", "0", "-", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert lines[0].startswith("cocreate import-streetmix: ")


def test_a_missing_file_exits_2(tmp_path: Path):
    result = run(str(tmp_path / "missing.json"))
    assert result.returncode == 2 and "missing.json" in result.stderr


def test_a_file_that_is_not_utf8_exits_2_naming_the_file(tmp_path: Path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "café"}'.encode("latin-1"))
    result = run(str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"cocreate import-streetmix: {path}: not UTF-8 text (byte 13)"


def test_a_bad_street_in_a_file_names_the_file(tmp_path: Path):
    path = tmp_path / "street.json"
    path.write_text('{"schemaVersion": 35, "width": -1, "segments": []}')
    result = run(str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"cocreate import-streetmix: {path}: street.width: the street width must be more than "
        "0 m, got -1 metres"
    )


# -- saving as a proposal (call_command: a command run as from a shell closes the connections) --


def submit(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(COMMAND, *args, stdout=out, stderr=err)
    return exited.value.code, out.getvalue(), err.getvalue()


def test_a_street_that_fits_the_challenge_becomes_a_proposal(challenge, resident):
    code, out, err = submit(str(DOMINION), "--challenge", challenge.slug, "--author", "resident")
    assert code == 0, err
    proposal = Proposal.objects.get()
    assert out.strip() == f"/c/{challenge.slug}/p/{proposal.pk}/"
    assert proposal.author == resident
    assert proposal.title == "Dominion Road at Balmoral, light rail"  # the street's name
    assert proposal.rationale == "Imported from a street designed in Streetmix."
    assert proposal.design["toolkit"] == "dominion-road"
    assert proposal.design["length"] == 21.0
    assert proposal.evaluation["valid"] is True


def test_title_and_why_options(challenge, resident):
    code, _out, err = submit(
        str(DOMINION),
        *("--challenge", challenge.slug, "--author", "resident"),
        *("--title", "Island platform", "--why", "Keeps both bike lanes."),
    )
    assert code == 0, err
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.rationale) == ("Island platform", "Keeps both bike lanes.")


def test_the_24_m_default_street_is_refused_on_the_21_m_road_with_the_rules_messages(
    challenge, resident
):
    code, out, err = submit(str(DEFAULT), "--challenge", challenge.slug, "--author", "resident")
    assert code == 1
    assert out == ""
    assert f'refused by challenge "{challenge.slug}"' in err
    assert "design: The parts add up to 24.00 m: 3.00 m more than the 21.00 m available." in err
    assert Proposal.objects.count() == 0


def test_an_unknown_challenge_or_author_exits_2(challenge, resident):
    code, _out, err = submit(str(DOMINION), "--challenge", "nowhere", "--author", "resident")
    assert code == 2 and err.strip().endswith('--challenge: no challenge with the slug "nowhere"')
    code, _out, err = submit(str(DOMINION), "--challenge", challenge.slug, "--author", "nobody")
    assert code == 2 and err.strip().endswith('--author: no user named "nobody"')
    assert Proposal.objects.count() == 0


def test_a_closed_phase_refuses_with_exit_1(owner, organization, resident):
    closed = make_challenge(owner, organization, slug="closed", actions=[Action.SUPPORT])
    code, _out, err = submit(str(DOMINION), "--challenge", closed.slug, "--author", "resident")
    assert code == 1
    assert "resident can't submit to closed now: Submitting is not open" in err
    assert Proposal.objects.count() == 0


def test_a_bad_street_for_a_challenge_exits_2_and_saves_nothing(challenge, resident, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"data": {"street": {"schemaVersion": 35, "width": 21, "segments": 3}}}')
    code, _out, err = submit(str(path), "--challenge", challenge.slug, "--author", "resident")
    assert code == 2
    assert "data.street.segments: expected an array of segments, got 3" in err
    assert Proposal.objects.count() == 0
