"""An accepted proposal on Dominion Road, its organization's people, and a photo to upload."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus, Role

from ..factories import make_member, make_proposal


def answer(owner, proposal, name: str = "Planned"):
    status = ProposalStatus.objects.get(organization=proposal.challenge.organization, name=name)
    proposal_status_change(actor=owner, proposal=proposal, status=status, answer=f"{name}: yes.")
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def accepted(challenge, owner, resident):
    return answer(owner, make_proposal(challenge, resident, title="Shade trees"))


@pytest.fixture
def staff(organization):
    return make_member(organization, Role.STAFF, username="officer")


@pytest.fixture
def reviewer(organization):
    return make_member(organization, Role.REVIEWER, username="reviewer")


def png(colour: str = "green") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return SimpleUploadedFile("built.png", out.getvalue(), content_type="image/png")


def refusals(response) -> str:
    """Every message a refused form shows: above it and beside its fields."""
    from ..html import parse

    page = parse(response)
    return " ".join(e.text for e in page.select(".message.error") + page.select(".field-error"))
