// configurator/compile.js: compiling a resolved configurator document.
// Python twin: cocreate/design/configurator/compile.py.

import { CONFIGURATOR_COMPILERS } from "./checks.js";
import { readConfig } from "./design.js";
import { buildOptions } from "./options.js";
import { ConfiguratorToolkit } from "./toolkit.js";
import { ConfiguratorSteps, copyConfig } from "./versions.js";
import { DesignError, pyTruthy } from "../errors.js";
import { compileRules } from "../rules.js";
import { compileMigrations, Names, readBaseline } from "../versions.js";

/** Compile a resolved configurator document: options, migrations, baseline, rules. */
export function compileConfigurator(document, catalog, accepts, ancestors) {
  for (const key of ["parts", "length", "groups"]) {
    if (pyTruthy(document[key])) throw new DesignError(key, "a configurator has options and parameters, not parts");
  }
  const [options, parameters] = buildOptions(document, catalog.metrics);
  const names = new Names(catalog.parts, options, parameters);
  const migrations = compileMigrations(document, new ConfiguratorSteps(names), copyConfig);
  const baseline = readBaseline(document, migrations, (raw) =>
    readConfig(raw, { options, parameters, toolkitIds: accepts, maxVersion: document.version }),
  );
  const context = { options, parameters, metrics: catalog.metrics };
  const rules = compileRules(document, context, CONFIGURATOR_COMPILERS, "configurator");
  return new ConfiguratorToolkit({ document, catalog, options, parameters, accepts, ancestors, rules, baseline, migrations });
}
