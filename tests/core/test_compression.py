"""Pages go out gzipped to browsers that take it: a challenge page's cards carry inline SVG."""

from __future__ import annotations

import gzip

from ..factories import make_proposal


def test_a_challenge_page_is_gzipped_for_browsers_that_accept_it(client, challenge, resident):
    for number in range(12):
        make_proposal(challenge, resident, title=f"Proposal {number}")
    plain = client.get(f"/c/{challenge.slug}/")
    packed = client.get(f"/c/{challenge.slug}/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content)
    assert b"Proposal 11" in page and page.count(b"<svg") == plain.content.count(b"<svg")
    assert len(packed.content) * 5 < len(plain.content)
