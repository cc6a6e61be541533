"""``misalign-logic audit FILE...``: is each scheme a categorization, world-based, right on the clean cases?

FILE is a spec (with ``[story]``) or a taxonomy file (only ``[scheme.NAME]`` and ``[[expect]]`` tables).
Exit status: 0 when every audited scheme is a categorization and meets its expectations, 1 otherwise, 2 for
bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any, TextIO

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.json_output import json_text
from misalign_logic.cli.solver_options import seconds, units
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies
from misalign_logic.model.errors import SolverUnknown, SpecError
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.model.specfile import Expectation, Spec
from misalign_logic.prose.audit import audit_text
from misalign_logic.solve.audit import limits
from misalign_logic.solve.scope import DEFAULT_SCOPE
from misalign_logic.solve.taxonomy_audit import audit
from misalign_logic.spec.kinds import Kind, kind_of
from misalign_logic.spec.load import load_spec
from misalign_logic.spec.taxonomy import Taxonomy, load_taxonomy


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "audit",
        help="prove what each scheme of a taxonomy is: a categorization, world-based, right on the clean cases",
        description="For each scheme (default: the files' own schemes): is it a categorization within the "
        "scope and on the specs' stories, is it world-based (else a non-monotone flip), does it meet its "
        "[[expect]] tables and the seed's clean cases; with --compare, are two schemes equivalent within the "
        "scope (else a distinguishing scenario).",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="spec or taxonomy files (TOML)")
    add_taxonomy_option(p)
    p.add_argument("--scheme", action="append", default=[], metavar="ID", help="a scheme to audit (repeatable)")
    p.add_argument("--compare", nargs=2, action="append", default=[], metavar=("A", "B"), help="compare two schemes")
    p.add_argument(
        "--scope",
        type=_scope,
        default=DEFAULT_SCOPE,
        metavar="N",
        help=f"check every story up to N situations per phase, N+1 actions, N choices (default {DEFAULT_SCOPE})",
    )
    add_format_option(p, "audit")
    p.add_argument(
        "--verbose",
        action="store_true",
        help="text: after each finding, the world as found and a spec file (between marker lines) that check "
        "reproduces it with; pop-quiz answers and reasons in full",
    )
    p.add_argument(
        "--only-taxonomies",
        action="store_true",
        help="leave out the FILEs that are not taxonomy files (specs, pyproject.toml), and succeed when none is "
        "left: for pre-commit, which passes every changed .toml file",
    )
    p.add_argument(
        "--timeout",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help="give up on a solver call after this long; the audit then says it did not finish (default: none)",
    )
    p.add_argument(
        "--rlimit",
        type=units,
        default=None,
        metavar="UNITS",
        help="z3 resource units per solver call; the audit then says it did not finish (default: none)",
    )
    p.set_defaults(run=run)


def _scope(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 4:
        msg = f"expected a scope from 1 to 4, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _load(path: str) -> Spec | Taxonomy:
    """A taxonomy file when the file has only [scheme.NAME] and [[expect]] tables, else a spec."""
    return load_taxonomy(path) if kind_of(path) is Kind.TAXONOMY else load_spec(path)


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.only_taxonomies:
        args.files = [f for f in args.files if kind_of(f) is Kind.TAXONOMY]
        if not args.files and not args.taxonomy and not args.scheme and not args.compare:
            return 0  # pre-commit passed no taxonomy file: nothing to prove
    loaded = [_load(f) for f in args.files]
    found = [*(t for t in loaded if isinstance(t, Taxonomy)), *taxonomies(args)]
    specs = [s for s in loaded if isinstance(s, Spec)]
    own: list[Scheme] = [s for spec in specs for s in spec.own_schemes]
    schemes = [parse_scheme(s) for s in args.scheme] or list(added(own, found))
    pairs = [(parse_scheme(a), parse_scheme(b)) for a, b in args.compare]
    if not schemes and not pairs:
        raise SpecError.at(
            "nothing to audit: the files define no schemes",
            hint="add [scheme.NAME] tables, --taxonomy FILE, --scheme ID or --compare A B",
        )
    expectations: list[tuple[Expectation, Spec | None]] = [(e, s) for s in specs for e in s.expectations]
    expectations += [(e, None) for t in found for e in t.expectations]
    try:
        with limits(args.timeout, args.rlimit) if args.timeout or args.rlimit else contextlib.nullcontext():
            result = audit(schemes, specs, expectations, pairs, args.scope, [d for t in found for d in t.declared])
    except SolverUnknown as gave_up:
        # Nothing is proved or refuted: say so, rather than any answer.
        getattr(args, "stderr", sys.stderr).write(
            f"audit: unknown: the solver gave up before the audit finished ({gave_up}); "
            "raise --rlimit or --timeout, or leave them out\n"
        )
        return 1
    if args.format == "json":
        out.write(json_text(result.to_dict(), ensure_ascii=False))
    else:
        out.write(audit_text(result, args.verbose))
    return 0 if result.ok else 1
