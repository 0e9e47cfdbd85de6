"""The account pages (allauth's, in the site's words) and the one form rendering: an error
summary linking to the fields in error, red messages beside them, and a return to where the
person was after logging in or signing up, never to another site."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str

from cocreate.accounts.models import User
from cocreate.challenges.models import Action

from ..factories import UserFactory, make_challenge, make_proposal
from ..html import parse

PASSWORD = "correct horse battery"
SIGN_UP = {
    "email": "new@example.org",
    "username": "newcomer",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "Log in"),
        ("/accounts/signup/", "Sign up"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your email"),
        ("/accounts/password/reset/key/1-nokey/", "This link has expired"),
        ("/accounts/confirm-email/nokey/", "Confirm your email address"),
    ],
)
def test_account_pages_speak_in_sentence_case(client, db, url, heading):
    response = client.get(url, follow=True)
    page = parse(response)
    assert response.status_code == 200
    assert page.one("main h1").text == heading
    html = response.content.decode()
    for title_case in ("Sign In", "Sign Up", "Sign in", "Signup", "Remember Me", "Password Reset"):
        assert title_case not in html, title_case
    assert not [label.text for label in page.select("label") if label.text.endswith(":")]


def test_the_log_out_page_says_log_out(client, resident):
    client.force_login(resident)
    page = parse(client.get("/accounts/logout/"))
    assert page.one("main h1").text == "Log out"
    assert page.one("main").button("Log out").get("type") == "submit"


def test_log_in_and_sign_up_label_their_fields_plainly(client, db):
    login = parse(client.get("/accounts/login/"))
    assert [label.text for label in login.select("main label")] == [
        "Email",
        "Password",
        "Remember me",
    ]
    assert login.button("Log in")
    assert not login.select("main input[placeholder]")
    signup = parse(client.get("/accounts/signup/"))
    assert [label.text for label in signup.select("main label")] == [
        "Email",
        "Username",
        "Password",
        "Password (again)",
    ]
    assert signup.button("Sign up")


def summary_links(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The error summary's messages by the field id each links to."""
    summary = page.one(".error-summary[autofocus]")
    assert summary["tabindex"] == "-1"  # focusable by script and autofocus, not by Tab
    assert summary.one("h2").text == "There is a problem"
    return {a["href"]: a.text for a in summary.select("li a")}


def assert_marked_beside(page, field_id: str, message: str) -> None:  # type: ignore[no-untyped-def]
    field = page.one(f"#{field_id}")
    assert field["aria-invalid"] == "true"
    error_id = field["aria-describedby"].split()[-1]
    assert message in page.one(f"#{error_id}").text
    assert "field-error" in page.one(f"#{error_id}").classes


def test_a_bad_log_in_lists_its_problems_linked_to_the_fields(client, db):
    response = client.post("/accounts/login/", {"login": "not an address", "password": ""})
    page = parse(response)
    assert response.status_code == 200
    links = summary_links(page)
    assert links == {
        "#id_login": "Enter a valid email address.",
        "#id_password": "Type your password.",
    }
    for href, message in links.items():
        assert_marked_beside(page, href[1:], message)
    assert "aria-invalid" not in page.one("#id_remember").attrs


def test_a_wrong_password_is_the_whole_forms_problem(client, resident):
    response = client.post("/accounts/login/", {"login": resident.email, "password": "wrong"})
    page = parse(response)
    summary = page.one(".error-summary")
    assert "not correct" in summary.one("li").text
    assert not summary.select("li a")  # about no one field: nothing to link to


def test_a_bad_sign_up_lists_its_problems_linked_to_the_fields(client, resident):
    data = {**SIGN_UP, "email": resident.email, "username": "", "password2": "something else"}
    response = client.post("/accounts/signup/", data)
    page = parse(response)
    assert response.status_code == 200
    links = summary_links(page)
    assert list(links) == ["#id_email", "#id_username", "#id_password2"]
    assert links["#id_username"] == "Type your username."
    for href, message in links.items():
        assert_marked_beside(page, href[1:], message)
    assert not User.objects.filter(username="newcomer").exists()


def test_log_in_returns_to_the_page_the_person_came_from(client, resident):
    response = client.post(
        "/accounts/login/",
        {"login": resident.email, "password": PASSWORD, "next": "/c/dominion-road/?sort=new"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/c/dominion-road/?sort=new"


def test_sign_up_returns_to_the_page_the_person_came_from(client, db):
    response = client.post("/accounts/signup/", {**SIGN_UP, "next": "/c/dominion-road/"})
    assert response.status_code == 302
    assert response["Location"] == "/c/dominion-road/"
    assert User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "/\\evil.example/"]
)
def test_a_next_on_another_site_is_refused(client, resident, elsewhere):
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": PASSWORD, "next": elsewhere}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"  # LOGIN_REDIRECT_URL


def _next_of(href: str) -> str:
    return parse_qs(urlsplit(href).query)["next"][0]


def test_every_page_sends_log_in_and_sign_up_back_to_it(client, owner, organization):
    challenge = make_challenge(owner, organization, actions=[Action.SUBMIT, Action.COMMENT])
    proposal = make_proposal(challenge, owner)
    url = f"/c/{challenge.slug}/p/{proposal.pk}/"
    page = parse(client.get(url))
    nav = page.one("header.site nav")
    assert _next_of(nav.link("Log in")["href"]) == url
    assert _next_of(nav.link("Sign up")["href"]) == url
    assert _next_of(page.link("Log in to comment")["href"]) == f"{url}#discussion"
    # From the log-in page, its links to sign up carry the same way back.
    login = parse(client.get(f"/accounts/login/?next={url}"))
    assert _next_of(login.one("main").link("Sign up")["href"]) == url
    assert _next_of(login.one("header.site nav").link("Sign up")["href"]) == url


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": "x" * 5001}, "comment-body", "Keep the comment under 5,000 characters"),
        ({"body": "Keep me", "part": "99"}, "comment-part", "Choose one of this design"),
    ],
)
def test_a_refused_comment_uses_the_same_summary(client, owner, organization, data, field, message):
    challenge = make_challenge(owner, organization, actions=[Action.SUBMIT, Action.COMMENT])
    proposal = make_proposal(challenge, owner)
    client.force_login(UserFactory())
    response = client.post(f"/c/{challenge.slug}/p/{proposal.pk}/comments/", data)
    page = parse(response)
    assert response.status_code == 400
    links = summary_links(page)
    assert list(links) == [f"#{field}"] and message in links[f"#{field}"]
    assert_marked_beside(page, field, message)


def test_a_password_reset_link_asks_for_the_new_password_plainly(client, resident):
    key = f"{user_pk_to_url_str(resident)}-{default_token_generator.make_token(resident)}"
    page = parse(client.get(f"/accounts/password/reset/key/{key}/", follow=True))
    assert page.one("main h1").text == "Choose a new password"
    assert [label.text for label in page.select("main label")] == [
        "New password",
        "New password (again)",
    ]
    assert page.one("main").button("Change password")
