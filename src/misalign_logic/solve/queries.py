"""A scenario and a scheme's labels as one SMT-LIB text: the questions ``worlds``, ``ask`` and ``export`` put.

The scenario's constraints are written as stated (nothing folded, so the text stands alone), with the
Gricean defaults when the scheme's reading adds them, and each label's condition is defined once as a
named boolean (``|label outer|``). Grounding is :mod:`misalign_logic.solve.encoding`'s, the same the verdicts
use, and every command is written by :mod:`misalign_logic.solve.smtlib`. What these questions put together
lives here: a world's facts as literals, the clause that blocks a world already listed, and the
self-contained scripts that ``export`` prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from misalign_logic.model.conditions import gricean_defaults, parsed_definitions
from misalign_logic.model.errors import SpecError
from misalign_logic.model.expr import BoolLit, Expr, ground_name
from misalign_logic.model.families import READINGS
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Story
from misalign_logic.solve.encoding import Encoder, conj, neg
from misalign_logic.solve.smtlib import assertion, check_sat, declare, named, quoted

__all__ = ["LabelQuery", "Value", "atom_terms"]

Value = bool | int | str  # an amount is an int


def atom_terms(story: Story, terms: Iterable[str], where: str = "project") -> tuple[str, ...]:
    """``terms``, ground terms written as the story writes them (``policy(farm)``, ``choice``), checked.

    ``design(c, t, a)`` of a training situation ``t`` is ``feedback(t, a)`` (the background axiom), and is
    named so. The order is kept; a repeated term counts once.

    Raises:
        SpecError: a term is not a ground term of the story (the error lists what is).
    """
    enc = Encoder(story)
    known = _ground_terms(story, enc)
    out: list[str] = []
    for term in terms:
        if not isinstance(term, str):
            msg = f"{where}: a ground term is a string such as 'policy(farm)', not {type(term).__name__}"
            raise SpecError.at(msg, hint="write the term as the story writes it")
        canonical = known.get(" ".join(term.replace(",", ", ").split()).replace(" ,", ","))
        if canonical is None:
            sample = ", ".join(sorted(set(known.values()))[:6])
            msg = f"{where}: {term!r} is not a ground term of story {story.name!r}"
            raise SpecError.at(msg, hint=f"name ground terms as the story writes them, e.g. {sample}")
        if canonical not in out:
            out.append(canonical)
    return tuple(out)


def _ground_terms(story: Story, enc: Encoder) -> dict[str, str]:
    """Every ground term of ``story`` as written -> its atom's name (after the background axiom)."""
    out: dict[str, str] = {}
    for name, symbol in story.symbols().items():
        if name in ("training", "deployment"):
            continue
        combos: list[tuple[str, ...]] = [()]
        for sort in symbol.args:
            combos = [(*c, v) for c in combos for v in enc.domain(sort)]
        for args in combos:
            out[ground_name(name, args)] = enc.atom_name(name, args)[0]
    return out


