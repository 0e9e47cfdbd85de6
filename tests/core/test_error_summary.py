"""The error summary's order and links: the form's own messages first, then the fields' in the
order the page shows them; a message about no field on the page is listed but not linked."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS

from cocreate.core.templatetags.error_summary import error_summary, problems


def test_problems_follow_the_page_with_the_forms_own_first():
    errors = {
        "part": ["Choose a part."],
        "parent": ["No such comment."],
        NON_FIELD_ERRORS: ["Try again in an hour."],
        "body": ["Write a comment.", "Keep it short."],
    }
    targets = {"body": "comment-body", "part": "comment-part"}
    assert problems(errors, targets) == [
        ("", "Try again in an hour."),
        ("comment-body", "Write a comment."),
        ("comment-body", "Keep it short."),
        ("comment-part", "Choose a part."),
        ("", "No such comment."),
    ]


def test_a_hand_written_form_names_its_field_ids():
    summary = error_summary({"title": ["Give it a title."]}, "title=title rationale=rationale")
    assert summary == {"problems": [("title", "Give it a title.")]}
    assert error_summary(None) == {"problems": []}  # a page drawn before any post
