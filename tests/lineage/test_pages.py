"""The remix tree and compare pages: content, privacy, bad input, constant query counts."""

from __future__ import annotations

import copy
import re

import pytest

from cocreate.challenges.models import Visibility
from cocreate.lineage.selectors import lineage_of
from cocreate.proposals.models import Proposal

from ..factories import UserFactory, make_challenge, make_proposal
from ..html import parse


def narrower(challenge):
    """The baseline with its first footpath 0.5 m narrower and a divider of 0.5 m added before
    the last footpath: valid, with a new width warning."""
    design = copy.deepcopy(challenge.baseline)
    design["parts"][0]["width"] = 1.6
    design["parts"].insert(len(design["parts"]) - 1, {"type": "divider", "width": 0.5})
    return design


def chain(challenge, author, n, parent=None):
    made = []
    for i in range(n):
        parent = make_proposal(challenge, author, title=f"Remix {i}", parent=parent)
        made.append(parent)
    return made


# lineage ------------------------------------------------------------------------------------


def test_lineage_selector_finds_ancestors_and_all_descendants(challenge, resident):
    root = make_proposal(challenge, resident, title="Root")
    middle = make_proposal(challenge, resident, title="Middle", parent=root)
    other_branch = make_proposal(challenge, resident, title="Sibling", parent=root)
    child = make_proposal(challenge, resident, title="Child", parent=middle)
    grandchild = make_proposal(challenge, resident, title="Grandchild", parent=child)
    second_child = make_proposal(challenge, resident, title="Second child", parent=middle)
    make_proposal(challenge, resident, title="Unrelated")
    tree = lineage_of(challenge=challenge, pk=middle.pk, user=resident)
    assert [p.pk for p in tree.ancestors] == [root.pk]
    assert tree.descendant_count == 3
    order = [(row.proposal.pk if row.proposal else None, row.depth) for row in tree.rows]
    assert order == [
        (None, 0),
        (root.pk, 1),
        (middle.pk, 2),
        (child.pk, 3),
        (grandchild.pk, 4),
        (second_child.pk, 3),
    ]
    assert other_branch.pk not in {pk for pk, _ in order}
    assert [row.current for row in tree.rows].count(True) == 1
    # every nested list opened is closed
    opened = sum(row.has_children for row in tree.rows)
    assert opened == sum(len(row.closes) for row in tree.rows)


def test_lineage_page_draws_the_tree_as_nested_lists(client, challenge, resident, other):
    root = make_proposal(challenge, resident, title="Root idea")
    middle = make_proposal(challenge, other, title="Middle idea", parent=root)
    leaf = make_proposal(challenge, resident, title="Leaf idea", parent=middle)
    response = client.get(f"/c/{challenge.slug}/p/{middle.pk}/lineage/")
    assert response.status_code == 200
    html = response.content.decode()
    # every list opened is closed: the tree's markup needs no end tag a browser would infer
    assert html.count("<ul") == html.count("</ul>")
    assert len(re.findall(r"<li[ >]", html)) == html.count("</li>")
    tree = parse(response).one("ul.lineage-tree")
    cards = tree.select("li.lineage-node > div.lineage-card")
    # each card one list deeper than its parent's, in document order
    depths = [sum(a.tag == "ul" for a in card.ancestors()) - 1 for card in cards]
    titles = [card.one("a.title").text for card in cards]
    assert list(zip(titles, depths, strict=True)) == [
        ("Proposed design", 0),
        ("Root idea", 1),
        ("Middle idea", 2),
        ("Leaf idea", 3),
    ]
    current = tree.one("[aria-current=page]")
    assert current.one("a.title").text == "Middle idea"
    assert current.one(".meta").text == "by other · 0 supporters"
    base = f"/c/{challenge.slug}"
    assert [card.one("a.title")["href"] for card in cards] == [
        f"{base}/",
        *(f"{base}/p/{p.pk}/" for p in (root, middle, leaf)),
    ]
    assert [link["href"] for link in tree.select("a.compare-link")] == [
        f"{base}/compare/?a=baseline&b={root.pk}",
        f"{base}/compare/?a={root.pk}&b={middle.pk}",
        f"{base}/compare/?a={middle.pk}&b={leaf.pk}",
    ]
    # stored thumbnails, the baseline's included
    assert all(len(card.select("a.thumb > svg")) == 1 for card in cards)