class LabelQuery:
    """A scenario under a scheme, grounded once: its constraints, each label's condition, the atoms they read.

    Args:
        scenario: the scenario.
        scheme: the scheme; under a reading that reads the description, the Gricean defaults join the
            constraints.
        extra: ground terms to declare although nothing may read them (a projection's terms).

    Attributes:
        constraints: the constraints asserted (the scenario's, then the defaults), with their SMT text.
        labels: per label the scheme can give (a condition that is not plainly false), its SMT name.
        conditions: per such label, its condition as an expression.
        support: the atoms the labels' conditions read.
        atoms: every atom the text declares (the constraints', the labels' and ``extra``), sorted.
    """

    def __init__(self, scenario: Scenario, scheme: Scheme, extra: Iterable[str] = ()) -> None:
        story = scenario.story
        self.scenario, self.scheme = scenario, scheme
        self.enc = enc = Encoder(story)
        stated = list(scenario.constraints)
        if READINGS[scheme.reading].reads_description:
            stated += [
                Constraint.parse(text, story, stated_in="(gricean default)")
                for text in gricean_defaults(story, scenario.mentioned_terms)
            ]
        self.constraints = [(c, enc.formula(c.expr)) for c in stated]
        scenario_reads = enc.take_reads()
        defined = parsed_definitions(story, scheme.with_reading("literal"), scenario.mentions)
        self.conditions: dict[Label, Expr] = {label: e for label, e in defined if e != BoolLit(False)}
        self._label_text = {label: enc.formula(e) for label, e in self.conditions.items()}
        self.labels = {label: f"|label {label.value}|" for label in self.conditions}
        self.support = frozenset(str(r) for r in enc.take_reads())
        for name in extra:
            enc.touch(name, enc.sort_of(name))
        self.atoms = tuple(sorted(self.support | {str(r) for r in scenario_reads} | set(extra)))
        self._declarations = enc.declarations()

    def text(self) -> str:
        """Declarations, the constraints asserted, and each label defined: the text a solver is given."""
        lines = [self._declarations]
        for c, smt in self.constraints:
            # The constraint as stated, JSON-quoted: a new line in it cannot end the comment.
            lines += [f"; {c.stated_in or 'stated'}: {json.dumps(c.text, ensure_ascii=False)}", assertion(smt)]
        for label, name in self.labels.items():
            lines.append(named(name, self._label_text[label]))
        return "\n".join(lines)

    def literal(self, atom: str, value: Value) -> str:
        """The SMT text of the fact ``atom = value``."""
        return self.enc.fact(atom, value)

    def selector(self, name: str, facts: Mapping[str, Value]) -> str:
        """Declares the assumption ``|name|`` and makes it imply every fact of ``facts``."""
        return named(quoted(name), conj(self.literal(a, v) for a, v in facts.items()), implies=True)

    def flag(self, name: str) -> str:
        """Declares the assumption ``|name|``, which nothing implies yet (a guard for blocking clauses)."""
        return declare(quoted(name))

    def label_flag(self, name: str, label: Label, *, negated: bool = False) -> str:
        """Declares the assumption ``|name|``, implying ``label``'s condition (or, ``negated``, its negation)."""
        goal = neg(self.labels[label]) if negated else self.labels[label]
        return named(quoted(name), goal, implies=True)

    def blocking(self, guard: str, facts: Mapping[str, Value]) -> str:
        """Under assumption ``|guard|``, no world may agree with ``facts`` on all of them (enumeration's
        blocking clause: the projected world is listed, so the next model must differ from it)."""
        return assertion(f"(=> {quoted(guard)} {neg(conj(self.literal(a, v) for a, v in facts.items()))})")

    def script(self, label: Label, question: str, status: str = "unknown") -> str:
        """A self-contained SMT-LIB 2 script for ``question`` about ``label``: ``possible`` or ``forced``.

        Its comments say what each answer means, and ``status`` (``sat``, ``unsat``, or ``unknown``) is the
        answer expected, recorded with ``set-info :status`` as SMT-LIB benchmarks do; cvc5 and z3 read it.
        """
        name = self.labels[label]
        where = f"scenario {self.scenario.name!r} of story {self.scenario.story.name!r}, scheme {self.scheme.id}"
        if question == "possible":
            goal = name
            meaning = [
                f"Is the label '{label.value}' possible? ({where})",
                f"sat:   some world of the scenario gets '{label.value}'.",
                f"unsat: no world gets '{label.value}' (when no label is possible, the scenario has no world).",
            ]
        elif question == "forced":
            goal = f"(not {name})"
            meaning = [
                f"Is the label '{label.value}' forced? ({where})",
                f"unsat: every world of the scenario gets '{label.value}' (forced, if the scenario has a world:",
                f"       see the script asking whether '{label.value}' is possible).",
                f"sat:   some world gets another label; '{label.value}' is not forced.",
            ]
        else:
            msg = f"unknown question {question!r}: ask 'possible' or 'forced'"
            raise ValueError(msg)
        header = [f"; {line}" for line in meaning]
        header += [
            "; Written by misalign-logic export. Each atom of the story is a boolean; an enum-valued term is",
            "; one boolean per value, exactly one of them true. The background axiom is applied by writing",
            "; design(c, t, a) of a training situation t as feedback(t, a).",
        ]
        names = [f";   {shown}" for atom in self.atoms for shown in self._shown(atom)]
        return "\n".join(
            [
                *header,
                "; Atoms:",
                *names,
                # Amounts are integers within their ranges: linear integer arithmetic then, else pure booleans.
                "(set-logic QF_LIA)" if " Int)" in self.text() else "(set-logic QF_UF)",
                f"(set-info :status {status})",
                self.text(),
                assertion(goal),
                check_sat(),
                "",
            ]
        )

    def _shown(self, atom: str) -> list[str]:
        symbols = self.enc.symbols(atom)
        if len(symbols) == 1:
            return [f"{symbols[0]} = {atom}"]
        values = self.enc.values[self.enc.sort_of(atom)]
        return [f"{symbol} = ({atom} == {value})" for symbol, value in zip(symbols, values, strict=True)]
