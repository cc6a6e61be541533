"""``misalign-logic worlds FILE --scenario S --scheme ID``: the scenario's worlds one by one, projected, or counted."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.json_output import json_text
from misalign_logic.cli.scenario_option import add_scenario_options, chosen
from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.model.errors import SolverUnknown
from misalign_logic.solve.worlds import COUNT_BOUND, Count, Found, count_worlds, projection, worlds

#: Worlds listed unless --limit says otherwise.
DEFAULT_LIMIT = 10


def _count(text: str, least: int = 0) -> int:
    """A whole number, at least ``least`` (a bad one is a usage error, exit status 2)."""
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        msg = f"expected a whole number, {least} or more, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _bound(text: str) -> int:
    return _count(text, 1)


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "worlds",
        help="list a scenario's worlds under a scheme, projected onto the terms it reads, or count them",
        description="List the distinct worlds of a scenario, label by label, each projected onto the ground "
        "terms the scheme's conditions read (two worlds differing only elsewhere count once), or count them "
        f"with --count: exact up to {COUNT_BOUND} per label (--bound), and past it 'at least N', never an "
        "estimate.",
    )
    add_scenario_options(p)
    p.add_argument("--label", metavar="L", help="only the worlds that get this label")
    p.add_argument(
        "--project",
        action="append",
        default=[],
        metavar="TERM",
        help="project onto this ground term, e.g. 'reason(review)' (repeatable); 'label' for one world per "
        "label (default: the terms the scheme reads)",
    )
    p.add_argument(
        "--limit", type=_count, default=DEFAULT_LIMIT, metavar="N", help="list at most N worlds (default 10)"
    )
    p.add_argument("--count", action="store_true", help="count the projected worlds per label instead")
    p.add_argument(
        "--bound", type=_bound, default=COUNT_BOUND, metavar="N", help=f"count exactly up to N (default {COUNT_BOUND})"
    )
    add_format_option(p, "worlds")
    add_solver_options(p, "the list or count then stops, saying so")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    spec, scenario, scheme = chosen(args)
    project: Any = "label" if args.project == ["label"] else (args.project or "symbols")
    terms = projection(scenario, scheme, project)
    head: dict[str, Any] = {
        "file": spec.path,
        "scenario": scenario.name,
        "scheme": scheme.id,
        "project": "label" if project == "label" else list(terms),
    }
    limits = {"timeout": args.timeout, "rlimit": args.rlimit}
    if args.count:
        try:
            counts = count_worlds(scenario, scheme, args.label, project, args.bound, **limits)
        except SolverUnknown as gave_up:
            return _gave_up(out, args, head, gave_up, [])
        _print_counts(out, args, head, counts)
        return 0
    listed: list[Found] = []
    try:
        for found in worlds(scenario, scheme, args.label, project, args.limit + 1, **limits):
            listed.append(found)
    except SolverUnknown as gave_up:
        return _gave_up(out, args, head, gave_up, listed)
    more = len(listed) > args.limit
    _print_worlds(out, args, head, listed[: args.limit], more)
    return 0


def _where(head: dict[str, Any]) -> str:
    project = head["project"]
    onto = "the label alone" if project == "label" else f"{len(project)} term(s): {', '.join(project) or '(none)'}"
    return f"{head['file']}: scenario {head['scenario']!r} under {head['scheme']}, projected onto {onto}"


def _print_worlds(out: TextIO, args: argparse.Namespace, head: dict[str, Any], listed: list[Found], more: bool) -> None:
    if args.format == "json":
        out.write(json_text({**head, "worlds": [f.to_dict() for f in listed], "complete": not more, "more": more}))
        return
    lines = [_where(head)]
    for i, found in enumerate(listed, 1):
        lines.append(f"world {i}: {found.label.value}")
        lines += [f"  {fact}" for fact in found.world.statements()]
    if not listed:
        lines.append("no world" + (f" gets the label {args.label}" if args.label else ""))
    if more:
        lines.append(f"more worlds exist: raise --limit (now {args.limit}), or count them with --count")
    else:
        lines.append(f"{len(listed)} world(s): every one")
    out.write("\n".join(lines) + "\n")


def _print_counts(out: TextIO, args: argparse.Namespace, head: dict[str, Any], counts: tuple[Count, ...]) -> None:
    if args.format == "json":
        out.write(json_text({**head, "bound": args.bound, "counts": [c.to_dict() for c in counts]}))
        return
    width = max(len(c.label.value) for c in counts)
    lines = [_where(head), f"projected worlds per label (by enumeration, exact up to {args.bound} per label):"]
    lines += [f"  {c.label.value.ljust(width)}  {c}" for c in counts]
    out.write("\n".join(lines) + "\n")


def _gave_up(
    out: TextIO, args: argparse.Namespace, head: dict[str, Any], gave_up: SolverUnknown, listed: list[Found]
) -> int:
    """The solver gave up: what was found so far, said to be incomplete, and exit status 1."""
    if args.format == "json":
        doc = {
            **head,
            "worlds": [f.to_dict() for f in listed],
            "complete": False,
            "more": False,
            "unknown": gave_up.reason,
        }
        out.write(json_text(doc))
    else:
        lines = [_where(head)]
        for i, found in enumerate(listed, 1):
            lines.append(f"world {i}: {found.label.value}")
            lines += [f"  {fact}" for fact in found.world.statements()]
        lines.append(f"the solver gave up after {len(listed)} world(s): {gave_up.reason}; the list is incomplete")
        out.write("\n".join(lines) + "\n")
    return 1
