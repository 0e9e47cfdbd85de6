"""Quick fixes of a section design: for a finding the engine can repair, the edits that repair it.

A fix is ``{"label", "edits"}``: a label that says what it does ("Take 0.20 m from the left
sidewalk") and the edit operations of ``section/edits.py`` that do it, in order, as the
conformance vectors write them (``{"op": "set_width", "index", "width"}``, ``{"op":
"add_part", "type", "index"}``, ``{"op": "set_variant", "index", "axis", "value"}``). Width
is found in the free room first, then taken from the parts with the most to spare above their
minimum (the neighbours first), never from a part the organization locks. Every candidate is
applied and evaluated before it is offered: it must leave its rule with fewer findings and no
rule with more (``quick_fixes``), so a fix never fails to fix and never breaks something else.
``static/cocreate/design/section/fixes.js`` is the same in the browser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import DesignError, describe
from ..model import Evaluation, Finding, Selector
from ..units import format_m, to_m
from .checks import Context, WidthLimits, in_sentence, part_label
from .design import ParsedDesign
from .edits import add_part, set_variant, set_width

if TYPE_CHECKING:
    from .toolkit import SectionToolkit

Edit = dict[str, Any]
Fix = dict[str, Any]
# What a fixer proposes for one finding: (label, edits) pairs, checked before they are offered.
Candidate = tuple[str, list[Edit]]
MIN_WIDTH_MM = 50  # the editor's narrowest part


class Plan:
    """One design read for fixing: how much each part can spare or take, and its name."""

    def __init__(self, d: ParsedDesign, frozen: set[int]) -> None:
        self.d = d
        self.frozen = frozen | set(d.unknown)
        # per part, once, as every finding's fixes ask: how much it can give (down to its
        # minimum, else its default width), take (up to its maximum; None: none), and how far
        # it is below its minimum
        self.slacks: list[int] = []
        self.headrooms: list[int | None] = []
        self.short: list[int] = []
        for i, width in enumerate(d.widths):
            entry = d.part_types[i]
            if entry is None or i in self.frozen:
                self.slacks.append(0)
                self.headrooms.append(0)
                self.short.append(0)
                continue
            floor, ceiling = entry.width_limits(d.variants[i])
            low = entry.default_width_mm if floor is None else floor
            self.slacks.append(max(0, width - max(low, MIN_WIDTH_MM)))
            self.headrooms.append(None if ceiling is None else max(0, ceiling - width))
            self.short.append(0 if floor is None else max(0, floor - width))

    def slack(self, i: int) -> int:
        return self.slacks[i]

    def headroom(self, i: int) -> int | None:
        return self.headrooms[i]

    def room(self) -> int:
        return max(0, self.d.length_mm - self.d.total_mm)

    def name(self, i: int) -> str:
        """ "the left sidewalk", "the middle divider": a part as a fix's label names it."""
        return f"the {self.d.side(i)} {in_sentence(part_label(self.d, i))}"

    def take(self, amount: int, near: Sequence[int] = ()) -> list[tuple[int, int]] | None:
        """(index, new width) of the parts that give ``amount`` between them, in part order:
        the parts nearest to ``near`` first, then those with the most to spare."""
        if amount <= 0:
            return []

        def distance(i: int) -> int:
            return min((abs(i - j) for j in near), default=0)

        pool = [i for i in range(len(self.d.widths)) if self.slack(i) > 0]
        pool.sort(key=lambda i: (distance(i), -self.slack(i), i))
        taken, left = [], amount
        for i in pool:
            share = min(self.slack(i), left)
            taken.append((i, self.d.widths[i] - share))
            left -= share
            if not left:
                return sorted(taken)
        return None

    def give(self, amount: int, prefer: Sequence[int] = ()) -> int | None:
        """The part that can take ``amount`` whole: a ``prefer`` part, else the part furthest
        below its minimum (it needs the width), else the widest."""

        def fits(i: int) -> bool:
            if not 0 <= i < len(self.d.widths):
                return False
            room = self.headroom(i)
            return room is None or room >= amount

        near = [i for i in prefer if fits(i) and self.d.part_types[i] is not None]
        if near:
            return near[0]
        others = [i for i in range(len(self.d.widths)) if fits(i) and i not in self.frozen]
        others = [i for i in others if self.d.part_types[i] is not None]
        return min(others, key=lambda i: (-self.short[i], -self.d.widths[i], i)) if others else None

    def taking(self, taken: list[tuple[int, int]]) -> tuple[str, list[Edit]]:
        """The label's tail naming where width came from, and the edits that take it."""
        if not taken:
            return "", []
        amount = sum(self.d.widths[i] - w for i, w in taken)
        names = listing([self.name(i) for i, _w in taken])
        return f", taking {format_m(amount)} from {names}", [width_edit(i, w) for i, w in taken]


