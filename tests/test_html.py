"""The parsed-HTML helper the page tests read pages with."""

from __future__ import annotations

import json

import pytest

from .html import parse

PAGE = """<!doctype html>
<html><body>
  <nav aria-label="Main">
    <a href="/">Home</a> <a href="/c/x/" class="card active">Street <b>X</b></a>
  </nav>
  <ul id="list"><li>One<li class="two">Two</li><li><ul><li>Inner</ul></li></ul>
  <button type="submit" name="op" value="remix">Remix</button>
  <button aria-label="Close dialog">×</button>
  <input type="submit" value="Send">
  <a href="/u/ana/"><img src="a.png" alt="Ana's picture"></a>
  <h2 id="heading">Recent   comments</h2><section aria-labelledby="heading">…</section>
  <svg viewBox="0 0 1 1"><path d="M0 0"/><title>Drawing</title></svg>
  <script id="draft" type="application/json">{"a": "<b>&amp;</b>"}</script>
  <p>Fish &amp; chips<br>now</p>
</body></html>"""


def test_selectors_by_type_id_class_attribute_and_combinator():
    page = parse(PAGE)
    assert [a["href"] for a in page.select("a[href]")] == ["/", "/c/x/", "/u/ana/"]
    assert page.one("a.card.active")["href"] == "/c/x/"
    assert page.select("nav > a.card") == page.select("nav a[href='/c/x/']")
    assert len(page.select("#list li")) == 4  # an omitted </li> closes with its list
    assert [li.text for li in page.select("#list > li")] == ["One", "Two", "Inner"]
    assert page.one("ul#list li.two").text == "Two"
    assert page.select("[aria-labelledby]")[0].tag == "section"
    assert len(page.select("svg > path")) == 1 and page.one("svg title").text == "Drawing"
    assert page.select("nav > b") == [] and len(page.select("nav b")) == 1


def test_text_names_and_data():
    page = parse(PAGE)
    assert page.one("a.card").text == "Street X"
    assert parse("<p>In a <a>comment</a>: <mark>tram</mark>s</p>").one("p").text == (
        "In a comment: trams"
    )
    assert page.one("p").text == "Fish & chips now"
    assert page.button("Remix")["value"] == "remix"
    assert page.button("Close dialog").text == "×"
    assert page.button("Send").tag == "input"
    assert page.link("Ana's picture")["href"] == "/u/ana/"
    assert page.one("section").name == "Recent comments"
    assert page.one("h2").next_element == page.one("section")
    assert page.one("p").next_element is None
    assert json.loads(page.one("#draft").data) == {"a": "<b>&amp;</b>"}
    assert "<b>" not in page.text  # a script's content is not text
    assert parse(PAGE.encode()).one("a.card").text == "Street X"


def test_one_button_and_link_fail_unless_exactly_one_matches():
    page = parse(PAGE)
    with pytest.raises(AssertionError, match="3 elements match"):
        page.one("a")
    with pytest.raises(AssertionError, match="0 buttons named 'Oppose'"):
        page.button("Oppose")
    with pytest.raises(AssertionError, match="0 links named 'Away'"):
        page.link("Away")


def test_broken_markup_and_unsupported_selectors_are_refused():
    with pytest.raises(ValueError, match="</div> at line 1 column 11 closes no open element"):
        parse("<p>Text</p></div>")
    with pytest.raises(ValueError, match="unsupported selector"):
        parse(PAGE).select("a:hover")
