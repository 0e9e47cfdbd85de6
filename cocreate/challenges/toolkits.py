"""The bridge from a challenge row to its compiled toolkit in the pure design core."""

from __future__ import annotations

from cocreate.design import Toolkit, load_bundled

from .models import Challenge


def toolkit_for(challenge: Challenge) -> Toolkit:
    return load_bundled().get(challenge.toolkit_id, challenge.toolkit_version)
