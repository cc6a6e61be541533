"""``misalign-logic atlas DIR|FILE...``: every story under every scheme, and the headline figures."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.solver_options import add_solver_options, worker_processes
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies
from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.schemes import parse_scheme
from misalign_logic.prose.atlas import atlas_html, atlas_text
from misalign_logic.solve.atlas import atlas, atlas_schemes
from misalign_logic.spec.load import load_spec


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "atlas",
        help="classify many stories under many schemes: the matrix and the headline figures",
        description="Classify every scenario of every story under every scheme, and count how many "
        "stories each scheme categorizes cleanly. A directory stands for the spec files (*.toml) in it.",
    )
    p.add_argument("paths", nargs="+", metavar="DIR|FILE", help="spec files, or directories of them")
    p.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="ID",
        help="a scheme ID (repeatable; default: every scheme that names no counterfactual, so that it "
        "applies to every story); a --taxonomy file's schemes are added as columns",
    )
    p.add_argument(
        "--jobs", type=worker_processes, default=1, metavar="N", help="check in N worker processes (default 1)"
    )
    add_format_option(p, "atlas")
    add_taxonomy_option(p)
    add_solver_options(p, gave_up="the cell is then 'unknown'")
    p.set_defaults(run=run)


def spec_files(paths: list[str]) -> list[Path]:
    """The spec files named: each file as given, each directory's ``*.toml`` files in name order.

    Raises:
        MisalignLogicError: a path does not exist, or a directory holds no spec file.
    """
    files: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                msg = f"{text}: the directory holds no spec file (*.toml)"
                raise MisalignLogicError(msg)
            files += found
        elif path.exists():
            files.append(path)
        else:
            msg = f"{text}: no such file or directory"
            raise MisalignLogicError(msg)
    return files


def run(args: argparse.Namespace, out: TextIO) -> int:
    found = taxonomies(args)  # first: --scheme may name a taxonomy's scheme
    named = [parse_scheme(s) for s in args.scheme]
    specs = [load_spec(f) for f in spec_files(args.paths)]  # load all first: a bad file stops before any output
    # A taxonomy's schemes get their own columns, after the ones asked for (or the default ones).
    schemes = list(added(named or atlas_schemes(specs), found)) if named or found else None
    result = atlas(specs, schemes, jobs=args.jobs, timeout=args.timeout, rlimit=args.rlimit)
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), indent=2) + "\n")
    elif args.format == "html":
        out.write(atlas_html(result))
    else:
        out.write(atlas_text(result))
    return 0 if result.complete else 1
