"""``misalign-logic check FILE...``: every scenario under every scheme, and how the scenarios relate."""

from __future__ import annotations

import argparse
import itertools
import json
from typing import Any, TextIO

from misalign_logic.classify import Analysis, relate
from misalign_logic.explain import explain
from misalign_logic.schemes import Scheme, parse_scheme
from misalign_logic.spec import Spec, load_spec
from misalign_logic.verdicts import Relation, RelationKind, Status, Verdict


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="classify every scenario of spec files under every scheme",
                       description="Classify every scenario under every scheme, and relate the scenarios.")
    p.add_argument("files", nargs="+", metavar="FILE", help="spec files (TOML)")
    p.add_argument("--scheme", action="append", default=[], metavar="ID",
                   help="a scheme ID such as 'objective[counterfactual=usefulness]' (repeatable; "
                   "default: the file's [check] schemes, or every scheme)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="give up on a solver call after this long; the verdict is then 'unknown'")
    p.add_argument("--rlimit", type=int, default=None, metavar="UNITS",
                   help="z3 resource units per solver call (a machine-independent limit)")
    p.set_defaults(run=run)


def check_spec(spec: Spec, schemes: list[Scheme] | None = None, timeout: float | None = None,
               rlimit: int | None = None) -> tuple[list[tuple[str, list[Verdict]]], list[Relation]]:
    """Classify every scenario of ``spec`` under ``schemes`` (default: the spec's) and relate each pair.

    Returns:
        The verdicts per scenario name, in file order, and one relation per pair of scenarios. A pair where
        one refines the other is reported as ``refines`` from the refining one.
    """
    chosen = schemes or list(spec.schemes)
    for scheme in chosen:
        scheme.check_story(spec.story)
    verdicts = []
    for scenario in spec.scenarios:
        analysis = Analysis(scenario, timeout=timeout, rlimit=rlimit)
        verdicts.append((scenario.name, [analysis.classify(s) for s in chosen]))
    relations = []
    for a, b in itertools.combinations(spec.scenarios, 2):
        rel = relate(a, b, timeout=timeout, rlimit=rlimit)
        if rel.kind is RelationKind.REFINED_BY:
            rel = relate(b, a, timeout=timeout, rlimit=rlimit)
        relations.append(rel)
    return verdicts, relations


def run(args: argparse.Namespace, out: TextIO) -> int:
    schemes = [parse_scheme(s) for s in args.scheme] or None
    specs = [load_spec(f) for f in args.files]  # load all first: a bad file stops before any output
    results = [(spec, *check_spec(spec, schemes, args.timeout, args.rlimit)) for spec in specs]
    if args.format == "json":
        doc: dict[str, Any] = {"files": [s.path for s in specs], "scenarios": [], "relations": []}
        for spec, verdicts, relations in results:
            for name, vs in verdicts:
                scenario = spec.scenario(name)
                doc["scenarios"].append({"name": name, "file": spec.path, "verdicts": [
                    {**v.to_dict(), "explanation": explain(v, scenario).to_dict()} for v in vs]})
            doc["relations"].extend({**r.to_dict(), "file": spec.path} for r in relations)
        out.write(json.dumps(doc, indent=2, sort_keys=False) + "\n")
    else:
        for i, (spec, verdicts, relations) in enumerate(results):
            if i:
                out.write("\n")
            out.write(render_text(spec, verdicts, relations))
    unknown = any(v.status is Status.UNKNOWN for _, vs, _ in results for _, row in vs for v in row)
    unknown |= any(r.kind is RelationKind.UNKNOWN for _, _, rs in results for r in rs)
    return 1 if unknown else 0


def render_text(spec: Spec, verdicts: list[tuple[str, list[Verdict]]], relations: list[Relation]) -> str:
    """A readable table: a row per scheme, a column per scenario; then relations and what decides."""
    names = [name for name, _ in verdicts]
    schemes = [v.scheme for v in verdicts[0][1]] if verdicts else []
    rows = [["scheme", *names]]
    for j, scheme in enumerate(schemes):
        rows.append([scheme, *(vs[j].summary() for _, vs in verdicts)])
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = [f"{spec.path}: story {spec.story.name!r}, {len(names)} scenario(s), {len(schemes)} scheme(s)", ""]
    for k, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = []
    for name, vs in verdicts:
        for v in vs:
            if v.status is Status.AMBIGUOUS:
                decided = "; ".join(f"{w.label}: {w.decided_by}" for w in v.witnesses)
                notes.append(f"  {name}, {v.scheme}: decided by {', '.join(v.deciding)} ({decided})")
            elif v.status is Status.UNKNOWN:
                notes.append(f"  {name}, {v.scheme}: the solver gave up ({v.reason})")
            elif v.status is Status.INCONSISTENT and v is vs[0]:
                notes.append(f"  {name} has no world; these constraints clash: "
                             + " | ".join(c.text for c in v.core))
    if notes:
        lines += ["", "what decides:", *notes]
    if relations:
        lines += ["", "relations:"]
        for r in relations:
            extra = f" ({r.reason})" if r.reason else ""
            lines.append(f"  {r.a} {r.kind.value} {r.b}{extra}")
    return "\n".join(lines) + "\n"
