"""Import from Streetmix and Export for Streetmix, in the editor."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "streetmix"


def test_import_a_streetmix_street_then_export_it(page, running_challenge, tmp_path):
    page.goto(f"/c/{running_challenge.slug}/toolkit/")
    parts = page.locator("#editor svg g.part")
    expect(parts.first).to_be_visible()
    street = sorted(FIXTURES.glob("*.json"))[0]
    page.get_by_label("A street saved from Streetmix (.json)").set_input_files(str(street))
    page.get_by_role("button", name="Import from Streetmix").click()
    expect(page.locator(".editor-notice")).to_contain_text("Imported from Streetmix.")
    segments = json.loads(street.read_text())
    segments = segments.get("data", {}).get("street") or segments.get("street") or segments
    expect(parts).to_have_count(len(segments["segments"]))

    with page.expect_download() as download:
        page.get_by_role("link", name="Export for Streetmix").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["schemaVersion"] == 35
    assert [s["type"] for s in exported["segments"]] == [s["type"] for s in segments["segments"]]


def test_a_file_that_is_not_a_street_says_so(new_context, running_challenge, tmp_path):
    # Its own page: the refused upload (HTTP 400) is a console error the shared fixture refuses.
    page = new_context().new_page()
    page.goto(f"/c/{running_challenge.slug}/toolkit/")
    expect(page.locator("#editor svg g.part").first).to_be_visible()
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}')
    page.get_by_label("A street saved from Streetmix (.json)").set_input_files(str(bad))
    page.get_by_role("button", name="Import from Streetmix").click()
    expect(page.locator(".editor-notice .error")).to_contain_text("Streetmix street")
