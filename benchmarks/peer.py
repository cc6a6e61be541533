"""The answer-set-programming peer: the family's classification written for clingo.

The same worlds (a choice rule per unknown of docs/model.md, the background axiom as a rule) and the same label
definitions as the library; the possible labels are the brave consequences over ``label/1``. One label is
forced, several are ambiguous, none means the scenario has no world. The encoding is written by hand for the
generated family (see ``family.py``), as a researcher picking clingo would write it.
"""

from __future__ import annotations

import clingo

_WORLDS = """
sit(S) :- train(S).  sit(S) :- dep(S).
1 { policy(S, A) : action(A) } 1 :- sit(S).
{ ideal(S, A) } :- sit(S), action(A).
{ feedback(S, A) } :- train(S), action(A).
{ design(C, S, A) } :- choice(C), dep(S), action(A).
design(C, S, A) :- choice(C), train(S), feedback(S, A).
1 { reason(S, R) : why(R) } 1 :- sit(S).
1 { chosen(C) : choice(C) } 1.
{ fixes_feedback; fixes_generalization }.
why(aligned; deceptive).
"""

# The scenario's constraints (family.constraint_texts), one block per stated fact.
_SCENARIO = """
:- sit(S), not ideal(S, a0).
:- sit(S), ideal(S, a1).
:- train(T), action(A), feedback(T, A), not ideal(T, A).
:- train(T), action(A), ideal(T, A), not feedback(T, A).
:- train(T), not policy(T, a0).
:- dep(D), even(D), not policy(D, a1).
:- dep(D), not even(D), not policy(D, a0).
:- dep(S), action(A), design(c0, S, A), not ideal(S, A).
:- dep(S), action(A), ideal(S, A), not design(c0, S, A).
:- dep(S), action(A), choice(C), C != c0, not design(C, S, A).
:- stated_aligned(T), not reason(T, aligned).
"""

_FAILURE = """
fail(S) :- dep(S), policy(S, A), not ideal(S, A).
failure :- fail(S).
label(none) :- not failure.
"""

_LABELS = {
    "objective": """
outer_at :- fail(S), policy(S, A), chosen(C), design(C, S, A).
inner_at :- fail(S), policy(S, A), chosen(C), not design(C, S, A).
""",
    "objective[counterfactual=c0]": """
outer_at :- fail(S), policy(S, A), design(c0, S, A).
inner_at :- fail(S), policy(S, A), not design(c0, S, A).
""",
    "generalization[standard=outcomes]": """
bad :- train(T), action(A), feedback(T, A), not ideal(T, A).
bad :- train(T), action(A), ideal(T, A), not feedback(T, A).
label(outer) :- failure, bad.
label(inner) :- failure, not bad.
""",
    "generalization[standard=reasons]": """
earned(T, A) :- policy(T, A), ideal(T, A), reason(T, aligned).
bad :- train(T), policy(T, A), feedback(T, A), not earned(T, A).
bad :- train(T), policy(T, A), earned(T, A), not feedback(T, A).
bad :- train(T), action(A), not policy(T, A), feedback(T, A), not ideal(T, A).
bad :- train(T), action(A), not policy(T, A), ideal(T, A), not feedback(T, A).
label(outer) :- failure, bad.
label(inner) :- failure, not bad.
""",
    "root-cause": """
label(outer) :- failure, fixes_feedback, not fixes_generalization.
label(inner) :- failure, fixes_generalization, not fixes_feedback.
label(both) :- failure, fixes_feedback, fixes_generalization.
label(both) :- failure, not fixes_feedback, not fixes_generalization.
""",
    "heuristic:deception": """
deceived :- train(T), reason(T, deceptive).
label(outer) :- failure, not deceived.
label(inner) :- failure, deceived.
""",
}
_OBJECTIVE = """
label(outer) :- outer_at, not inner_at.
label(inner) :- inner_at, not outer_at.
label(both) :- outer_at, inner_at.
"""


def facts(n: int, m: int = 4, c: int = 2) -> str:
    """The story's signature and per-situation facts as ASP facts."""
    out = [f"train(t{i}). dep(d{i})." for i in range(n)]
    out += [f"even(d{i})." for i in range(0, n, 2)]
    out += [f"stated_aligned(t{i})." for i in range(0, n, 2)]
    out += [f"action(a{k})." for k in range(m)] + [f"choice(c{k})." for k in range(c)]
    return "\n".join(out)


def program(scheme: str, n: int, m: int = 4, c: int = 2) -> str:
    """The whole program classifying the family's scenario of size (n, m, c) under ``scheme``."""
    labels = _LABELS[scheme] + (_OBJECTIVE if scheme.startswith("objective") else "")
    return "\n".join((facts(n, m, c), _WORLDS, _SCENARIO, _FAILURE, labels, "#show label/1."))


def labels(scheme: str, n: int, m: int = 4, c: int = 2) -> frozenset[str]:
    """The labels some world of the scenario gets: clingo's brave consequences over ``label/1``."""
    ctl = clingo.Control(["--enum-mode=brave", "--models=0", "--warn=none"])
    ctl.add("base", [], program(scheme, n, m, c))
    ctl.ground([("base", [])])
    last: list[clingo.Symbol] = []
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            last = model.symbols(shown=True)
    return frozenset(str(s.arguments[0]) for s in last)
