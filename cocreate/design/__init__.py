"""The pure design core: toolkits, rule evaluation, metrics, edits and drawings of designs.

Split by kind: ``section/`` (an ordered row of typed parts) and ``configurator/`` (options and
parameters), beside the shared core here (the abstract ``Toolkit``, one rule runner in
``rules.py``, versions and baseline migration in ``versions.py``, catalogs, messages, units).

No Django and nothing else from ``cocreate`` (an import-linter contract enforces it), so the
same engine serves views, the API, commands, tasks and the conformance vectors shared with the
JS engine. The public API is described in ``CONTRACT.md`` next to this file.
"""

from __future__ import annotations

from . import edits
from .configurator.design import ParsedConfig
from .configurator.toolkit import ConfiguratorToolkit
from .errors import DesignError
from .model import (
    Evaluation,
    Finding,
    MetricDef,
    Notice,
    Option,
    OptionValue,
    Parameter,
    PartType,
    Rule,
)
from .registry import ToolkitRegistry, load_bundled, load_toolkit
from .render import render_svg
from .section.geometry import PartSpan, SectionGeometry, section_geometry, spread
from .section.toolkit import SectionToolkit
from .toolkit import Toolkit
from .units import format_m, to_mm

__all__ = [
    "ConfiguratorToolkit",
    "DesignError",
    "Evaluation",
    "Finding",
    "MetricDef",
    "Notice",
    "Option",
    "OptionValue",
    "Parameter",
    "ParsedConfig",
    "PartSpan",
    "PartType",
    "Rule",
    "SectionGeometry",
    "SectionToolkit",
    "Toolkit",
    "ToolkitRegistry",
    "edits",
    "format_m",
    "load_bundled",
    "load_toolkit",
    "render_svg",
    "section_geometry",
    "spread",
    "to_mm",
]