def width_edit(index: int, width_mm: int) -> Edit:
    return {"op": "set_width", "index": index, "width": to_m(width_mm)}


def listing(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def article(words: str) -> str:
    """ "a" or "an" before ``words`` (a name or a width such as "8.00 m")."""
    whole = words.split(".", 1)[0]
    if words[:1].lower() in "aeiou" or whole.startswith("8") or whole in ("11", "18"):
        return "an"
    return "a"


# A rule's fixer: its candidate fixes of one finding of a read design.
Fixer = Callable[[Plan, Finding], list[Candidate]]
FixerCompiler = Callable[[Mapping[str, Any], str, Context], Fixer | None]
FIXERS: dict[str, FixerCompiler] = {}


def fixer(check: str) -> Callable[[FixerCompiler], FixerCompiler]:
    def register(compiler: FixerCompiler) -> FixerCompiler:
        FIXERS[check] = compiler
        return compiler

    return register


@fixer("fit")
def _fit(rule: Mapping[str, Any], path: str, ctx: Context) -> Fixer:
    def fix(plan: Plan, finding: Finding) -> list[Candidate]:
        d = plan.d
        over = d.total_mm - d.length_mm
        if over > 0:
            taken = plan.take(over)
            if taken is None:
                return []
            names = listing([plan.name(i) for i, _w in taken])
            return [(f"Take {format_m(over)} from {names}", [width_edit(i, w) for i, w in taken])]
        i = plan.give(-over)
        if over == 0 or i is None:
            return []
        label = f"Widen {plan.name(i)} by {format_m(-over)}"
        return [(label, [width_edit(i, d.widths[i] - over)])]

    return fix


@fixer("width")
def _width(rule: Mapping[str, Any], path: str, ctx: Context) -> Fixer:
    limits = WidthLimits(rule, path, ctx)

    def fix(plan: Plan, finding: Finding) -> list[Candidate]:
        d, (i,) = plan.d, finding["parts"]
        if i in plan.frozen:
            return []
        lo, hi = limits.bounds(d.types[i], d.variants[i])
        width = d.widths[i]
        if lo is not None and hi is not None and lo > hi:
            return []
        if lo is not None and width < lo:
            needed = lo - width
            taken = plan.take(needed - min(needed, plan.room()), [i - 1, i + 1])
            if taken is None:
                return []
            tail, edits = plan.taking([(j, w) for j, w in taken if j != i])
            return [(f"Widen to {format_m(lo)}{tail}", [width_edit(i, lo), *edits])]
        if hi is None or width <= hi:
            return []
        spare = width - hi
        edits = [width_edit(i, hi)]
        label = f"Narrow to {format_m(hi)}"
        if d.total_mm <= d.length_mm:  # the width must go somewhere, or the street falls short
            j = plan.give(spare, [i - 1, i + 1])
            if j is None or j == i:
                return []
            label += f", widening {plan.name(j)}"
            edits.append(width_edit(j, d.widths[j] + spare))
        return [(label, edits)]

    return fix


Adder = Callable[[Plan, int, Sequence[int]], Candidate | None]


def _adder(ctx: Context, selector: Selector) -> Adder | None:
    """Adding a part that ``selector`` matches at an index: the first matching type of the
    catalog, its default variant moved onto values the selector asks for, at its default width
    (or its minimum, when wider), the width found in the room or taken from ``prefer`` first."""
    chosen = None
    for entry in ctx.catalog.parts.values():
        if entry.type not in selector.types:
            continue
        variant = dict(entry.default_variant)
        for axis, allowed in selector.variant:
            values = [v for v in entry.variants.get(axis, ()) if v in allowed]
            if not values:
                break
            if variant.get(axis) not in allowed:
                variant[axis] = values[0]
        else:
            chosen = entry, variant
            break
    if chosen is None:
        return None
    entry, variant = chosen
    width = max(entry.default_width_mm, entry.width_limits(variant)[0] or 0)
    asked = [variant[axis] for axis, _allowed in selector.variant]
    name = f"{format_m(width)} {in_sentence(entry.label)}"
    name += f" ({', '.join(asked)})" if asked else ""

    def add(plan: Plan, at: int, prefer: Sequence[int]) -> Candidate | None:
        taken = plan.take(width - min(width, plan.room()), prefer)
        if taken is None:
            return None
        tail, edits = plan.taking(taken)
        edits.append({"op": "add_part", "type": entry.type, "index": at})
        edits.extend(
            {"op": "set_variant", "index": at, "axis": axis, "value": value}
            for axis, value in variant.items()
            if entry.default_variant.get(axis) != value
        )
        if width != entry.default_width_mm:
            edits.append(width_edit(at, width))
        return f"Add {article(name)} {name}{tail}", edits

    return add


@fixer("adjacent")
def _adjacent(rule: Mapping[str, Any], path: str, ctx: Context) -> Fixer | None:
    if not rule.get("separator"):
        return None
    add = _adder(ctx, ctx.catalog.selector(rule["separator"], path))
    if add is None:
        return None

    def fix(plan: Plan, finding: Finding) -> list[Candidate]:
        i, j = finding["parts"]
        candidate = add(plan, j, [i, j])
        return [] if candidate is None else [candidate]

    return fix


@fixer("requires")
def _requires(rule: Mapping[str, Any], path: str, ctx: Context) -> Fixer | None:
    add = _adder(ctx, ctx.catalog.selector(rule["then"], path))
    if add is None:
        return None

    def fix(plan: Plan, finding: Finding) -> list[Candidate]:
        at = finding["parts"][0] + 1
        candidate = add(plan, at, [at - 1, at])
        return [] if candidate is None else [candidate]

    return fix


@fixer("count")
def _count(rule: Mapping[str, Any], path: str, ctx: Context) -> Fixer | None:
    selector = ctx.catalog.selector(rule["of"], path)
    lo = rule.get("min")
    add = _adder(ctx, selector)
    if add is None or lo is None:
        return None

    def fix(plan: Plan, finding: Finding) -> list[Candidate]:
        d = plan.d
        if finding["parts"] or len(selector.indexes(d.types, d.variants)) != lo - 1:
            return []  # a "max" finding, or more than one part missing
        kin = [i for i, t in enumerate(d.types) if t in selector.types]
        at = kin[-1] + 1 if kin else len(d.types) // 2
        candidate = add(plan, at, [at - 1, at])
        return [] if candidate is None else [candidate]

    return fix


class Fixers:
    """A toolkit's fixers by rule id, compiled once, and the parts its ``locked`` rules fix."""

    def __init__(self, rules: Sequence[Mapping[str, Any]], ctx: Context) -> None:
        self.by_rule: dict[str, Fixer] = {}
        self.locked_ids: set[str] = set()
        self.locked_of: list[Selector] = []
        for n, rule in enumerate(rules):
            path = f"rules[{n}]"
            if rule["check"] == "locked":
                self.locked_ids.update(rule.get("ids") or ())
                if "of" in rule:
                    self.locked_of.append(ctx.catalog.selector(rule["of"], path))
            compiler = FIXERS.get(rule["check"])
            compiled = compiler(rule, path, ctx) if compiler else None
            if compiled is not None:
                self.by_rule[rule["id"]] = compiled

    def frozen(self, d: ParsedDesign) -> set[int]:
        return {
            i
            for i, t in enumerate(d.types)
            if d.ids[i] in self.locked_ids
            or any(s.matches(t, d.variants[i]) for s in self.locked_of)
        }


def apply_fix(toolkit: SectionToolkit, design: object, fix: Mapping[str, Any]) -> dict[str, Any]:
    """The design after a fix's edits, in order (a NEW design)."""
    for edit in fix["edits"]:
        op, index = edit["op"], edit["index"]
        if op == "set_width":
            design = set_width(design, index, edit["width"])
        elif op == "add_part":
            design = add_part(toolkit, design, edit["type"], index)
        elif op == "set_variant":
            design = set_variant(toolkit, design, index, edit["axis"], edit["value"])
        else:
            raise DesignError("edits", f"a quick fix has no edit {describe(op)}")
    assert isinstance(design, dict)
    return design


def keeps_promise(before: Evaluation, after: Evaluation, target: Finding) -> bool:
    """A fix keeps its promise when its rule finds less than before and no rule finds more."""
    was = Counter(f["rule"] for f in before["findings"])
    now = Counter(f["rule"] for f in after["findings"])
    return now[target["rule"]] < was[target["rule"]] and all(now[r] <= was[r] for r in now)


def quick_fixes(toolkit: SectionToolkit, design: object, evaluation: Evaluation) -> list[list[Fix]]:
    """The fixes offered for each finding of ``evaluation`` (the design's), in finding order."""
    current, _notices = toolkit.migrate(design)
    d = toolkit.read(current)
    fixers = toolkit.fixers
    plan = Plan(d, fixers.frozen(d))
    offered: list[list[Fix]] = []
    for finding in evaluation["findings"]:
        fix = fixers.by_rule.get(finding["rule"])
        fixes = []
        for label, edits in fix(plan, finding) if fix else ():
            candidate = {"label": label, "edits": edits}
            after = toolkit.evaluate(apply_fix(toolkit, current, candidate))
            if keeps_promise(evaluation, after, finding):
                fixes.append(candidate)
        offered.append(fixes)
    return offered
