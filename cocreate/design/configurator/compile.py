"""Compile a resolved configurator document: options, migrations, baseline, rules."""

from __future__ import annotations

from typing import Any

from ..catalog import Catalog
from ..errors import DesignError
from ..rules import compile_rules
from ..versions import Names, compile_migrations, read_baseline
from .checks import COMPILERS, Context
from .design import read_config
from .options import build_options
from .toolkit import ConfiguratorToolkit
from .versions import ConfiguratorSteps, copy_config


def compile_configurator(
    document: dict[str, Any], catalog: Catalog, accepts: frozenset[str], ancestors: tuple[str, ...]
) -> ConfiguratorToolkit:
    for key in ("parts", "length", "groups"):
        if document.get(key):
            raise DesignError(key, "a configurator has options and parameters, not parts")
    options, parameters = build_options(document, catalog.metrics)
    names = Names(parts=catalog.parts, options=options, parameters=parameters)
    migrations = compile_migrations(document, ConfiguratorSteps(names), copy_config)
    baseline = read_baseline(
        document,
        migrations,
        lambda raw: read_config(
            raw,
            options=options,
            parameters=parameters,
            toolkit_ids=accepts,
            max_version=document["version"],
        ),
    )
    context = Context(options=options, parameters=parameters, metrics=catalog.metrics)
    return ConfiguratorToolkit(
        document=document,
        catalog=catalog,
        options=options,
        parameters=parameters,
        accepts=accepts,
        ancestors=ancestors,
        rules=compile_rules(document.get("rules", []), COMPILERS, context, kind="configurator"),
        baseline=baseline,
        migrations=migrations,
    )