def test_lineage_404s(client, challenge, owner, organization, resident):
    proposal = make_proposal(challenge, resident)
    elsewhere = make_challenge(owner, organization, slug="elsewhere")
    assert client.get(f"/c/{elsewhere.slug}/p/{proposal.pk}/lineage/").status_code == 404
    assert client.get(f"/c/{challenge.slug}/p/999999/lineage/").status_code == 404
    assert client.get(f"/c/nowhere/p/{proposal.pk}/lineage/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_lineage_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    """A chain above, a wide and deep tree below, and unrelated proposals: same count."""
    above = chain(challenge, resident, rows)
    here = make_proposal(challenge, resident, title="Here", parent=above[-1])
    below = chain(challenge, resident, rows, parent=here)
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Branch {i}", parent=below[0])
        make_proposal(challenge, resident, title=f"Unrelated {i}")
    with django_assert_num_queries(4):
        response = client.get(f"/c/{challenge.slug}/p/{here.pk}/lineage/")
    assert response.status_code == 200
    assert len(parse(response).select("li.lineage-node")) == 1 + rows + 1 + rows + rows
    assert "Unrelated" not in response.content.decode()


# compare ------------------------------------------------------------------------------------


def test_compare_two_proposals_shows_drawings_diff_and_deltas(client, challenge, resident):
    parent = make_proposal(challenge, resident, title="Parent idea")
    child = make_proposal(
        challenge, resident, title="Child idea", design=narrower(challenge), parent=parent
    )
    response = client.get(f"/c/{challenge.slug}/compare/?a={parent.pk}&b={child.pk}")
    html = response.content.decode()
    page = parse(response)
    assert response.status_code == 200
    assert page.one("#side-a-title a").text == "Parent idea"
    assert page.one("#side-b-title a").text == "Child idea"
    # A's and B's stored drawings and the diff
    assert len(page.select("svg")) == 3 and len(page.select(".compare-side figure > svg")) == 2
    assert parent.svg in html and child.svg in html
    diff = page.one("figure.diff-drawing .diff-scroll > svg")
    assert diff.select("[stroke='#1b7f3b']") and diff.select("[stroke='#e08a00']")  # added, resized
    rows = [
        [tr.one("th").text, *(td.text for td in tr.select("td"))]
        for tr in page.select("table.parts-diff > tbody > tr")
    ]
    assert ["Divider", "added"] in [row[:2] for row in rows]
    resized = [row for row in rows if row[1] == "resized"]
    assert [row[4] for row in resized] == ["−0.50 m"]  # 2.10 m narrowed to 1.60 m
    units = [td.text for td in page.select("table.metric-deltas td.delta")]
    assert any(unit.endswith(" people/hour") for unit in units)
    new_in_b = next(h4 for h4 in page.select("h4") if h4.text == "New in B").next_element
    assert new_in_b is not None  # a finding new in B
    narrow = "The sidewalk on the left is 0.20 m narrower than its 1.80 m minimum."
    assert any(narrow in li.text for li in new_in_b.select("li.finding"))
    assert page.one("#compare-a option[selected]")["value"] == str(parent.pk)
    assert page.one("#compare-b option[selected]")["value"] == str(child.pk)


def test_compare_with_the_baseline_and_itself(client, challenge, resident):
    proposal = make_proposal(challenge, resident, title="Same as baseline")
    response = client.get(f"/c/{challenge.slug}/compare/?a=baseline&b={proposal.pk}")
    page = parse(response)
    assert response.status_code == 200
    assert page.one("#side-a-title a").text == "Proposed design"
    assert page.one("#diff-same").text == "The two designs are the same."
    assert challenge.baseline_svg in response.content.decode()
    assert "±0 people/hour" in [td.text for td in page.select("table.metric-deltas td.delta")]
    response = client.get(f"/c/{challenge.slug}/compare/?a={proposal.pk}&b={proposal.pk}")
    assert response.status_code == 200 and parse(response).select("#diff-same")


def test_compare_configurators(client, owner, organization, resident):
    bikes = make_challenge(owner, organization, slug="cargo-bike", toolkit_id="cargo-bike")
    design = copy.deepcopy(bikes.baseline)
    design["choices"]["frame"] = "trike"
    trike = make_proposal(bikes, resident, title="Trike", design=design)
    response = client.get(f"/c/{bikes.slug}/compare/?a=baseline&b={trike.pk}")
    page = parse(response)
    assert response.status_code == 200
    settings = [
        [td.text for td in tr.select("td")] for tr in page.select(".settings-diff tbody tr")
    ]
    assert any(row[:2] == ["Long-tail", "Three-wheeler"] for row in settings)
    ups = [td.text for td in page.select("table.metric-deltas td.delta.up")]
    assert any(re.fullmatch(r"\+[\d,]+ NZD", up) for up in ups)


def test_compare_migrates_older_designs_first(client, owner, organization, resident):
    street = make_challenge(owner, organization, slug="plain-street", toolkit_id="street-section")
    proposal = make_proposal(street, resident, title="Older")
    # Pretend it was saved on an older version than the challenge's toolkit.
    Proposal.objects.filter(pk=proposal.pk).update(toolkit_version=street.toolkit_version - 1)
    response = client.get(f"/c/{street.slug}/compare/?a=baseline&b={proposal.pk}")
    assert response.status_code == 200
    assert parse(response).one("#diff-same").text == "The two designs are the same."


def test_compare_without_a_choice_shows_the_form(client, challenge, resident):
    pick = make_proposal(challenge, resident, title="Pick me")
    response = client.get(f"/c/{challenge.slug}/compare/")
    assert response.status_code == 200
    form = parse(response).one("form.compare-form")
    assert form["method"] == "get"
    for name in ("a", "b"):
        options = [option.text for option in form.one(f"select[name={name}]").select("option")]
        assert options == ["Proposed design (baseline)", f"#{pick.pk} Pick me · resident"]
        find = form.one(f"input[name=find_{name}]")
        assert (find["type"], find["data-filters"]) == ("search", f"compare-{name}")
        assert form.one(f"label[for={find['id']}]").text == (
            f"Find a proposal for {name.upper()} by title or author"
        )
    assert form.button("Compare")


def test_compare_pickers_filter_by_title_or_author_without_scripts(
    client, challenge, resident, other
):
    shade = make_proposal(challenge, resident, title="Shade trees")
    bikes = make_proposal(challenge, other, title="Bike lanes")
    buses = make_proposal(challenge, other, title="Bus lane")
    query = {"a": "baseline", "b": str(buses.pk), "find_a": "TREES", "find_b": "other bike"}
    page = parse(client.get(f"/c/{challenge.slug}/compare/", query))

    def listed(side):
        return [o["value"] for o in page.one(f"#compare-{side}").select("option")]

    assert listed("a") == ["baseline", str(shade.pk)]
    # The chosen design stays listed whatever the filter says.
    assert listed("b") == ["baseline", str(buses.pk), str(bikes.pk)]
    assert page.one("#compare-a-find")["value"] == "TREES"
    assert page.one("#compare-b-shown .listed").text == "2"
    assert page.one("#compare-b option[selected]")["value"] == str(buses.pk)


def test_compare_drawing_knows_where_the_changes_are(client, challenge, resident):
    proposal = make_proposal(challenge, resident, design=narrower(challenge))
    page = parse(client.get(f"/c/{challenge.slug}/compare/?a=baseline&b={proposal.pk}"))
    view = page.one("figure.diff-drawing .diff-view")
    # From the first footpath (0 m) to the end of the divider added at 18.4 m: 18.9 m of 21 m.
    assert (view["data-change-start"], view["data-change-end"]) == ("0.0000", "0.9000")
    assert view.one("button.diff-whole").text == "Show whole street"
    same = parse(client.get(f"/c/{challenge.slug}/compare/?a=baseline&b=baseline"))
    assert same.one(".diff-view").get("data-change-start") is None
    assert not same.select("button.diff-whole")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?a=1", "Design B"),
        ("?b=1", "Design A"),
        ("?a=&b=", "Design A"),
        ("?a=abc&b=1", "Design A"),
        ("?a=1&b=-3", "Design B"),
        ("?a=1&b=1.5", "Design B"),
        ("?a=1&b=99999999999999999999999", "Design B"),
        ("?a=%00&b=%F0%9F%92%A5", "Design A"),
    ],
)
def test_compare_bad_input_is_a_clear_400(client, challenge, resident, query, field):
    response = client.get(f"/c/{challenge.slug}/compare/{query}")
    page = parse(response)
    assert response.status_code == 400
    assert f"{field}: choose a proposal" in page.one("[role=alert]").text
    which = page.one(f"#compare-{field[-1].lower()}")
    assert which["aria-invalid"] == "true"
    assert field in page.one(f"#{which['aria-describedby'].split()[-1]}").text


def test_compare_unknown_or_foreign_proposals_404(client, challenge, owner, organization, resident):
    mine = make_proposal(challenge, resident)
    elsewhere = make_challenge(owner, organization, slug="elsewhere")
    theirs = make_proposal(elsewhere, resident)
    assert client.get(f"/c/{challenge.slug}/compare/?a=999999&b={mine.pk}").status_code == 404
    assert client.get(f"/c/{challenge.slug}/compare/?a={theirs.pk}&b={mine.pk}").status_code == 404


def test_private_challenge_pages_404_for_outsiders(client, owner, organization, resident):
    private = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    proposal = make_proposal(private, owner)
    pages = [
        f"/c/secret/p/{proposal.pk}/lineage/",
        f"/c/secret/compare/?a=baseline&b={proposal.pk}",
        "/c/secret/compare/",
    ]
    for who in (None, resident):
        if who is not None:
            client.force_login(who)
        for url in pages:
            assert client.get(url).status_code == 404, (who, url)
    client.force_login(owner)
    for url in pages:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("rows", [1, 50])
def test_compare_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    proposals = [make_proposal(challenge, resident, title=f"Idea {i}") for i in range(rows)]
    child = make_proposal(
        challenge, resident, title="Child", design=narrower(challenge), parent=proposals[-1]
    )
    with django_assert_num_queries(4):
        response = client.get(f"/c/{challenge.slug}/compare/?a={proposals[0].pk}&b={child.pk}")
    assert response.status_code == 200
    assert len(parse(response).select("select > option")) == 2 * (rows + 2)


@pytest.mark.parametrize("rows", [1, 50])
def test_compare_signed_in_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    for i in range(rows):
        make_proposal(challenge, resident, title=f"Idea {i}")
    viewer = UserFactory()
    client.force_login(viewer)
    last = Proposal.objects.filter(challenge=challenge).latest("id")
    with django_assert_num_queries(7):
        response = client.get(f"/c/{challenge.slug}/compare/?a=baseline&b={last.pk}")
    assert response.status_code == 200
