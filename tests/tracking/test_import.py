"""Importing progress from a CSV: checked row by row, previewed, then all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cocreate.audit.models import AuditEntry
from cocreate.tracking.models import Progress, ProgressEntry

from ..factories import make_challenge, make_proposal
from ..html import parse
from .conftest import answer, refusals

HEADER = "proposal,date,title,text,percent\n"


def _url(challenge) -> str:
    return f"/manage/{challenge.organization.slug}/c/{challenge.slug}/progress/import/"


def _file(text: str | bytes, name: str = "progress.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _preview(client, challenge, text):
    return client.post(_url(challenge), {"op": "preview", "file": _file(text)})


def test_preview_then_import(client, owner, challenge, accepted):
    client.force_login(owner)
    text = (
        HEADER
        + f'{accepted.pk},2025-03-31,Consultation closed,"412 answers, mostly yes",10\n'
        + f"{accepted.pk},2025-06-02,Works start,Cones out,\n"
    )
    response = _preview(client, challenge, text)
    assert response.status_code == 200
    page = parse(response)
    rows = page.select("table.import-rows tbody tr")
    assert [r.select("td")[0].text for r in rows] == ["2", "3"]
    assert not ProgressEntry.objects.exists()  # a preview adds nothing
    form = page.button("Import").parent
    assert form.one("textarea[name=csv]").data == text
    response = client.post(_url(challenge), {"op": "import", "csv": text, "idempotency_key": "one"})
    assert response.status_code == 302
    client.post(_url(challenge), {"op": "import", "csv": text, "idempotency_key": "one"})
    assert list(ProgressEntry.objects.values_list("title", flat=True)) == [
        "Consultation closed",
        "Works start",
    ]
    assert Progress.objects.get(proposal=accepted).percent == 10
    assert AuditEntry.objects.filter(action="tracking.progress_import").count() == 1


def test_every_bad_row_is_named_by_line_and_nothing_is_imported(
    client, owner, organization, challenge, accepted, resident
):
    waiting = make_proposal(challenge, resident, title="Not answered")
    elsewhere = make_challenge(owner, organization, slug="k-road")
    theirs = answer(owner, make_proposal(elsewhere, resident, title="Elsewhere"))
    ok = f"{accepted.pk},2025-01-01,Fine,ok,\n"
    text = (
        HEADER
        + ok
        + "99999,2025-01-01,Ghost,x,\n"
        + f"{theirs.pk},2025-01-01,Wrong challenge,x,\n"
        + f"{waiting.pk},2025-01-01,Waiting,x,\n"
        + f"{accepted.pk},2025-02-30,Bad date,x,\n"
        + f"{accepted.pk},31/01/2025,Bad format,x,\n"
        + f"{accepted.pk},2025-01-01,Too far,x,101\n"
        + f"{accepted.pk},2025-01-01,Not a number,x,NaN\n"
        + f"{accepted.pk},2025-01-01,Huge,x,{'9' * 400}\n"
        + f'{accepted.pk},2025-01-01,Long,"{"y" * 10_001}",\n'
        + f"{accepted.pk},2025-01-01,Bell\x07,x,\n"
        + f"{'9' * 30},2025-01-01,Huge id,x,\n"
        + f"{accepted.pk},2025-01-01,,no title,\n"
    )
    client.force_login(owner)
    page = parse(_preview(client, challenge, text))
    problems = {
        int(tr.select("td")[0].text): tr.select("td")[1].text
        for tr in page.select("table.import-problems tbody tr")
    }
    assert sorted(problems) == list(range(3, 15))
    assert "no proposal 99999" in problems[3]
    assert "another challenge" in problems[4]
    assert "not accepted" in problems[5]
    assert "YYYY-MM-DD" in problems[6] and "YYYY-MM-DD" in problems[7]
    assert all("0 to 100" in problems[n] for n in (8, 9, 10))
    assert "10,000" in problems[11]
    assert "control character" in problems[12]
    assert "not a proposal id" in problems[13]
    assert "title" in problems[14]
    assert page.select("button")[-1].text != "Import"  # no Import button while rows are bad
    response = client.post(_url(challenge), {"op": "import", "csv": text.replace("\x07", "")})
    assert response.status_code == 400
    assert "Line 3: proposal: there is no proposal 99999." in refusals(response)
    assert not ProgressEntry.objects.exists() and not Progress.objects.exists()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ((HEADER + "1,2025-01-01,x,y,\n" * 10_000).encode(), "at most"),
        (("proposal,date,title,text\n" + "1,2025-01-01,x,y\n" * 2_001).encode(), "2,000 rows"),
        ("proposal,date,title,text\n1,2025-01-01,Café,y\n".encode("latin-1"), "UTF-8"),
        (b"proposal,title,text\n1,x,y\n", "date"),
        (b"", "empty"),
        (b"proposal,date,title,text\n1,2025-01-01,x\x00,y\n", "NUL"),
        (b"\xff\xfe" + "proposal,date,title,text\n".encode("utf-16-le"), "UTF-8"),
    ],
)
def test_a_file_that_is_no_progress_csv_is_refused_whole(client, owner, challenge, data, says):
    client.force_login(owner)
    response = client.post(_url(challenge), {"op": "preview", "file": _file(data)})
    assert response.status_code == 400
    assert says in refusals(response)
    assert not ProgressEntry.objects.exists()


def test_a_formula_is_kept_as_text_never_run(client, owner, challenge, accepted):
    text = HEADER + f'{accepted.pk},2025-01-01,=cmd|\' /C calc\'!A0,"=HYPERLINK(""x"")",\n'
    client.force_login(owner)
    response = client.post(_url(challenge), {"op": "import", "csv": text})
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert entry.title == "=cmd|' /C calc'!A0"
    assert entry.text == '=HYPERLINK("x")'
    page = parse(client.get(f"/c/{challenge.slug}/p/{accepted.pk}/"))
    assert page.one("#progress ol.timeline h3").text == "=cmd|' /C calc'!A0"


def test_only_staff_import(client, challenge, resident, reviewer, accepted):
    text = HEADER + f"{accepted.pk},2025-01-01,x,y,\n"
    for person, status in ((resident, 404), (reviewer, 403)):
        client.force_login(person)
        assert client.post(_url(challenge), {"op": "import", "csv": text}).status_code == status
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_import_preview_in_constant_queries(
    client, owner, challenge, resident, django_assert_num_queries, rows
):
    proposals = [
        answer(owner, make_proposal(challenge, resident, title=f"P{n}")) for n in range(rows)
    ]
    text = HEADER + "".join(f"{p.pk},2025-01-01,Step,x,5\n" for p in proposals)
    client.force_login(owner)
    with django_assert_num_queries(6):
        response = _preview(client, challenge, text)
    assert len(parse(response).select("table.import-rows tbody tr")) == rows


def test_the_command_imports_or_names_every_bad_row(tmp_path, challenge, accepted, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"{accepted.pk},2025-01-01,Works start,x,20\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_progress", str(good), challenge=challenge.slug, stdout=out)
    assert "Imported 1 entries" in out.getvalue()
    assert Progress.objects.get().percent == 20
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "1x,2025-01-01,a,b,\n0,2025-01-01,a,b,101\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_progress", str(bad), challenge=challenge.slug, stderr=err)
    assert exit_.value.code == 2
    lines = err.getvalue().strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines] == ["Line 2", "Line 3"]
    assert ProgressEntry.objects.count() == 1
    with pytest.raises(SystemExit) as exit_:
        call_command("import_progress", str(good), challenge="nope", stderr=io.StringIO())
    assert exit_.value.code == 2
