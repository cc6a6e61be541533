"""Plants semantic mistakes in a copy of the repository, one at a time, and runs the fast suite on each copy.

Each mutation below is a plausible misreading of a rule of docs/model.md (or of what a test must do), written
as one textual replacement. A mutation the fast suite fails on is *killed*; one it passes is a hole in the
tests. Run from the repository root, in an environment where the package is installed (``pip install -e
".[dev]"``)::

    python tests/mutations/mutate.py             # every mutation, one after another (a minute or two each)
    python tests/mutations/mutate.py --list      # the catalogue
    python tests/mutations/mutate.py NAME ...    # only these
    python tests/mutations/mutate.py --quick     # only those naming their killers, against those files alone

The copy is imported instead of the installed package (``PYTHONPATH``), also by the tests' subprocesses. The
suite runs derandomized (``CI=1``) with ``PYTHONHASHSEED=0`` and stops at the first failure, differential
tests first, so a result is reproducible and a killed mutation is found fast. Exit status 1 if any mutation
survives (unless :data:`ACCEPTED` gives the reason it may) or no longer applies to the source; 2 if the suite
fails without any mutation (a full run checks that first). tests/mutations/test_catalogue.py, in the fast suite,
checks that every entry still applies to the source and that every accepted survivor is in the catalogue.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent.parent
#: Tests run first: quick checks that most mutations meet, then the slower differential ones. Then every other
#: test module, except this catalogue's own test (a planted mistake changes the text it looks for).
FIRST = (
    "tests/test_seed_table.py",
    "tests/testing/test_brute_explanations.py",
    "tests/cli",
    "tests/prose",
    "tests/testing",
    "tests/solve",
)
SKIPPED = ("tests/mutations", "tests/data", "tests/__pycache__")


class Mutation(NamedTuple):
    """One planted mistake: in ``path``, the text ``old`` (found exactly once) becomes ``new``.

    ``killers``: the test files expected to kill it, which ``--quick`` runs instead of the whole fast suite.
    """

    name: str
    rule: str
    path: str
    old: str
    new: str
    killers: tuple[str, ...] = ()


MUTATIONS = (
    Mutation(
        "background-axiom-flipped",
        "Worlds: design(c, s, a) == feedback(s, a) in training situations",
        "src/misalign_logic/solve/ground.py",
        'elif func == "design" and key[2] in self.training:',
        'elif func == "design" and key[2] not in self.training:',
    ),
    Mutation(
        "failure-point-inverted",
        "Worlds: a failure point is a deployment situation with not ideal(s, policy(s))",
        "src/misalign_logic/model/families.py",
        'FAILURE = "exists s in deployment: not ideal(s, policy(s))"',
        'FAILURE = "exists s in deployment: ideal(s, policy(s))"',
    ),
    Mutation(
        "objective-labels-swapped",
        "Schemes 1: outer if the blueprint endorses the failing action, inner otherwise",
        "src/misalign_logic/model/families.py",
        'OUTER: f"{_ENDORSED} and not {_DEPARTED}",\n                INNER: f"{_DEPARTED} and not {_ENDORSED}",',
        'OUTER: f"{_DEPARTED} and not {_ENDORSED}",\n                INNER: f"{_ENDORSED} and not {_DEPARTED}",',
    ),
    Mutation(
        "reasons-standard-ignores-the-reason",
        "Schemes 2: under `reasons`, rewarding the taken action needs reason(s) == aligned",
        "src/misalign_logic/model/families.py",
        "(feedback(t, a) <-> ideal(t, a) and reason(t) == aligned)",
        "(feedback(t, a) <-> ideal(t, a))",
    ),
    Mutation(
        "verifiable-standard-reversed",
        "Schemes 2: under `verifiable`, ideal(s, a) -> feedback(s, a)",
        "src/misalign_logic/model/families.py",
        '"forall a in Action: (ideal(t, a) -> feedback(t, a))"',
        '"forall a in Action: (feedback(t, a) -> ideal(t, a))"',
    ),
    Mutation(
        "root-cause-labels-swapped",
        "Schemes 3: fixes_feedback only -> outer; fixes_generalization only -> inner",
        "src/misalign_logic/model/families.py",
        'OUTER: "fixes_feedback and not fixes_generalization",\n'
        '                INNER: "fixes_generalization and not fixes_feedback",',
        'OUTER: "fixes_generalization and not fixes_feedback",\n'
        '                INNER: "fixes_feedback and not fixes_generalization",',
    ),
    Mutation(
        "deception-read-in-deployment",
        "Schemes 4: deception in some *training* situation -> inner",
        "src/misalign_logic/model/families.py",
        '_DECEIVED = "exists t in training: reason(t) == deceptive"',
        '_DECEIVED = "exists t in deployment: reason(t) == deceptive"',
    ),
    Mutation(
        "training-vs-model-reversed",
        "Schemes 5: mentioning a cognition symbol -> inner",
        "src/misalign_logic/model/families.py",
        '_pairs({OUTER: "not mentions(cognition)", INNER: "mentions(cognition)"})',
        '_pairs({OUTER: "mentions(cognition)", INNER: "not mentions(cognition)"})',
    ),
    Mutation(
        "gricean-defaults-dropped",
        "Schemes 6: the Gricean reading adds a default for every unmentioned cognition term",
        "src/misalign_logic/model/conditions.py",
        'return tuple(Constraint(render(e), e, stated_in="(gricean default)") for e in out)',
        "return ()",
    ),
    Mutation(
        "gricean-default-deceptive",
        "Schemes 6: the default reason is aligned",
        "src/misalign_logic/model/conditions.py",
        'App("reason", (situation,), "Reason"), Const("aligned", "Reason"))',
        'App("reason", (situation,), "Reason"), Const("deceptive", "Reason"))',
    ),
    Mutation(
        "prior-unnormalized",
        "Schemes 7: normalize over the satisfiable assignments",
        "src/misalign_logic/solve/probability.py",
        "lo.get(label, Fraction(0)) / total, hi[label] / total)",
        "lo.get(label, Fraction(0)), hi[label])",
    ),
    Mutation(
        "relations-swapped",
        "Refinement: a refines b when every world of a is a world of b",
        "src/misalign_logic/solve/relations.py",
        "    elif only_a is None:\n        kind = RelationKind.REFINES\n    elif only_b is None:\n"
        "        kind = RelationKind.REFINED_BY",
        "    elif only_a is None:\n        kind = RelationKind.REFINED_BY\n    elif only_b is None:\n"
        "        kind = RelationKind.REFINES",
        ("tests/solve/test_refinement.py",),
    ),
    Mutation(
        "flips-read-backwards",
        "Monotonicity: a flip is a refinement whose labels are not a subset of its base's",
        "src/misalign_logic/model/flips.py",
        "or v.labels <= w.labels:",
        "or w.labels <= v.labels:",
    ),
    Mutation(
        "coherence-ignores-shared-worlds",
        "Judgments: certain judgments with different labels conflict exactly when their scenarios share a world",
        "src/misalign_logic/solve/coherence.py",
        "            world = share_world([a, b], timeout=timeout, rlimit=rlimit)\n            if world is None:",
        "            world = share_world([a, b], timeout=timeout, rlimit=rlimit)\n            if True:",
    ),
    Mutation(
        "forced-core-not-minimized",
        "Verdicts: a forced core is a minimal set that still forces the label",
        "src/misalign_logic/solve/classify.py",
        "        core, minimal = self._proved(base, candidate, goal, justified=justified)",
        "        core, minimal = [x for x in base if x in candidate], True",
    ),
    Mutation(
        "inconsistent-core-not-minimized",
        "Verdicts: an inconsistent core is a minimal unsatisfiable subset",
        "src/misalign_logic/solve/classify.py",
        "-> Verdict:\n        core, minimal = self._proved(base, candidate, goal)",
        "-> Verdict:\n        core, minimal = [x for x in base if x in candidate], True",
    ),
    Mutation(
        "deciding-facts-not-minimized",
        "Verdicts: the unknowns that decide between the labels, a minimal set",
        "src/misalign_logic/solve/classify.py",
        "        core, _ = self._s.necessary(fixed, [n for n in names if n in found], needed if flips else None)\n",
        "        core = [n for n in names if n in found]\n",
    ),
    Mutation(
        "diagram-arrows-unsorted",
        "Output is byte-identical from run to run and process to process",
        "src/misalign_logic/prose/diagram.py",
        "for b, a in sorted(strict, key=lambda p: (names.index(p[0]), names.index(p[1])))",
        "for b, a in strict",
    ),
    Mutation(
        "python-dash-m-does-nothing",
        "python -m misalign_logic is the misalign-logic command",
        "src/misalign_logic/__main__.py",
        "    entry()",
        "    pass",
    ),
    Mutation(
        "hook-imports-strategies-eagerly",
        "import misalign_logic.strategies works in a fresh interpreter (hypothesis' hook runs mid-import)",
        "src/misalign_logic/_hypothesis_hook.py",
        "    st.register_type_strategy(Story, _stories)",
        "    from misalign_logic.testing.strategies import stories\n\n"
        "    st.register_type_strategy(Story, lambda _: stories())",
    ),
    Mutation(
        "notebook-crash-skipped",
        "The notebook test skips only when no kernel can start (a mistake in a test)",
        "tests/prose/test_notebook.py",
        "    client.km = client.create_kernel_manager()\n    try:\n        client.start_new_kernel()\n"
        "        client.start_new_kernel_client()  # waits until the kernel answers\n",
        "    try:\n        client.execute()\n",
    ),
    Mutation(
        "amount-range-upper-bound-dropped",
        "The user's own vocabulary: an amount's value stays within its declared range, both bounds",
        "src/misalign_logic/solve/encoding.py",
        "out += declare_amount(str(found), _number(lo), _number(hi))",
        "out += declare_amount(str(found), _number(lo), str(10**9))",
    ),
    Mutation(
        "amount-difference-as-sum",
        "Amounts: left - right subtracts",
        "src/misalign_logic/solve/encoding.py",
        'return f"({n.op} {left} {right})"',
        'return f"(+ {left} {right})"',
    ),
    Mutation(
        "amounts-aliased-by-compile",
        "Amounts: two amounts stated equal keep both declared ranges",
        "src/misalign_logic/solve/compile.py",
        "        if kind is Iff or kind is Same:\n",
        '        if kind is Iff or kind is Same or type(n).__name__ == "Relation" and n.op == "==":\n'
        "            return self._equality(single, n.left, n.right)\n"
        "        if kind is Iff or kind is Same:\n",
    ),
    Mutation(
        "gricean-amount-default-upper-bound",
        "Readings: an unmentioned cognition amount takes the lower bound of its range (docs/model.md)",
        "src/misalign_logic/model/story.py",
        "            return self.range[0]\n",
        "            return self.range[1]\n",
    ),
    Mutation(
        "sum-skips-last-instance",
        "Amounts: sum(x in SORT: term) adds the term over every value of the sort",
        "src/misalign_logic/solve/ground.py",
        "Total(tuple([body(x) for x in self._bindings(variables, env)]))",
        "Total(tuple([body(x) for x in self._bindings(variables, env)[:-1]]))",
    ),
    Mutation(
        "plugin-passes-unknown-verdicts",
        "pytest --misalign: an expectation the solver gave up on fails with its reason, never passes",
        "src/misalign_logic/testing/file_checks.py",
        "        if verdict.status is not Status.UNKNOWN and meets(e, verdict):",
        "        if verdict.status is Status.UNKNOWN or meets(e, verdict):",
    ),
    Mutation(
        "expect-certain-accepts-ambiguous",
        "[[expect]] certain: the verdict is forced to the label alone, not merely allows it",
        "src/misalign_logic/solve/taxonomy_audit.py",
        "        return verdict.status is Status.FORCED and verdict.labels == frozenset({e.label})",
        "        return e.label in verdict.labels",
    ),
    Mutation(
        "plugin-ignores-expected-incoherence",
        "pytest --misalign: a respondent's answers are checked against the [[expect]] that says coherent = false",
        "src/misalign_logic/testing/file_checks.py",
        "        if found.coherent is not self.expected.coherent:",
        "        if found.coherent is not True:",
    ),
    Mutation(
        "plugin-passes-undecided-answers",
        "pytest --misalign: answers whose coherence the solver left undecided fail with the reason",
        "src/misalign_logic/testing/file_checks.py",
        '            return head + f"were left undecided, so nothing is claimed: {found.reason}\\n"',
        "            return None",
    ),
    Mutation(
        "plugin-ignores-fitting-schemes",
        "pytest --misalign: every scheme an [[expect]] names as fitting must bear out every answer",
        "src/misalign_logic/testing/file_checks.py",
        "            found, missing = judged.coherence, _not_fitting(judged)",
        "            found, missing = judged.coherence, []",
    ),
    Mutation(
        "answers-expected-incoherent-by-default",
        "[[expect]] of a respondent: coherent defaults to true",
        "src/misalign_logic/spec/taxonomy.py",
        'table.get("coherent", True)',
        'table.get("coherent", False)',
    ),
    Mutation(
        "check-hook-takes-taxonomies",
        "check --only-specs leaves out taxonomy files (pre-commit passes every changed .toml file)",
        "src/misalign_logic/cli/check.py",
        "        args.files = [f for f in args.files if kind_of(f) is Kind.SPEC]",
        "        args.files = [f for f in args.files if kind_of(f) is not Kind.OTHER]",
    ),
    Mutation(
        "parameter-substituted-as-text",
        "Schemes as data: a parameter's value is put into the condition's tree, never into its text",
        "src/misalign_logic/model/conditions.py",
        "text = text.replace(placeholder, hole.center(len(placeholder)) if len(hole) <= len(placeholder) else hole)",
        "text = text.replace(placeholder, p.text(scheme.param(p.name)))",
    ),
    Mutation(
        "substitution-keeps-a-capturing-binder",
        "Substitution is capture-free: a binder sharing a replacement's name is renamed apart",
        "src/misalign_logic/model/expr.py",
        "        if name in visible:  # the binder would capture a name of a replacement: rename it apart",
        "        if name in visible and False:",
    ),
    Mutation(
        "quantified-difference-merged",
        "Compile: only a quantified == between two atoms merges them; != is left to the walk",
        "src/misalign_logic/solve/compile.py",
        "                self._facts.append((arg, False, single))\n                return True\n",
        "                self._facts.append((arg, False, single))\n                return True\n"
        "            if type(arg) in (Iff, Same) and type(arg.left) is str and type(arg.right) is str:\n"
        "                self._union(arg.left, arg.right, lit)\n                return True\n",
        ("tests/solve/test_compile.py",),
    ),
    Mutation(
        "shrink-skips-after-a-drop",
        "Comparison: a found scenario is shrunk until no single fact can be dropped",
        "src/misalign_logic/solve/compare.py",
        "again or i > 0\n            else:\n                i += 1\n",
        "again or i > 0\n            i += 1\n",
    ),
    Mutation(
        "public-name-left-out-of-all",
        "The package's __all__ lists every public name it defines",
        "src/misalign_logic/__init__.py",
        '    "worlds",\n]',
        "]",
    ),
    Mutation(
        "format-choices-written-in-the-command",
        "Output formats: every command's --format choices come from the one table in cli/formats.py",
        "src/misalign_logic/cli/check.py",
        '    add_format_option(p, "check")',
        '    p.add_argument("--format", choices=("text", "json", "html"), default="text")',
    ),
    Mutation(
        "smtlib-written-outside-its-printer",
        "One module writes SMT-LIB commands (solve/smtlib.py); every other asks it",
        "src/misalign_logic/solve/relations.py",
        'body.append(named(quoted(f"in#{i}"), text))',
        'body.append(f"(declare-const |in#{i}| Bool) (assert (= |in#{i}| {text}))")',
    ),
    Mutation(
        "equivalent-pairs-not-refinements",
        "Refinement: equivalent scenarios refine each other, so a flip between them is reported both ways",
        "src/misalign_logic/model/flips.py",
        "        if r.kind in (RelationKind.REFINES, RelationKind.EQUIVALENT):\n",
        "        if r.kind is RelationKind.REFINES:\n",
        ("tests/solve/test_refinement.py",),
    ),
    Mutation(
        "mentions-matches-substrings",
        "Schemes as data: mentions(X) is true when the scenario mentions the symbol X itself",
        "src/misalign_logic/model/parse.py",
        "        return BoolLit(symbol in self.mentioned)",
        "        return BoolLit(any(symbol in m for m in self.mentioned))",
        ("tests/solve/test_taxonomies.py",),
    ),
    Mutation(
        "isolated-keeps-cached-analyses",
        "An isolated block answers as a fresh process: no analysis cached before it is reused in it",
        "src/misalign_logic/solve/classify.py",
        '    outer = getattr(_local, "cached", None)\n    _local.cached = None\n    try:',
        '    outer = getattr(_local, "cached", None)\n    try:',
        ("tests/solve/test_solver_reuse.py",),
    ),
    Mutation(
        "scope-actions-up-to-n",
        "Schemes as data: a scope of n holds stories with 1 to n + 1 actions",
        "src/misalign_logic/solve/scope.py",
        "range(n + 1), range(1, n + 1), range(1, n + 2), range(1, n + 1))",
        "range(n + 1), range(1, n + 1), range(1, n + 1), range(1, n + 1))",
        ("tests/solve/test_taxonomy_audit.py",),
    ),
    Mutation(
        "quantified-mention-covers-every-situation",
        "Readings: a quantifier over a phase mentions a cognition term for that phase's situations only",
        "src/misalign_logic/model/scenario.py",
        "            bound[name] = phases[domain] if domain in phases else story.sort_values(domain)",
        '            bound[name] = story.sort_values("Situation") if domain in phases else story.sort_values(domain)',
        ("tests/solve/test_gricean_terms.py",),
    ),
    Mutation(
        "overlap-skips-neighbouring-labels",
        "Schemes as data: an overlap is a failure world meeting any two labels' conditions",
        "src/misalign_logic/solve/categorization.py",
        "    pairs = [conj([a, b]) for i, a in enumerate(held) for b in held[i + 1 :]]",
        "    pairs = [conj([a, b]) for i, a in enumerate(held) for b in held[i + 2 :]]",
        ("tests/solve/test_taxonomy_audit.py",),
    ),
    Mutation(
        "ctrl-c-read-as-unknown",
        "Ctrl-C during a solver call interrupts the command (exit 130); it is never the solver giving up",
        "src/misalign_logic/solve/backend.py",
        "        _raise_if_interrupted(self._reason)\n",
        "",
        ("tests/solve/test_interrupts.py",),
    ),
    Mutation(
        "tally-undecided-dropped",
        "A survey's tally counts undecided respondents per scheme, never as not reproduced",
        "src/misalign_logic/solve/survey.py",
        "        tuple((s, sum(s in r.undecided for r in result.respondents)) for s in result.schemes),\n",
        "",
        ("tests/cli/test_cli_survey.py",),
    ),
    Mutation(
        "name-line-feeds-kept",
        "Terminal text: a name's line feed is written as an escape, so it cannot start a line of its own",
        "src/misalign_logic/model/escape.py",
        'CONTROL = re.compile("[\\x00-\\x1f',
        'CONTROL = re.compile("[\\x00-\\x09\\x0b-\\x1f',
        ("tests/cli/test_hostile_names_everywhere.py",),
    ),
    Mutation(
        "atlas-markdown-fence-of-three",
        "Markdown: a code block's fence is longer than any backtick run in the names it holds",
        "src/misalign_logic/prose/atlas.py",
        '    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", text)), default=0))',
        '    fence = "```"',
        ("tests/cli/test_hostile_names_everywhere.py",),
    ),
    Mutation(
        "worlds-projection-drops-a-term",
        "worlds: by default each world is projected onto every ground term the scheme's conditions read",
        "src/misalign_logic/solve/worlds.py",
        "return tuple(sorted(LabelQuery(scenario, scheme).support)) if terms is None else terms",
        "return tuple(sorted(LabelQuery(scenario, scheme).support))[1:] if terms is None else terms",
    ),
    Mutation(
        "worlds-count-past-the-bound-called-exact",
        "worlds --count: past the bound a count says 'at least N', never passes for exact",
        "src/misalign_logic/solve/worlds.py",
        "out.append(Count(each, n, n <= bound))",
        "out.append(Count(each, min(n, bound), True))",
    ),
    Mutation(
        "questions-keep-supersets",
        "ask: only minimal sets of facts are questions (a set holding a smaller forcing set is not)",
        "src/misalign_logic/solve/questions.py",
        "                if any(m <= facts for m in minimal[label]):\n                    continue\n",
        "",
    ),
    Mutation(
        "export-forced-asks-possible",
        "export: the 'is L forced?' script asserts the negation of L's condition (unsat means forced)",
        "src/misalign_logic/solve/queries.py",
        '            goal = f"(not {name})"',
        "            goal = name",
    ),
    Mutation(
        "json-without-format-version",
        "Every JSON document the command prints carries format_version",
        "src/misalign_logic/cli/json_output.py",
        'json.dumps({"format_version": FORMAT_VERSION, **doc}',
        "json.dumps(doc",
    ),
    Mutation(
        "scheme-names-read-before-the-files",
        "--scheme NAME selects a [scheme.NAME] table of the file being checked",
        "src/misalign_logic/cli/check.py",
        "    specs = [with_taxonomies(load_spec(f), found) for f in args.files]\n"
        '    named = [parse_scheme(s) for s in args.scheme if s != "all"]\n',
        '    named = [parse_scheme(s) for s in args.scheme if s != "all"]\n'
        "    specs = [with_taxonomies(load_spec(f), found) for f in args.files]\n",
    ),
    Mutation(
        "scheme-called-all-accepted",
        "No scheme may be called 'all': --scheme all selects every scheme",
        "src/misalign_logic/model/families.py",
        "    if family.name == ALL:",
        "    if family.name == ALL + ALL:",
    ),
    Mutation(
        "overlap-value-unsorted",
        "Values: an overlap is written A+B with the label names sorted",
        "src/misalign_logic/model/labels.py",
        "    names = sorted({label.value for label in labels})",
        "    names = sorted({label.value for label in labels}, reverse=True)",
    ),
    Mutation(
        "reserved-label-declared",
        "Declared labels: unlabelled and none are reserved",
        "src/misalign_logic/model/labels.py",
        "    if name in RESERVED_LABELS:",
        "    if name in RESERVED_LABELS[:0]:",
    ),
    Mutation(
        "undeclared-label-condition-ignored",
        "Declared labels: a condition for a label not declared is an error",
        "src/misalign_logic/model/labels.py",
        "        if key not in seen:",
        "        if key not in seen and not seen:",
    ),
    Mutation(
        "values-read-as-first-label",
        "Values: a world where no label or several labels hold gets unlabelled or A+B, not one of them",
        "src/misalign_logic/solve/classify.py",
        '        one_label = exclusive(self.scenario.story, scheme.with_reading("literal"), self._mentioned)',
        "        one_label = True",
    ),
    Mutation(
        "own-labels-held-to-the-seeds-cases",
        "audit: a scheme whose labels are not outer and inner is not held to the seed's clean cases",
        "src/misalign_logic/solve/taxonomy_audit.py",
        "    seeds = {Label.OUTER.value, Label.INNER.value} <= set(scheme.family.label_names)",
        "    seeds = True",
    ),
    Mutation(
        "label-words-dropped",
        "Words: a declared label's words tell what it means in explanations",
        "src/misalign_logic/prose/explain.py",
        '        told = f"; under this scheme, {label} means that {meaning}" if meaning else ""',
        '        told = ""',
    ),
    Mutation(
        "value-replaces-label-condition",
        "Values: a world's value is read from the labels' own conditions, whatever values were found before",
        "src/misalign_logic/solve/classify.py",
        "            conditions = dict(parsed_definitions(self.scenario.story, "
        'scheme.with_reading("literal"), self._mentioned))',
        "            conditions = goals",
    ),
    Mutation(
        "finding-spec-without-user-schemes",
        "A finding is a complete spec: the user's schemes it names come with their [scheme.NAME] tables",
        "src/misalign_logic/testing/search.py",
        '        return f"{text}\\n{tables}" if tables else text',
        "        return text",
        ("tests/testing/test_search.py",),
    ),
    Mutation(
        "generated-quiz-ignores-the-file",
        "A generated quiz contradicts nothing the file's first scenario says",
        "src/misalign_logic/cli/quiz.py",
        "        within = told.scenarios[0] if told.scenarios else None",
        "        within = None",
        ("tests/cli/test_quiz.py",),
    ),
    Mutation(
        "survey-bar-unscaled",
        "A survey's text bars are scaled to the respondents, so a thousand fit a line",
        "src/misalign_logic/prose/survey.py",
        '    return "#" * (round(_TEXT_BAR * count / total) if total else 0)',
        '    return "#" * count',
        ("tests/cli/test_cli_survey.py",),
    ),
    Mutation(
        "serial-comma-dropped",
        "Lists of three or more items take a comma before the last",
        "src/misalign_logic/prose/words.py",
        '    return ", ".join(items[:-1]) + f", {conjunction} " + items[-1]',
        '    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]',
        ("tests/prose/test_grammar.py",),
    ),
    Mutation(
        "scenario-shown-without-its-story",
        "A scenario shows itself (a falsifying example too) as a complete spec file, story included",
        "src/misalign_logic/spec/render.py",
        '@shows(Scenario, "spec")',
        '@shows(Scenario, "spec-unused")',
        ("tests/testing/test_search.py",),
    ),
    Mutation(
        "answers-csv-keeps-a-formula",
        "The quiz page's answers file neutralises a name that starts like a spreadsheet formula",
        "src/misalign_logic/prose/quiz_page.py",
        """  const safe = /^[=+\\-@\\t\\r]/.test(text) ? "'" + text : text;""",
        "  const safe = text;",
        ("tests/cli/test_quiz.py",),
    ),
    Mutation(
        "stream-escape-passes-esc",
        "Terminal text: command output and pytest reports write ESC (every control but their layout) as an escape",
        "src/misalign_logic/model/escape.py",
        '_STREAM = re.compile("[\\x00-\\x08\\x0b-\\x1f',
        '_STREAM = re.compile("[\\x00-\\x08\\x0b-\\x1a\\x1c-\\x1f',
        ("tests/model/test_escape.py",),
    ),
    Mutation(
        "clash-shrunk-while-merely-possible",
        "Audit: a gap or overlap is shrunk while its value stays forced, not merely possible",
        "src/misalign_logic/solve/clash_scenario.py",
        "return found is not None and found.status is Status.FORCED and found.labels == frozenset({value})",
        "return found is not None and found.status is not Status.INCONSISTENT and value in found.labels",
        ("tests/cli/test_audit_findings.py",),
    ),
    Mutation(
        "clash-world-not-shrunk",
        "Audit: a gap or overlap world is folded to a minimal set of facts",
        "src/misalign_logic/solve/clash_scenario.py",
        "kept, minimal = shrink(facts, forces)",
        "kept, minimal = facts, True",
        ("tests/cli/test_audit_findings.py",),
    ),
    Mutation(
        "clash-spec-without-its-scheme",
        "Audit: a gap's or overlap's spec file holds the [scheme.NAME] table check needs",
        "src/misalign_logic/solve/clash_scenario.py",
        "tables = render_schemes([self.scheme])",
        'tables = ""',
        ("tests/cli/test_audit_findings.py",),
    ),
    Mutation(
        "expectation-line-without-its-spec",
        "Audit text: every expectation line names its spec path and scenario",
        "src/misalign_logic/prose/audit.py",
        "where = f\"{shown_path(e['spec'])}, scenario {e['scenario']}\"",
        """where = e["scenario"]""",
        ("tests/cli/test_audit_findings.py",),
    ),
    Mutation(
        "pop-quiz-answers-uncut",
        "Audit text: the pop-quiz line stays short, each answer cut unless --verbose",
        "src/misalign_logic/prose/audit.py",
        'f"{k} {v if verbose else _short(v)}"',
        'f"{k} {v}"',
        ("tests/cli/test_audit_findings.py",),
    ),
    Mutation(
        "audit-text-unescaped",
        "Audit text: a name from a spec stays on its line (control characters escaped)",
        "src/misalign_logic/prose/audit.py",
        "    return text_lines(lines)",
        '    return "\\n".join(lines)',
        ("tests/cli/test_audit_findings.py",),
    ),
    Mutation(
        "shrink-one-pass",
        "Shrinking: every fact left is needed, also when saying less changes what a scenario mentions",
        "src/misalign_logic/solve/compare.py",
        "kept, again = kept[:i] + kept[i + 1 :], again or i > 0",
        "kept, again = kept[:i] + kept[i + 1 :], False",
        ("tests/solve/test_clash_scenario.py",),
    ),
    Mutation(
        "status-waits-for-explanation",
        "Explanations on demand: a verdict's status and labels never wait for its cores and deciding facts",
        "src/misalign_logic/solve/classify.py",
        "            remedy=found.remedy,\n        )\n        return verdict\n",
        "            remedy=found.remedy,\n        )\n        assert verdict.minimal in (True, False)\n"
        "        return verdict\n",
        ("tests/solve/test_explanations_on_demand.py",),
    ),
    Mutation(
        "explanation-replayed-in-callers-context",
        "Explanations on demand: read later, an explanation is the one computed at once, whatever ran in between",
        "src/misalign_logic/solve/explaining.py",
        "        with entered(self._context), provers_in(self._provers):",
        "        with provers_in(self._provers):",
        ("tests/solve/test_explanations_on_demand.py",),
    ),
    Mutation(
        "explanation-replays-its-question-alone",
        "Explanations on demand: a question's explanation is computed after the questions asked before it",
        "src/misalign_logic/solve/explaining.py",
        "                scheme, given = self._asked[len(self._told)]",
        "                scheme, given = self._asked[index]",
        ("tests/solve/test_explanations_on_demand.py",),
    ),
    Mutation(
        "verdict-pickled-without-explanation",
        "Explanations on demand: a verdict pickles (and copies) with its explanation, and no solver state",
        "src/misalign_logic/model/verdicts.py",
        "    def __reduce__(self) -> tuple[type[Verdict], tuple[Any, ...]]:",
        "    def _reduce_unused(self) -> tuple[type[Verdict], tuple[Any, ...]]:",
        ("tests/solve/test_explanations_on_demand.py",),
    ),
    Mutation(
        "decided-group-switch-built-per-draw",
        "Strategies built once per story: the decided generators make no strategy per example",
        "src/misalign_logic/testing/decided.py",
        "        stated = draw(_stated(tuple(values for _, values in group)))",
        "        stated = draw(_stated.__wrapped__(tuple(values for _, values in group)))",
        ("tests/testing/test_decided_built_once.py",),
    ),
    Mutation(
        "decided-facts-built-per-call",
        "Strategies built once per story: a story's decided strategies are made once",
        "src/misalign_logic/testing/decided.py",
        "@functools.lru_cache(maxsize=1024)  # built once per story (see above)\n",
        "",
        ("tests/testing/test_decided_built_once.py",),
    ),
    Mutation(
        "explanation-given-up-claimed-minimal",
        "Explanations on demand: when the solver gives up explaining, the first core is given, not claimed minimal",
        "src/misalign_logic/solve/explaining.py",
        "            return quiet.core, quiet.witnesses, False",
        "            return quiet.core, quiet.witnesses, True",
        ("tests/solve/test_explanations_on_demand.py",),
    ),
    Mutation(
        "lowered-fact-bound-to-wrong-variable",
        "Lowering: a quantified fact equal to a bound variable states, per instance, that variable's value",
        "src/misalign_logic/solve/ground.py",
        "add((atom, index[other[0]][slots[other[1]]], tag))",
        "add((atom, index[other[0]][slots[0]], tag))",
        ("tests/solve/test_ground.py",),
    ),
    Mutation(
        "phase-test-inverted-in-lowering",
        "Lowering: training(s) is true exactly for a training situation",
        "src/misalign_logic/solve/ground.py",
        "found = TRUE if self.phases[key[1]] is Phase(func) else FALSE",
        "found = FALSE if self.phases[key[1]] is Phase(func) else TRUE",
        ("tests/solve/test_ground.py",),
    ),
    Mutation(
        "printed-exists-as-forall",
        "SMT printer: a universal quantifier is the conjunction of its instances, an existential the disjunction",
        "src/misalign_logic/solve/encoding.py",
        "text = conj(parts) if n.every else disj(parts)",
        "text = conj(parts) if n.every or len(parts) > 2 else disj(parts)",
    ),
    Mutation(
        "limits-raised-are-ignored",
        "Limits: a limit the user raised (flag, table or argument) is the one in force, not the default",
        "src/misalign_logic/model/limits.py",
        "return DEFAULT_LIMITS[name] if value is None else value",
        "return DEFAULT_LIMITS[name]",
        ("tests/cli/test_limits.py", "tests/model/test_limits.py"),
    ),
    Mutation(
        "limits-table-over-flag",
        "Limits: --limits (or the limits= argument) takes precedence over the file's [check.limits] table",
        "src/misalign_logic/spec/load.py",
        "self.limits = self.limits.over(own)",
        "self.limits = own.over(self.limits)",
        ("tests/cli/test_limits.py",),
    ),
    Mutation(
        "limits-zero-accepted",
        "Limits: a limit is a positive whole number; zero is a clear error",
        "src/misalign_logic/model/limits.py",
        "not isinstance(value, int) or not 0 < value <= _MAX_VALUE",
        "not isinstance(value, int) or not 0 <= value <= _MAX_VALUE",
        ("tests/cli/test_limits.py", "tests/model/test_limits.py"),
    ),
    Mutation(
        "shapes-ignore-phase",
        "Shapes: constraints share a template only when their constants agree in sort and, for situations, phase",
        "src/misalign_logic/model/shapes.py",
        "parts[i] = (hole, sort, self._phases.get(word))",
        "parts[i] = (hole, sort, None)",
        ("tests/model/test_shapes.py",),
    ),
    Mutation(
        "shapes-holes-unnumbered",
        "Shapes: a shape numbers its constants, so that ideal(v, x) and ideal(t, x) after design(k, v, x) differ",
        "src/misalign_logic/model/shapes.py",
        "parts[i] = (hole, sort, self._phases.get(word))",
        "parts[i] = (0, sort, self._phases.get(word))",
        ("tests/model/test_shapes.py",),
    ),
    Mutation(
        "lowering-unlocked",
        "Lowering: one thread at a time lowers with a shared lowering",
        "src/misalign_logic/solve/ground.py",
        "        with self._lock:\n            if self._writers is not None:",
        "        if True:\n            if self._writers is not None:",
        ("tests/solve/test_ground.py",),
    ),
    Mutation(
        "iff-of-itself-is-itself",
        "Printer: a formula's equivalence with itself (two atoms the facts alias) is true",
        "src/misalign_logic/solve/encoding.py",
        "    if a == b:\n        return TRUE\n    if a == TRUE:",
        "    if a == b:\n        return a\n    if a == TRUE:",
        ("tests/solve/test_encoding.py",),
    ),
    Mutation(
        "printer-keeps-every-quantifier",
        "Printer: only an outermost (or named) quantifier's text is kept for the next formula",
        "src/misalign_logic/solve/encoding.py",
        "            elif not self._inside:",
        "            else:",
        ("tests/solve/test_encoding.py",),
    ),
    Mutation(
        "printer-forgets-named-inner-quantifier",
        "Printer: a named quantifier is defined once, even inside another",
        "src/misalign_logic/solve/encoding.py",
        "                self._defined[n] = (name, {}, reads)\n",
        "",
        ("tests/solve/test_encoding.py",),
    ),
    Mutation(
        "fact-records-keyed-by-value-alone",
        "Compile: facts share a record per value and type (True and the value number 1 are equal keys)",
        "src/misalign_logic/solve/compile.py",
        "records.setdefault((type(value), value, single), (value, single))",
        "records.setdefault((value, single), (value, single))",
        ("tests/solve/test_compile.py",),
    ),
    Mutation(
        "status-with-its-own-unknown",
        "One unknown: a status enum with an outcome for 'the solver gave up' derives from model/unknown.py's Decision",
        "src/misalign_logic/model/judgments.py",
        "class Strength(enum.Enum):",
        'class Fit(enum.Enum):\n    """Whether a scheme fits."""\n\n    FITS = "fits"\n    UNKNOWN = "unknown"\n\n\n'
        "class Strength(enum.Enum):",
        ("tests/model/test_unknown.py",),
    ),
    Mutation(
        "unknown-counted-as-decided",
        "One unknown: the solver's unknown is never reported as decided",
        "src/misalign_logic/model/unknown.py",
        "return bool(self.value != UNKNOWN_VALUE)",
        "return True",
        ("tests/model/test_unknown.py",),
    ),
    Mutation(
        "scheme-parameter-of-another-family",
        "Schemes: a scheme takes exactly its family's parameters; one another family has is refused, not dropped",
        "src/misalign_logic/model/schemes.py",
        "lacked = [k for k in values if family.parameter(k) is None]",
        "lacked = [k for k in values if k not in parameter_names()]",
        ("tests/model/test_family_parameters.py",),
    ),
    Mutation(
        "fault-of-another-standard",
        "Explanations: the bad feedback is told by the faults of the scheme's own standard, from its entry",
        "src/misalign_logic/model/entries.py",
        "return tuple(f for f in self.faults if f.value == value)",
        "return self.faults",
        ("tests/model/test_family_parameters.py",),
    ),
    Mutation(
        "vocabulary-without-names",
        "Conditions: stories share a parse only when the names it writes mean the same in both",
        "src/misalign_logic/model/sharing.py",
        "    return named, facts, sorts, seen & story.cognition_symbols, story.limits",
        "    return (), facts, sorts, seen & story.cognition_symbols, story.limits",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "vocabulary-without-phases",
        "Conditions: a situation of another phase is another vocabulary (feedback is read in training only)",
        "src/misalign_logic/model/sharing.py",
        'story.phase(n).value if constants[n] == "Situation" else ""',
        '""',
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "vocabulary-without-limits",
        "Conditions: a story's limits are part of what a parse reads (it counts quantifier instances)",
        "src/misalign_logic/model/sharing.py",
        "    return named, facts, sorts, seen & story.cognition_symbols, story.limits",
        "    return named, facts, sorts, seen & story.cognition_symbols",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "definitions-kept-after-clearing",
        "Conditions: clearing the caches forgets the shared parses too",
        "src/misalign_logic/model/conditions.py",
        "    _BY_VOCABULARY.clear()",
        "    pass",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "shared-parse-ignores-sizes",
        "Conditions: a story whose quantifiers outgrow its limits is parsed over itself, and refused",
        "src/misalign_logic/model/conditions.py",
        "    if kept is not None and within_limits(story, kept[1]):",
        "    if kept is not None:",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "shared-shape-ignores-sizes",
        "Shapes: a template shared with a story whose quantifiers outgrow its limits is not used; the text is parsed",
        "src/misalign_logic/model/shapes.py",
        "        if kept is None or not within_limits(self.story, kept[2]):",
        "        if kept is None:",
        ("tests/model/test_shapes.py",),
    ),
    Mutation(
        "shared-shape-without-vocabulary",
        "Shapes: a template is shared only between stories that read the shape's words alike",
        "src/misalign_logic/model/shapes.py",
        "    return frozenset(w for w in words[1::2] if w not in constants)",
        "    return frozenset()",
        ("tests/model/test_shapes.py",),
    ),
    Mutation(
        "vocabulary-without-facts",
        "Conditions: a fact the conditions name is part of the vocabulary (its values, range and signature)",
        "src/misalign_logic/model/sharing.py",
        "    facts = tuple(f for f in story.facts if f.name in names)",
        "    facts = ()",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "symbol-spec-words-negation-copied",
        "Registry: a world symbol's entry says in a spec file both that its fact holds and that it does not",
        "src/misalign_logic/model/symbols.py",
        '"In {name:0}, {name:1} cannot be shown to be bad to an overseer.",',
        '"In {name:0}, {name:1} can be shown to be bad to an overseer.",',
        ("tests/model/test_symbols.py",),
    ),
    Mutation(
        "render-ignores-the-value",
        "Spec files: a world fact is told with the words its entry gives for its value (false, or a named value)",
        "src/misalign_logic/spec/render.py",
        "return fill(symbol.spec_words.template(value), slot)",
        "return fill(symbol.spec_words.holds, slot)",
        ("tests/model/test_symbols.py",),
    ),
    Mutation(
        "feedback-given-in-any-phase",
        "Worlds: feedback is given in training only (its entry's only_in); at a deployment situation it is an error",
        "src/misalign_logic/model/symbols.py",
        '            only_in="training",\n',
        "",
        ("tests/spec/test_spec_errors.py", "tests/spec/test_hostile_input.py"),
    ),
    Mutation(
        "shaped-instance-reads-dropped",
        "Printer: a shaped quantifier's instances read their atoms, even where their text is reused",
        "src/misalign_logic/solve/encoding.py",
        "                    reads.add(leaf)\n",
        "",
        ("tests/solve/test_shaped_instances.py",),
    ),
    Mutation(
        "shaped-text-kept-by-part-of-its-leaves",
        "Printer: an instance's text is reused only for an instance whose leaves are all written alike",
        "src/misalign_logic/solve/encoding.py",
        "text = texts.get(holes)\n            if text is None:\n                self._holes = holes\n"
        "                text = self.text(shape.formula)\n                if len(texts) < _SHAPED_KEPT:\n"
        "                    texts[holes] = text",
        "text = texts.get(holes[1:])\n            if text is None:\n                self._holes = holes\n"
        "                text = self.text(shape.formula)\n                if len(texts) < _SHAPED_KEPT:\n"
        "                    texts[holes[1:]] = text",
        ("tests/solve/test_shaped_instances.py",),
    ),
    Mutation(
        "shape-filled-with-the-wrong-equality",
        "Lowering: an instance filled into its shape is the node the writers make (an enum equality stays one)",
        "src/misalign_logic/solve/nodes.py",
        "        return Same(fill(n.left, row), fill(n.right, row))",
        "        return Iff(fill(n.left, row), fill(n.right, row))",
        ("tests/solve/test_shaped_instances.py",),
    ),
    Mutation(
        "model-compaction-left-off",
        "Backend: z3's global model.compact is put back as it was after a model is read",
        "src/misalign_logic/solve/backend.py",
        "            z3core.Z3_global_param_set(_COMPACT, was)\n",
        "            pass\n",
        ("tests/solve/test_backend.py",),
    ),
    Mutation(
        "model-read-compacted",
        "Backend: a model is read with compaction off",
        "src/misalign_logic/solve/backend.py",
        '        z3core.Z3_global_param_set(_COMPACT, "false")\n',
        "",
        ("tests/solve/test_backend.py",),
    ),
    Mutation(
        "atom-spelled-again",
        "One spelling of an atom's name: the strategies ask model/expr.py's ground_name",
        "src/misalign_logic/testing/strategies.py",
        "return [(ground_name(fact.name, args), values) for args in terms]",
        "return [(f\"{fact.name}({', '.join(args)})\" if args else fact.name, values) for args in terms]",
        ("tests/test_architecture.py",),
    ),
    Mutation(
        "lowering-spells-an-atom-apart",
        "The lowering's inline spelling of an atom's name is ground_name's",
        "src/misalign_logic/solve/ground.py",
        "    return f\"{key[0]}({', '.join(key[1:])})\" if len(key) > 1 else key[0]\n",
        "    return f\"{key[0]}({','.join(key[1:])})\" if len(key) > 1 else key[0]\n",
        ("tests/solve/test_ground.py",),
    ),
    Mutation(
        "a-term-spelled-in-prose",
        "One spelling of an atom's name: the prose reads a world's facts by ground_name",
        "src/misalign_logic/prose/telling.py",
        'did = facts.get(ground_name("policy", (name,)))',
        'did = facts.get(f"policy({name})")',
        ("tests/test_architecture.py",),
    ),
    Mutation(
        "shared-parse-ignores-mentions",
        "A label condition's parse is shared only by scenarios that mention alike the symbols its mentions(...) read",
        "src/misalign_logic/model/conditions.py",
        "    key = (scheme, seen & mentionable, vocabulary(story, _names(scheme), read))\n",
        "    key = (scheme, frozenset(), vocabulary(story, _names(scheme), read))\n",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "shared-parse-ignores-cognition",
        "A parse of mentions(cognition) is shared only by scenarios that mention a cognition symbol alike",
        "src/misalign_logic/model/conditions.py",
        '    read = seen if "cognition" in mentionable else seen & mentionable\n',
        "    read = seen & mentionable\n",
        ("tests/model/test_conditions.py",),
    ),
    Mutation(
        "dotted-key-precheck-off-by-one",
        "A file with as many dots as a refused dotted key has is scanned for one",
        "src/misalign_logic/spec/source_map.py",
        '    if text.count(".") < most:',
        '    if text.count(".") <= most:',
        ("tests/spec/test_hostile_input.py",),
    ),
    Mutation(
        "instances-under-a-connective-uncounted",
        "A connective's instances are its largest part's",
        "src/misalign_logic/model/scenario.py",
        "        if found > most:\n",
        "        if found > most and not _children(child):\n",
        ("tests/model/test_limits.py",),
    ),
    Mutation(
        "story-facts-strategy-built-per-draw",
        "Generated stories: the strategies of a story's optional facts are made once",
        "src/misalign_logic/testing/strategies.py",
        "        cognition = draw(_MAYBE_COGNITION)\n",
        "        cognition = draw(st.none() | st.sampled_from(_COGNITION))\n",
        ("tests/testing/test_decided_built_once.py",),
    ),
)

#: Mutations known to survive, and why that is accepted: each is printed with its reason, and does not fail a run.
ACCEPTED = {
    "atlas-markdown-fence-of-three": "equivalent today: every name reaches the block on one line (its line feeds "
    "escaped), and a fence closes only on a line of backticks alone, which no row is; the longer fence is "
    "defence in depth should a name ever reach it unescaped",
}


def apply(mutation: Mutation, root: Path) -> None:
    """Plant ``mutation`` in the tree at ``root``.

    Raises:
        ValueError: the text to replace does not occur exactly once (the source moved on: update the catalogue).
    """
    path = root / mutation.path
    text = path.read_text()
    if text.count(mutation.old) != 1:
        msg = f"{mutation.name}: the text to replace occurs {text.count(mutation.old)} times in {mutation.path}"
        raise ValueError(msg)
    path.write_text(text.replace(mutation.old, mutation.new))


def run(mutation: Mutation | None, timeout: float, tests: Sequence[str] = ()) -> tuple[str, str, float]:
    """Plant ``mutation`` (None: nothing) in a fresh copy and run the fast suite (or only ``tests``).

    Returns:
        ``killed`` or ``survived``, the first failure, and the seconds the suite took.
    """
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        copy = Path(tmp)
        ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")
        for source in ROOT.iterdir():  # the package, its tests and every file they read; no hidden ones
            # The hooks' tests read .pre-commit-hooks.yaml; the README's test reads .ci/run.
            if source.name.startswith(".") and source.name not in (".pre-commit-hooks.yaml", ".ci"):
                continue
            if source.is_dir():
                shutil.copytree(source, copy / source.name, ignore=ignore)
            else:
                shutil.copy2(source, copy / source.name)
        if mutation is not None:
            apply(mutation, copy)
        env = {**os.environ, "PYTHONPATH": str(copy / "src"), "CI": "1", "PYTHONHASHSEED": "0"}
        found = sorted(p for p in (copy / "tests").iterdir() if p.is_dir() or p.name.startswith("test_"))
        rest = [str(p.relative_to(copy)) for p in found]
        order = list(tests) or [*FIRST, *(p for p in rest if p not in FIRST and p not in SKIPPED)]
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *order]
        start = time.perf_counter()
        try:
            done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "killed", f"the suite ran past {timeout:.0f} s", time.perf_counter() - start
        seconds = time.perf_counter() - start
    if done.returncode == 0:
        return "survived", "", seconds
    failed = [line for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR ")) and "::" in line]
    return "killed", (failed[0] if failed else done.stdout.strip().splitlines()[-1]), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="mutations to run (default: all)")
    parser.add_argument("--list", action="store_true", help="print the catalogue and exit")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per run of the suite")
    parser.add_argument(
        "--tests", nargs="+", default=(), metavar="PATH", help="run only these test files (a quick check; default: all)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="run each mutation's own killers (its test files) instead of the whole fast suite, where it names them",
    )
    args = parser.parse_args(argv)
    by_name = {m.name: m for m in MUTATIONS}
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name:38} {m.path}\n{'':38} {m.rule}")
        return 0
    unknown = [n for n in args.names if n not in by_name]
    if unknown:
        parser.error(f"no such mutation: {', '.join(unknown)}")
    chosen = [by_name[n] for n in args.names] or list(MUTATIONS)
    if not args.names and not args.quick:  # the unmutated copy must pass, or every "killed" below means nothing
        outcome, detail, seconds = run(None, args.timeout, args.tests)
        print(f"{'passed' if outcome == 'survived' else 'FAILED'}   {'(no mutation)':38} {seconds:6.0f} s  {detail}")
        if outcome != "survived":
            return 2
    failed = killed = 0
    start = time.perf_counter()
    if args.quick and not args.tests:
        skipped = [m.name for m in chosen if not m.killers]
        chosen = [m for m in chosen if m.killers]
        if skipped:
            print(f"skipped (no killers named; run without --quick): {', '.join(skipped)}")
        killers = sorted({path for m in chosen for path in m.killers})
        outcome, detail, seconds = run(None, args.timeout, killers)  # the killers must pass unmutated
        print(f"{'passed' if outcome == 'survived' else 'FAILED'}   {'(no mutation)':38} {seconds:6.0f} s  {detail}")
        if outcome != "survived":
            return 2
    for m in chosen:
        tests = args.tests or (m.killers if args.quick else ())
        try:
            outcome, detail, seconds = run(m, args.timeout, tests)
        except ValueError as stale:
            outcome, detail, seconds = "stale", str(stale), 0.0
        killed += outcome == "killed"
        if outcome == "survived" and m.name in ACCEPTED:
            outcome, detail = "accepted", ACCEPTED[m.name]
        failed += outcome in ("survived", "stale")
        print(f"{outcome:8} {m.name:38} {seconds:6.0f} s  {detail}", flush=True)
    print(
        f"{killed} of {len(chosen)} mutations killed, {failed} not accepted, {time.perf_counter() - start:.0f} s in all"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
