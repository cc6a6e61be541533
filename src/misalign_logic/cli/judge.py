"""``misalign-logic judge FILE...``: were the recorded answers consistent, and which schemes give them?

The verdict on each respondent's answers comes first (coherent or not, with the proof; the schemes that
reproduce the answers; those among them that only do so by reading the description), then the details:
for each judgment, the schemes that bear it out and those that contradict it, with the reason. A survey
(``--answers``) prints its summary instead — per scheme how many respondents it reproduces, per scenario how
the answers split, each incoherent respondent in one line — and the verdicts and details with ``--verbose``.
Exit status: 0 when every respondent's answers are coherent, 1 when some answer set is incoherent (or
undecided because the solver gave up), 2 for a bad spec or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

import attrs

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.json_output import json_text
from misalign_logic.cli.progress import StderrProgress
from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies
from misalign_logic.model.errors import MisalignLogicError, SpecError
from misalign_logic.model.escape import text_lines
from misalign_logic.model.flips import Flip
from misalign_logic.model.schemes import Scheme, parse_scheme, scheme_family
from misalign_logic.model.specfile import Spec
from misalign_logic.prose.survey import tally_text
from misalign_logic.solve.assess import Bearing
from misalign_logic.solve.judge import JudgeResult, Respondent, judge_spec
from misalign_logic.solve.survey import tally
from misalign_logic.spec.answers import read_answers
from misalign_logic.spec.load import load_spec
from misalign_logic.spec.taxonomy import Taxonomy


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "judge",
        help="judge the answers ([[judgment]] tables) recorded in spec files",
        description="Say whether each respondent's answers are coherent (with a proof when "
        "not), and which schemes reproduce them.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="spec files (TOML) with [[judgment]] tables")
    p.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="ID",
        help="fit only these schemes (repeatable; default: every scheme, parameter and reading)",
    )
    p.add_argument(
        "--answers",
        metavar="CSV",
        default=None,
        help="judge a survey's answers instead of the file's [[judgment]] tables: a CSV file with the columns "
        "respondent,scenario,answer[,strength] (answer: outer, inner, both, none or ambiguous); one FILE only. "
        "Adds a tally: how many respondents are coherent, and how many each scheme reproduces",
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        help="with --answers: after the survey's summary, every respondent's verdict and details (JSON has them all)",
    )
    add_format_option(p, "judge")
    add_taxonomy_option(p)
    add_solver_options(p, "the answer is then undecided")
    p.add_argument(
        "--no-explain",
        dest="explain",
        action="store_false",
        help="judge without minimal cores and deciding facts in the verdicts (much faster on large stories)",
    )
    p.set_defaults(run=run)


def _with_answers(spec: Spec, path: str, err: TextIO) -> Spec:
    """``spec`` with the survey's answers in place of its own judgments (said on ``err`` when it had some)."""
    answers = read_answers(path, [s.name for s in spec.scenarios])
    if spec.judgments:
        err.write(
            f"note: judging the answers in {path}; the {len(spec.judgments)} [[judgment]] table(s) of "
            f"{spec.path} are left out (judge them without --answers)\n"
        )
    return attrs.evolve(spec, judgments=answers)


def run(args: argparse.Namespace, out: TextIO) -> int:
    found = taxonomies(args)
    if args.answers is not None and len(args.files) != 1:
        msg = "--answers judges a survey against one spec file; give exactly one FILE"
        raise MisalignLogicError(msg)
    specs = [load_spec(f) for f in args.files]
    named = [parse_scheme(s) for s in args.scheme]  # after loading: --scheme may name a file's own scheme
    if args.answers is not None:
        specs = [_with_answers(specs[0], args.answers, getattr(args, "stderr", sys.stderr))]
    for spec in specs:
        if not spec.judgments:
            raise SpecError.at(
                "the spec records no answers to judge",
                spec.path,
                hint='add [[judgment]] tables: scenario = "...", label = "outer", strength = "certain"',
            )
    progress = StderrProgress(args.stderr)
    try:
        results = [
            judge_spec(
                spec,
                _schemes(spec, named, found),
                timeout=args.timeout,
                rlimit=args.rlimit,
                explain=args.explain,
                progress=progress,
            )
            for spec in specs
        ]
    finally:
        progress.close()
    tallied = tally(results[0]) if args.answers is not None else None
    if args.format == "json":
        doc: dict[str, Any] = {"files": [r.path for r in results], "judgments": [], "flips": []}
        for result in results:
            for key, items in result.to_dict().items():
                doc[key].extend(items)
        if tallied is not None:
            doc["survey"] = {"answers": args.answers, **tallied.to_dict()}
        out.write(json_text(doc))
    else:
        if tallied is not None:
            out.write(tally_text(tallied))
            if not args.verbose:
                return 0 if all(r.coherent for r in results) else 1
            out.write("\n")
        out.write("\n".join(render_text(r) for r in results))
    return 0 if all(r.coherent for r in results) else 1


