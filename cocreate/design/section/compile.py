"""Compile a resolved section toolkit document: catalog, migrations, baseline, rules."""

from __future__ import annotations

from typing import Any

from ..catalog import Catalog
from ..errors import DesignError
from ..rules import compile_rules
from ..units import to_mm
from ..versions import Names, compile_migrations, read_baseline
from .checks import COMPILERS, Context
from .design import read_design
from .toolkit import SectionToolkit
from .versions import SectionSteps, copy_section


def compile_section(
    document: dict[str, Any], catalog: Catalog, accepts: frozenset[str], ancestors: tuple[str, ...]
) -> SectionToolkit:
    for key in ("options", "parameters"):
        if key in document:
            raise DesignError(key, "a section toolkit has parts; options are for configurators")
    names = Names(parts=catalog.parts, options={}, parameters={})
    migrations = compile_migrations(document, SectionSteps(names), copy_section)
    length = document.get("length")
    baseline = read_baseline(
        document,
        migrations,
        lambda raw: read_design(
            raw,
            catalog=catalog.parts,
            default_length_mm=None if length is None else to_mm(length),
            toolkit_ids=accepts,
            max_version=document["version"],
        ),
    )
    context = Context(catalog=catalog, baseline=baseline)
    return SectionToolkit(
        document=document,
        catalog=catalog,
        accepts=accepts,
        ancestors=ancestors,
        rules=compile_rules(document.get("rules", []), COMPILERS, context, kind="section"),
        baseline=baseline,
        migrations=migrations,
    )
