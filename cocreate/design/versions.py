"""Toolkit migrations: the declared steps that bring a design saved on an older version of a
toolkit up to the current one, one version at a time.

A toolkit document's ``migrations`` is a list of ``{"version": N, "steps": [...]}``; entry N
takes a design from version N-1 to N. Versions without an entry changed nothing a design holds.
Steps are plain data transforms of the design document (never of the toolkit): they rename or
merge part types, options, values and parameters, fill defaults and convert units. A name a
step does not know is left alone, so unknown parts survive and the ``unknown`` rule reports
them. Every name a step produces is checked at load time against this version's catalog
(unless a later step renames it again), so a typo is a load error naming the path.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from .errors import DesignError, join
from .model import Notice, Option, Parameter, PartType

Design = dict[str, Any]
# A compiled step changes a copied design in place and says what it did (None: nothing).
Step = Callable[[Design], Notice | None]
P = TypeVar("P")


def format_factor(value: float) -> str:
    """A conversion factor as JS's ``String(x)`` prints it: ``3``, ``0.3048``."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def scale_mm(value: float, factor: float) -> float:
    """``value * factor`` rounded half up to thousandths: ``Math.floor(v*f*1000+0.5)/1000``."""
    return math.floor(value * factor * 1000 + 0.5) / 1000


def is_number(value: object) -> bool:
    return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Names:
    """What a toolkit version offers, to check the names steps produce."""

    parts: Mapping[str, PartType]
    options: Mapping[str, Option]
    parameters: Mapping[str, Parameter]

    def part_label(self, tid: str) -> str:
        entry = self.parts.get(tid)
        return entry.label if entry is not None else f'"{tid}"'

    def option_label(self, oid: str) -> str:
        option = self.options.get(oid)
        return option.label if option is not None else f'"{oid}"'

    def value_label(self, oid: str, value: str) -> str:
        option = self.options.get(oid)
        entry = option.values.get(value) if option is not None else None
        return entry.label if entry is not None else f'"{value}"'

    def parameter_label(self, pid: str) -> str:
        parameter = self.parameters.get(pid)
        return parameter.label if parameter is not None else f'"{pid}"'


class Steps(ABC):
    """A kind's migration steps, each compiled once against the names this toolkit version
    offers (``names``). A step may hold ``op``, ``description`` and the kind's ``keys``."""

    keys: ClassVar[frozenset[str]]
    refusal: ClassVar[str]  # the error for any other key: what this kind's steps name

    def __init__(self, names: Names) -> None:
        self.names = names

    def compile(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        """``later`` holds the names later steps consume (checked then, not now)."""
        for key in step:
            if key not in self.keys and key not in ("op", "description"):
                raise DesignError(join(path, key), self.refusal)
        return self._compile(version, path, step, later)

    @abstractmethod
    def _compile(self, version: int, path: str, step: Mapping[str, Any], later: set[str]) -> Step:
        """The step's ``op``, its keys already checked."""

    @staticmethod
    @abstractmethod
    def copy(document: Mapping[str, Any]) -> Design:
        """A copy of a design deep enough for the steps to change in place; shape errors as
        the kind's reader says them."""


class Migrations:
    """The compiled steps of one toolkit version, by the version each step leads to (none when
    the toolkit declares none: a design is then only relabelled with the current version)."""

    __slots__ = ("_copy", "_title", "steps", "version")

    def __init__(
        self,
        copy: Callable[[Mapping[str, Any]], Design],
        title: str,
        version: int,
        steps: dict[int, list[Step]],
    ) -> None:
        self._copy = copy
        self._title = title
        self.version = version
        self.steps = steps

    def apply(self, document: Mapping[str, Any], from_version: int) -> tuple[Design, list[Notice]]:
        """A migrated copy of ``document`` (saved on ``from_version``) and what changed."""
        design = self._copy(document)
        notices: list[Notice] = []
        if from_version >= self.version:
            return design, notices
        notices.append(
            {
                "version": self.version,
                "op": "upgrade",
                "message": f"Saved on version {from_version} of {self._title}; "
                f"opened on version {self.version}.",
                "parts": [],
            }
        )
        for version in range(from_version + 1, self.version + 1):
            for step in self.steps.get(version, ()):
                notice = step(design)
                if notice is not None:
                    notices.append(notice)
        design["version"] = self.version
        return design, notices


def compile_migrations(document: Mapping[str, Any], compiler: Steps) -> Migrations:
    """Compile a resolved toolkit document's ``migrations`` with its kind's steps."""
    own = document["version"]
    flat: list[tuple[int, str, Mapping[str, Any]]] = []
    previous = 1
    for n, entry in enumerate(document.get("migrations") or ()):
        path = join("migrations", n)
        version = entry["version"]
        if version > own:
            raise DesignError(join(path, "version"), f"{version} is after this toolkit's {own}")
        if version <= previous:
            raise DesignError(
                join(path, "version"),
                f"must be more than {previous} (entries go up one version at a time, in order)",
            )
        previous = version
        for k, step in enumerate(entry["steps"]):
            flat.append((version, join(join(path, "steps"), k), step))
    steps: dict[int, list[Step]] = {}
    for position, (version, path, step) in enumerate(flat):
        later: set[str] = set()
        for _v, _p, other in flat[position + 1 :]:
            for key in ("type", "option", "parameter"):
                if isinstance(other.get(key), str):
                    later.add(other[key])
            later.update(other.get("types") or ())
        steps.setdefault(version, []).append(compiler.compile(version, path, step, later))
    return Migrations(compiler.copy, str(document["title"]), own, steps)


def read_baseline(
    document: Mapping[str, Any], migrations: Migrations, read: Callable[[object], P]
) -> P | None:
    """The toolkit's own ``baseline`` (None without one), migrated first when it was saved on
    an older version, read by the kind's ``read``; errors name their path under ``baseline``."""
    if "baseline" not in document:
        return None
    raw = document["baseline"]
    try:
        if isinstance(raw, dict):
            version = raw.get("version")
            if type(version) is int and 1 <= version < document["version"]:
                raw = migrations.apply(raw, version)[0]
        return read(raw)
    except DesignError as error:
        raise DesignError(
            join("baseline", error.path) if error.path else "baseline", error.detail
        ) from error
