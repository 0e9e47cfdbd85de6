"""The pure trust and rate-limit policy."""

from __future__ import annotations

import ast
import pathlib

import pytest

from cocreate.moderation import limits

DAY = 24 * 3600


def test_module_imports_no_django():
    source = pathlib.Path(limits.__file__).read_text()
    names = {
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert not any(n.startswith(("django", "cocreate")) for n in names)


@pytest.mark.parametrize(
    ("age", "contributions", "new"),
    [(DAY - 1, 10, True), (DAY, 2, True), (DAY, 3, False), (10 * DAY, 0, True)],
)
def test_new_account(age, contributions, new):
    assert limits.is_new_account(joined_at=0, now=age, accepted_contributions=contributions) is new


def test_new_accounts_share_a_post_bucket():
    proposal = limits.limits_for("proposal", new_account=True)
    comment = limits.limits_for("comment", new_account=True)
    assert proposal[0] == comment[0] == limits.Limit("new_post", 3)
    assert limits.limits_for("comment", new_account=False) == (limits.Limit("comment", 20),)
    assert limits.limits_for("support", new_account=True) == (limits.Limit("support", 60),)
    assert limits.limits_for("signup", new_account=True) == (limits.Limit("signup", 5, by="ip"),)


def test_unknown_action():
    with pytest.raises(ValueError, match="unknown action"):
        limits.limits_for("teleport", new_account=False)


def test_links():
    assert not limits.links_allowed(new_account=True)
    assert limits.links_allowed(new_account=False)
    for text in ["see https://x.test", "www.spam.test", "buy at pills.com now"]:
        assert limits.contains_link(text), text
    for text in ["a 3.5 m lane", "e.g. trees", "@person hi"]:
        assert not limits.contains_link(text), text


def test_fixed_windows():
    assert limits.window_start(7199.9, 3600) == 3600
    assert limits.window_start(7200, 3600) == 7200
    assert limits.retry_after(3600 + 600, 3600) == 3000