def _schemes(spec: Spec, named: list[Scheme], found: list[Taxonomy]) -> tuple[Scheme, ...] | None:
    """The schemes to fit: those named, or the whole family and the file's own schemes; then the taxonomies'."""
    if not named and not found and not spec.own_schemes:
        return None  # the whole family (judge_spec's default)
    return added(named or (*scheme_family(spec.story), *spec.own_schemes), found)


def _verdict(r: Respondent, flips: tuple[Flip, ...]) -> list[str]:
    c = r.coherence
    head = {True: "coherent", False: "INCOHERENT", None: "undecided"}[c.coherent]
    lines = [f"{r.name}: {head}", "  answers: " + "; ".join(str(j) for j in r.judgments)]
    if c.coherent is False:
        lines.append("  No categorization that depends only on what happened gives all of these answers.")
        lines.append(f"  proof: {c.proof}")
        lines += [f"  also: {x.proof}" for x in c.conflicts[1:]]
    elif c.coherent is True:
        lines.append("  Some categorization of worlds gives all of these answers.")
    else:
        lines.append(f"  Not decided: {c.reason}.")
    lines += [f"  note: {x}" for x in c.caveats]
    if r.fitting:
        lines.append(f"  reproduced by: {', '.join(r.fitting)}")
    elif not r.undecided:
        lines.append("  reproduced by: no scheme of the family")
    if r.undecided:
        lines.append(f"  undecided (the solver gave up; they may or may not reproduce them): {', '.join(r.undecided)}")
    for scheme in r.description_based:
        flip = next((f for f in flips if f.scheme == scheme), None)
        lines.append(
            f"  ! {scheme} reads the description, not only the world"
            + (f"; non-monotone flip: {flip.sentence()}" if flip else "")
        )
    return lines


def _details(r: Respondent) -> list[str]:
    lines = [f"{r.name}:"]
    for j, row in zip(r.judgments, r.assessments, strict=True):
        lines.append(f"  {j}" + (f"  ({j.note})" if j.note else ""))
        for bearing in Bearing:
            found = [a for a in row if a.bearing is bearing]
            if not found:
                continue
            if bearing is Bearing.BORNE_OUT:
                lines.append(f"    borne out by: {', '.join(a.scheme for a in found)}")
            else:
                lines.append(f"    {bearing.value}:")
                lines += [f"      {a.scheme}: {a.why}" for a in found]
    # One world can witness several possible answers (a world for outer that is also one for inner): say so once.
    shared: dict[str, list[str]] = {}
    for j, world in r.coherence.witnesses:
        shared.setdefault(str(world), []).append(f"'{j}'")
    for told, answers in shared.items():
        if len(answers) == 1:
            lines.append(f"  a world for {answers[0]}: {told}")
        else:
            lines.append(f"  one world serves {' and '.join(answers)}: {told}")
    return lines


def render_text(result: JudgeResult) -> str:
    """The verdict on each respondent's answers first, then the details per judgment and scheme."""
    lines = [
        f"{result.path}: {len(result.respondents)} answer set(s) judged against {len(result.schemes)} scheme(s)",
        "",
    ]
    for r in result.respondents:
        lines += [*_verdict(r, result.checked.flips), ""]
    if result.checked.flips:
        lines.append("non-monotone flips (a refinement gained a label; the scheme reads the description):")
        lines += [f"  {f}" for f in result.checked.flips]
        lines.append("")
    lines += ["details", "-------"]
    for r in result.respondents:
        lines += [*_details(r), ""]
    return text_lines(lines)  # a name with a line feed cannot start a line of its own
