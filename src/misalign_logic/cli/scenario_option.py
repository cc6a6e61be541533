"""``FILE --scenario NAME --scheme ID``: the one scenario and scheme that ``worlds``, ``ask`` and ``export`` take."""

from __future__ import annotations

import argparse
from typing import Any

from misalign_logic.cli.taxonomy_option import add_taxonomy_option, taxonomies, with_taxonomies
from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.model.specfile import Spec
from misalign_logic.spec.load import load_spec

__all__ = ["add_scenario_options", "chosen"]


def add_scenario_options(parser: Any) -> None:
    """Add ``FILE``, ``--scenario NAME``, ``--scheme ID`` and ``--taxonomy FILE``."""
    parser.add_argument("file", metavar="FILE", help="a spec file (TOML)")
    parser.add_argument("--scenario", required=True, metavar="NAME", help="the scenario, by its name in FILE")
    parser.add_argument(
        "--scheme",
        required=True,
        metavar="ID",
        help="a scheme ID such as 'heuristic:deception' or 'generalization[standard=reasons]', or the name of "
        "a scheme FILE or a --taxonomy file defines",
    )
    add_taxonomy_option(parser)


def chosen(args: argparse.Namespace) -> tuple[Spec, Scenario, Scheme]:
    """The spec, scenario and scheme the arguments name (an unknown scenario or scheme: an error, exit 2)."""
    found = taxonomies(args)
    spec = with_taxonomies(load_spec(args.file), found)
    scheme = parse_scheme(args.scheme)  # after the files: a scheme they define is known by name
    scheme.check_story(spec.story)
    try:
        scenario = spec.scenario(args.scenario)
    except KeyError as err:
        raise MisalignLogicError(f"{args.file}: {err.args[0]}") from None
    return spec, scenario, scheme
