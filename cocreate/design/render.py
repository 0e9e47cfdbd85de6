"""``render_svg``: a design drawn as its kind draws it (a section to scale, a configurator as a
summary card)."""

from __future__ import annotations

from .configurator.card import render_card
from .configurator.toolkit import ConfiguratorToolkit
from .model import Evaluation
from .section.svg import render_section
from .section.toolkit import SectionToolkit
from .toolkit import Toolkit


def render_svg(
    toolkit: Toolkit,
    design: object,
    evaluation: Evaluation | None = None,
    *,
    compact: bool = False,
) -> str:
    """The design as an ``<svg>`` string; ``compact`` is an unlabelled thumbnail for cards.
    Raises DesignError for a malformed design (as ``Toolkit.evaluate`` would)."""
    parsed = toolkit.read_current(design)
    if isinstance(toolkit, ConfiguratorToolkit):
        return render_card(toolkit, parsed, evaluation, compact)
    assert isinstance(toolkit, SectionToolkit)  # the only other kind
    return render_section(toolkit, parsed, evaluation, compact)
