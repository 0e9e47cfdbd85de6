"""What staff type on the challenge's pages: its settings (with the ladder's rungs and the cover)
and one dated phase, read into the values the challenge services take."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_slug
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.challenges.models import Action, AnswerTrigger, Challenge, Mode, Visibility
from cocreate.challenges.services import MAX_ANSWER_DAYS, MAX_COVER_ALT, MAX_SUPPORT_BUDGET
from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber
from cocreate.design import load_bundled

MAX_BRIEF = 20_000
RUNG_ROWS = 5  # rows of the ladder on the form; a ladder of more rungs asks too much
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def toolkit_choices() -> list[tuple[str, str]]:
    """Every bundled toolkit at every version, as ``id@version``."""
    registry = load_bundled()
    choices = []
    for toolkit_id in registry.ids():
        for version in registry.versions(toolkit_id):
            title = registry.get(toolkit_id, version).document.get("title", toolkit_id)
            choices.append((f"{toolkit_id}@{version}", f"{title} (v{version})"))
    return choices


class Slug(Line):
    """A challenge's address: letters, digits, hyphens."""

    def validate(self, value: str) -> None:
        super().validate(value)
        if value:
            try:
                validate_slug(value)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Use only letters, digits, hyphens and underscores in the address."),
                    code="invalid",
                ) from None


class ChallengeForm(ServiceForm):
    """A challenge's settings. `changes` gives them as `challenge_create` and `challenge_update`
    take them; the rungs of the ladder come as rows ``rung-<n>-supporters`` / ``-days``."""

    title = Line(max_length=200, noun="title", required=True, label=gettext_lazy("Title"))
    slug = Slug(
        max_length=50,
        noun="address",
        label=gettext_lazy("Address"),
        help_text=gettext_lazy(
            "The end of the challenge's web address; empty: made from the title."
        ),
    )
    summary = Line(max_length=300, noun="summary", label=gettext_lazy("Summary"))
    brief = Text(
        max_length=MAX_BRIEF,
        noun="brief",
        label=gettext_lazy("Brief"),
        help_text=gettext_lazy("Markdown: **bold**, *italic*, lists, links. Preview it below."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    toolkit = forms.ChoiceField(label=gettext_lazy("Toolkit and version"))
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may see it once published"), choices=Visibility.choices
    )
    support_budget = WholeNumber(
        digits=9,
        label=gettext_lazy("Supports per person"),
    )
    allow_oppose = forms.BooleanField(
        required=False, label=gettext_lazy("People may also oppose a proposal")
    )
    answer_days = WholeNumber(
        digits=9,
        required=True,
        label=gettext_lazy("Answer every proposal within (days)"),
    )
    answer_trigger = forms.ChoiceField(
        label=gettext_lazy("The promise counts from"),
        choices=AnswerTrigger.choices,
        widget=forms.RadioSelect,
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"), choices=Mode.choices, widget=forms.RadioSelect
    )
    cover = forms.ImageField(
        required=False,
        label=gettext_lazy("Cover picture"),
        help_text=gettext_lazy(
            "JPEG, PNG or WebP, at most 8 MB. Without one, the baseline drawing is shown."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    cover_alt = Line(
        max_length=MAX_COVER_ALT,
        noun="description",
        label=gettext_lazy("Describe the cover picture"),
        help_text=gettext_lazy(
            "For people who can't see it, e.g. Dominion Road at Balmoral shops."
        ),
    )
    cover_remove = forms.BooleanField(
        required=False, label=gettext_lazy("Use the baseline drawing instead of the picture")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["toolkit"].choices = toolkit_choices()  # type: ignore[attr-defined]
        self.fields["support_budget"].help_text = _(
            "A whole number from 1 to %(n)s; empty for no limit."
        ) % {"n": f"{MAX_SUPPORT_BUDGET:,}"}
        self.fields["answer_days"].help_text = _("From 1 to %(n)s days.") % {
            "n": f"{MAX_ANSWER_DAYS:,}"
        }
        for n in range(RUNG_ROWS):
            for part, label in (("supporters", _("Supporters")), ("days", _("Within days"))):
                self.fields[f"rung-{n}-{part}"] = WholeNumber(
                    digits=9, label=f"{label} ({_('rung')} {n + 1})"
                )
        self.beside = frozenset(self.fields)

    @classmethod
    def initial_for(cls, challenge: Challenge) -> dict[str, Any]:
        """The form's values for an existing challenge."""
        initial: dict[str, Any] = {
            name: getattr(challenge, name)
            for name in (
                "title",
                "slug",
                "summary",
                "brief",
                "visibility",
                "support_budget",
                "allow_oppose",
                "answer_days",
                "answer_trigger",
                "mode",
            )
        }
        initial["toolkit"] = f"{challenge.toolkit_id}@{challenge.toolkit_version}"
        if challenge.cover_image_id is not None:
            initial["cover_alt"] = challenge.cover_image.alt if challenge.cover_image else ""
        for n, rung in enumerate(challenge.rungs()[:RUNG_ROWS]):
            initial[f"rung-{n}-supporters"] = rung.supporters
            initial[f"rung-{n}-days"] = rung.days
        return initial

    def rung_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"rung-{n}-supporters"], self[f"rung-{n}-days"]) for n in range(RUNG_ROWS)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ladder = []
        for n in range(RUNG_ROWS):
            supporters = cleaned.get(f"rung-{n}-supporters")
            days = cleaned.get(f"rung-{n}-days")
            if supporters is None and days is None:
                continue
            if supporters is None or days is None:
                self.add_error(
                    f"rung-{n}-days" if days is None else f"rung-{n}-supporters",
                    _("Rung %(n)s: give both the supporters and the days.") % {"n": n + 1},
                )
                continue
            ladder.append({"supporters": supporters, "days": days})
        cleaned["support_ladder"] = ladder
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The cleaned settings as the services take them (call after `is_valid`)."""
        data = self.cleaned_data
        toolkit_id, _at, version = data["toolkit"].rpartition("@")
        return {
            "title": data["title"],
            "slug": data["slug"] or slugify(data["title"])[:50].strip("-") or "challenge",
            "summary": data["summary"],
            "brief": data["brief"],
            "toolkit_id": toolkit_id,
            "toolkit_version": int(version),
            "visibility": data["visibility"],
            "support_budget": data["support_budget"],
            "support_ladder": data["support_ladder"],
            "allow_oppose": data["allow_oppose"],
            "answer_days": data["answer_days"],
            "answer_trigger": data["answer_trigger"],
            "mode": data["mode"],
        }


class LocalDateTime(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
    default_error_messages = {
        "invalid": gettext_lazy("Enter a date and time, such as 2026-03-01 09:00."),
    }


class PhaseForm(ServiceForm):
    """One dated phase: its name, when it runs, and what it opens."""

    name = Line(max_length=100, noun="phase name", required=True, label=gettext_lazy("Name"))
    starts_at = LocalDateTime(label=gettext_lazy("Starts"))
    ends_at = LocalDateTime(label=gettext_lazy("Ends"))
    actions = forms.MultipleChoiceField(
        label=gettext_lazy("Opens"),
        choices=Action.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.beside = frozenset(self.fields)
