"""axe-core (installed from package-lock.json) finds no serious or critical violation on the
editor, the form view, the challenge and the proposal pages, log-in and sign-up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..factories import make_proposal

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(new_context):  # type: ignore[no-untyped-def]
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI: node_modules/axe-core is missing (./run test installs it)")
        pytest.skip("axe-core is not installed: run ./run test once")
    # axe is injected as a script of its own; the page's CSP rightly forbids that, so bypass it.
    return new_context(bypass_csp=True).new_page()


def serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_pages_have_no_serious_accessibility_violations(
    axe_page, running_challenge, cargo_challenge
):
    from cocreate.accounts.models import User

    author = User.objects.create_user(username="ava", email="ava@example.org", password="x" * 12)
    proposal = make_proposal(running_challenge, author)
    slug = running_challenge.slug
    for path in [
        f"/c/{slug}/toolkit/",
        f"/c/{slug}/toolkit/?form=1",
        f"/c/{slug}/",
        f"/c/{slug}/p/{proposal.pk}/",
        "/",
        f"/c/{cargo_challenge.slug}/toolkit/",
        f"/c/{cargo_challenge.slug}/",
        "/accounts/login/",
        "/accounts/signup/",
    ]:
        axe_page.goto(path)
        if "form=1" not in path and path.startswith(f"/c/{slug}/toolkit"):
            axe_page.locator("#editor svg g.part").first.wait_for()
        assert serious_violations(axe_page) == [], path
    axe_page.get_by_role("button", name="Sign up").click()  # refused: the summary and red messages
    axe_page.locator(".error-summary").wait_for()
    assert serious_violations(axe_page) == [], "a refused sign-up"
