"""``misalign-logic check FILE...``: every scenario under every scheme, and how the scenarios relate."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.json_output import json_text
from misalign_logic.cli.progress import StderrProgress
from misalign_logic.cli.solver_options import add_solver_options, worker_processes
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies, with_taxonomies
from misalign_logic.model.escape import one_line, text_lines
from misalign_logic.model.schemes import Scheme, parse_scheme, scheme_family
from misalign_logic.model.specfile import Spec
from misalign_logic.model.verdicts import Status
from misalign_logic.prose.explain import explain
from misalign_logic.solve.batch import check_many
from misalign_logic.solve.check import SpecResult
from misalign_logic.solve.judge import judge_spec
from misalign_logic.spec.kinds import Kind, kind_of
from misalign_logic.spec.load import load_spec


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="classify every scenario of spec files under every scheme",
        description="Classify every scenario under every scheme, and relate the scenarios.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="spec files (TOML)")
    p.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="ID",
        help="a scheme ID such as 'objective[counterfactual=usefulness]' (repeatable), or 'all' for the whole "
        "family: every parameter under both readings (default: the file's [check] schemes, or else its own "
        "[scheme.*] tables and the nine built-in schemes under the literal reading)",
    )
    add_format_option(p, "check")
    add_taxonomy_option(p)
    add_solver_options(p)
    p.add_argument(
        "--no-explain",
        dest="explain",
        action="store_false",
        help="decide the verdicts without minimal cores and deciding facts (much faster on large stories)",
    )
    p.add_argument(
        "--jobs",
        type=worker_processes,
        default=1,
        metavar="N",
        help="check the files in N worker processes (default 1); the output is the same",
    )
    p.add_argument(
        "--only-specs",
        action="store_true",
        help="leave out the FILEs that are not specs (taxonomy files, pyproject.toml), and succeed when none is "
        "left: for pre-commit, which passes every changed .toml file",
    )
    p.set_defaults(run=run)


#: How many facts a line of the text table names before it says how many more there are (JSON lists all).
_SHOWN_FACTS = 8


def _few(facts: Sequence[str]) -> str:
    """``facts`` joined with commas, the first :data:`_SHOWN_FACTS` of them and then how many more."""
    if len(facts) <= _SHOWN_FACTS:
        return ", ".join(facts)
    return ", ".join(facts[:_SHOWN_FACTS]) + f", and {len(facts) - _SHOWN_FACTS} more (see --format json)"


def _whole_family(spec: Spec, named: Sequence[Scheme]) -> tuple[Scheme, ...]:
    """``--scheme all``: every built-in scheme with every parameter under both readings, then the spec's and
    the taxonomies' own schemes and any other scheme named, each once."""
    own = [s for s in spec.schemes if not s.family.builtin]
    out: list[Scheme] = []
    for scheme in (*scheme_family(spec.story), *own, *named):
        if scheme not in out:
            out.append(scheme)
    return tuple(out)


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.only_specs:
        args.files = [f for f in args.files if kind_of(f) is Kind.SPEC]
        if not args.files:
            return 0  # pre-commit passed no spec: nothing to check
    found = taxonomies(args)
    everything = "all" in args.scheme
    # load all first: a bad file stops before any output, and --scheme may name a file's own scheme
    specs = [with_taxonomies(load_spec(f), found) for f in args.files]
    named = [parse_scheme(s) for s in args.scheme if s != "all"]
    schemes = list(added(named, found)) if named and not everything else None
    if everything:
        specs = [attrs.evolve(spec, schemes=_whole_family(spec, named)) for spec in specs]
    progress = StderrProgress(args.stderr)
    try:
        results = check_many(
            specs,
            schemes,
            jobs=args.jobs,
            timeout=args.timeout,
            rlimit=args.rlimit,
            explain=args.explain,
            progress=progress,
        )
    finally:
        progress.close()
    if args.format == "json":
        doc: dict[str, Any] = {"files": [r.path for r in results], "scenarios": [], "relations": [], "flips": []}
        for spec, result in zip(specs, results, strict=True):
            part = result.to_dict()
            # Each verdict also carries its explanation, told with the scenario's own words.
            for entry, (name, verdicts) in zip(part["scenarios"], result.verdicts, strict=True):
                for item, verdict in zip(entry["verdicts"], verdicts, strict=True):
                    item["explanation"] = explain(verdict, spec.scenario(name)).to_dict()
            for key, items in part.items():
                doc[key].extend(items)
        # The answers recorded in the files, judged against the whole scheme family (see `judge`).
        judged = [
            judge_spec(spec, timeout=args.timeout, rlimit=args.rlimit, explain=args.explain)
            for spec in specs
            if spec.judgments
        ]
        if judged:
            doc["judgments"] = [entry for j in judged for entry in j.to_dict()["judgments"]]
        out.write(json_text(doc))
    else:
        for i, result in enumerate(results):
            if i:
                out.write("\n")
            out.write(render_text(result))
        for spec in specs:
            if spec.judgments:
                who = len({j.respondent for j in spec.judgments})
                out.write(f"\n{spec.path} records answers of {who} respondent(s): misalign-logic judge {spec.path}\n")
    return 0 if all(r.complete for r in results) else 1


def render_text(result: SpecResult) -> str:
    """A readable table: a row per scheme, a column per scenario; then what decides, relations and flips."""
    verdicts, relations = result.verdicts, result.relations
    names = [one_line(name) for name, _ in verdicts]  # escaped first, so the columns line up
    schemes = [one_line(v.scheme) for v in verdicts[0][1]] if verdicts else []
    rows = [["scheme", *names]]
    for j, scheme in enumerate(schemes):
        rows.append([scheme, *(vs[j].summary() for _, vs in verdicts)])
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = [f"{result.path}: story {result.story!r}, {len(names)} scenario(s), {len(schemes)} scheme(s)", ""]
    for k, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = []
    for name, vs in verdicts:
        for v in vs:
            if v.status is Status.AMBIGUOUS and not v.deciding:
                continue  # explanations were not asked for (--no-explain)
            if v.status is Status.AMBIGUOUS:
                decided = "; ".join(f"{w.label}: {_few(w.decided_by.statements())}" for w in v.witnesses)
                notes.append(f"  {name}, {v.scheme}: decided by {_few(v.deciding)} ({decided})")
            elif v.status is Status.UNKNOWN:
                notes.append(f"  {name}, {v.scheme}: the solver gave up ({v.reason})")
            elif v.status is Status.INCONSISTENT and v is vs[0]:
                notes.append(f"  {name} has no world; these constraints clash: " + " | ".join(c.text for c in v.core))
    if notes:
        lines += ["", "what decides:", *notes]
    if relations:
        lines += ["", "relations:"]
        for r in relations:
            extra = f" ({r.reason})" if r.reason else ""
            lines.append(f"  {r.a} {r.kind.value} {r.b}{extra}")
    if result.flips:
        lines += ["", "non-monotone flips (a refinement gained a label; only a description-based heuristic can):"]
        lines += [f"  {f}" for f in result.flips]
    if result.probabilities:
        lines += ["", "under priors:"]
        lines += [f"  {p.scenario}, {p.scheme}, prior {p.prior}: {p.summary()}" for p in result.probabilities]
    return text_lines(lines) + "\n"  # a name with a line feed cannot start a line of its own
