"""The ``--taxonomy FILE`` option (repeatable): add a taxonomy file's schemes to a subcommand's schemes."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

import attrs

from misalign_logic.model.schemes import Scheme
from misalign_logic.model.specfile import Spec
from misalign_logic.spec.taxonomy import Taxonomy, load_taxonomy
from misalign_logic.spec.vocabulary import with_declared


def add_taxonomy_option(parser: Any) -> None:
    """Add ``--taxonomy FILE``; its schemes can then be named with ``--scheme`` too."""
    parser.add_argument(
        "--taxonomy",
        action="append",
        default=[],
        metavar="FILE",
        help="a taxonomy file of [scheme.NAME] tables whose schemes to add (repeatable)",
    )


def taxonomies(args: argparse.Namespace) -> list[Taxonomy]:
    """The taxonomy files named on the command line, loaded (and their schemes registered)."""
    return [load_taxonomy(f) for f in args.taxonomy]


def added(schemes: Sequence[Scheme], found: Sequence[Taxonomy]) -> tuple[Scheme, ...]:
    """``schemes`` and then every taxonomy's schemes not among them."""
    out = list(schemes)
    for taxonomy in found:
        out += [s for s in taxonomy.schemes if s not in out]
    return tuple(out)


def with_taxonomies(spec: Spec, found: Sequence[Taxonomy]) -> Spec:
    """``spec`` with the taxonomies' schemes added to its own, and their declared sorts and symbols merged
    into its story (its scenarios are then told over the merged story)."""
    if not found:
        return spec
    spec = with_declared(spec, [d for t in found for d in t.declared])
    return attrs.evolve(spec, schemes=added(spec.schemes, found))
