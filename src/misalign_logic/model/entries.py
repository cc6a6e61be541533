"""What a scheme family's entry is: its parameters, their values' meanings and faults, and the readings.

The registry (:mod:`misalign_logic.model.families`) writes the seed's families in these types and keeps the
user's beside them. Everything a scheme of a family may take, and what each value means in prose, is here, in
the entry: :class:`~misalign_logic.model.schemes.Scheme` holds the values, the scheme ID parser accepts exactly
the family's parameters, and explanations read the words and faults of each value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import attrs

from misalign_logic.model.expr import ground_name

__all__ = ["DEFAULT_LABELS", "Family", "Fault", "Parameter", "Reading"]


# Label values as plain strings: the registry sits below the Label enum's module (schemes.py imports it).
OUTER, INNER, BOTH = "outer", "inner", "both"
#: The labels of a family that declares none.
DEFAULT_LABELS = (OUTER, INNER, BOTH)

_MENTIONS = re.compile(r"\bmentions\s*\(")

# A fact as a world states it: ``f(x, y)``, ``not f(x, y)``, ``f(x) == v`` or ``f(x) != v``.
_FACT = re.compile(r"(not )?([A-Za-z_][A-Za-z0-9_]*)(?:\(([^()]*)\))?(?: (==|!=) ([A-Za-z_][A-Za-z0-9_]*))?\Z")


@functools.lru_cache(maxsize=256)
def _fact(text: str) -> tuple[bool, str, tuple[str, ...], str, str]:
    """``(negated, function, arguments, comparison, value)`` of a fault's fact."""
    m = _FACT.match(text)
    if m is None:
        msg = f"a fault's fact must read like a world's statement (f(x), not f(x), f(x) == v, f(x) != v): {text!r}"
        raise ValueError(msg)
    negated, func, args, op, value = m.groups()
    parts = tuple(a.strip() for a in args.split(",")) if args else ()
    return bool(negated), func, parts, op or "", value or ""


def _facts(_: object, __: object, facts: tuple[str, ...]) -> None:
    for text in facts:
        _fact(text)


@attrs.frozen(cache_hash=True)
class Fault:
    """One way a world breaks what a parameter's value states, and its words in explanations.

    Its facts are written as a world states them, over the parameter's variables (``binds`` and
    ``fault_over``); the fault is found at a binding of them where every fact holds in the world. A fact
    the world does not give does not hold, so a fault is never told of a world that leaves it open.

    Attributes:
        value: the parameter's value it belongs to.
        facts: the facts, e.g. ``("feedback(t, a)", "not ideal(t, a)")``; each is ``f(x)``, ``not f(x)``,
            ``f(x) == v`` or ``f(x) != v``, where arguments and ``v`` are variables or constants.
        words: what the world did, as a clause; ``{NAME}`` stands for variable NAME's value in words.
    """

    value: str
    facts: tuple[str, ...] = attrs.field(validator=_facts)
    words: str

    def holds(self, world: Mapping[str, object], env: Mapping[str, str]) -> bool:
        """Whether every fact holds in ``world`` (readable facts) with the variables bound by ``env``."""
        for text in self.facts:
            negated, func, args, op, value = _fact(text)
            atom = ground_name(func, [env.get(a, a) for a in args])
            found = world.get(atom)
            if op:
                wanted = env.get(value, value)
                if found is None or (found == wanted) != (op == "=="):
                    return False
            elif found is not (not negated):
                return False
        return True


#: Names a parameter cannot take: the scheme ID's reading, and the placeholders explanations fill themselves.
RESERVED_PARAMETERS = frozenset({"reading", "at", "how", "mentioned", "value"})
_PARAMETER = re.compile(r"[a-z][a-z0-9_]*\Z")


def _parameter_name(_: object, __: object, name: str) -> None:
    if not _PARAMETER.match(name) or name in RESERVED_PARAMETERS:
        msg = f"a parameter needs a lower-case name of its own, not {name!r} (reserved: {sorted(RESERVED_PARAMETERS)})"
        raise ValueError(msg)


@attrs.frozen(cache_hash=True)
class Parameter:
    """A parameter of a family, e.g. the objective scheme's counterfactual.

    Attributes:
        name: the key in a scheme ID (``counterfactual``, ``standard``).
        values: the values it may take, or ``()`` when they are the story's choices.
        required: whether a scheme of the family must give it.
        open_text: the text substituted into the conditions when it is not given.
        texts: per value, the text substituted into the conditions (a value stands for itself otherwise).
        words: per value, its words in explanations (a choice's words come from the story instead).
        sort: the sort of what it stands for in the conditions: ``Choice`` (a term) or ``Bool`` (a statement).
        binds: the variables of the conditions its text may use, each ``(name, sort, domain)``: they stay bound
            where the value is put (the standard is said of the training situation ``t``).
        faults: the ways a world breaks what a value states, in the order explanations look for them.
        fault_over: the variables a fault's facts use besides ``binds``, each ``(name, sort, domain)``.
        unexplained: what explanations say when a world breaks a value in none of its listed ways.
        told: how an explanation's step tells the value (``{NAME}`` in a family's consequences); ``{value}``
            stands for the value's words (an open choice's: the witness world's choice).
        told_again: how it is told when left open and the supposition already gave the world's value.
    """

    name: str = attrs.field(validator=_parameter_name)
    values: tuple[str, ...] = ()
    required: bool = False
    open_text: str = ""
    texts: tuple[tuple[str, str], ...] = ()
    words: tuple[tuple[str, str], ...] = ()
    sort: str = "Choice"
    binds: tuple[tuple[str, str, str], ...] = ()
    faults: tuple[Fault, ...] = ()
    fault_over: tuple[tuple[str, str, str], ...] = ()
    unexplained: str = ""
    told: str = ""
    told_again: str = ""

    @property
    def is_choice(self) -> bool:
        """True when the values are the story's counterfactual choices."""
        return not self.values

    def text(self, value: str | None) -> str:
        """What the conditions say for ``value`` (None: the parameter left open)."""
        if value is None:
            return self.open_text
        return dict(self.texts).get(value, value)

    def faults_of(self, value: str | None) -> tuple[Fault, ...]:
        """The faults of ``value`` (none for the parameter left open)."""
        return tuple(f for f in self.faults if f.value == value)

    @property
    def variables(self) -> tuple[tuple[str, str, str], ...]:
        """Every variable a fault's facts may use: ``binds``, then ``fault_over``."""
        return (*self.binds, *self.fault_over)


@attrs.frozen(cache_hash=True)
class Reading:
    """How a scenario is read before a scheme labels its worlds.

    Attributes:
        name: ``literal`` or ``gricean``.
        words: what the reading adds to a scheme's noun phrase.
        reads_description: whether the reading adds facts from what the scenario does not say (then no
            scheme under it is world-based).
    """

    name: str
    words: str = ""
    reads_description: bool = False


@attrs.frozen(cache_hash=True)
class Family:
    """A categorization scheme family, as data.

    Attributes:
        name: its name, and the ID of its schemes (with parameters in brackets).
        describe: one sentence saying what it calls outer and inner.
        conditions: per label (``outer``, ``inner``, ``both``), its condition at a world with a failure point,
            in the expression language; a label left out never holds. ``{NAME}`` stands for parameter NAME.
        parameters: the parameters it takes.
        words: its noun phrase in explanations; ``{NAME}`` stands for a parameter's words.
        words_open: the noun phrase when an optional parameter is left open (default: ``words``).
        meanings: per label, what it means under the family, for a reader of a forced verdict.
        consequences: per label, the step from a witness world to the label (``{at}``, ``{how}`` and
            ``{mentioned}`` are filled from the world and the scenario; ``{NAME}`` is parameter NAME as told).
        remedies: per label, ``(where the remedy comes from, the remedy)``.
        builtin: True for the seed's families.
        labels: the labels the family declares, in order; ``()`` for the default ``outer``, ``inner`` and
            ``both`` (a label without a condition never holds).
        origins: per label, where its condition is written (file, line, column), for error locations.
    """

    name: str
    describe: str
    conditions: tuple[tuple[str, str], ...]
    parameters: tuple[Parameter, ...] = ()
    words: str = ""
    words_open: str = ""
    meanings: tuple[tuple[str, str], ...] = ()
    consequences: tuple[tuple[str, str], ...] = ()
    remedies: tuple[tuple[str, str, str], ...] = ()
    builtin: bool = False
    labels: tuple[str, ...] = ()
    origins: tuple[tuple[str, str, int, int], ...] = attrs.field(default=(), eq=False, repr=False)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Unpickled in another process (a worker), a user family registers itself there too.
        # Imported here: the registry imports this module.
        from misalign_logic.model.families import rebuild

        return (rebuild, (attrs.astuple(self, recurse=False),))

    @property
    def label_names(self) -> tuple[str, ...]:
        """The labels a world with a failure point can get: the declared ones, or ``outer``, ``inner``, ``both``."""
        return self.labels or DEFAULT_LABELS

    @property
    def declared(self) -> tuple[str, ...]:
        """The labels as the family states them: the declared ones, or those of the default with a condition."""
        return self.labels or tuple(label for label in DEFAULT_LABELS if self.condition(label) != "false")

    def condition(self, label: str) -> str:
        """The condition of ``label`` (``"false"`` when the family never gives it)."""
        return dict(self.conditions).get(label, "false")

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name``, or None."""
        return next((p for p in self.parameters if p.name == name), None)

    @property
    def reads_description(self) -> bool:
        """True when some condition uses ``mentions(...)``: the label then reads the scenario's wording."""
        return any(_MENTIONS.search(text) for _, text in self.conditions)

    @property
    def wording_only(self) -> bool:
        """True when no condition reads the world: the wording alone fixes the label of a failure."""
        calls = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
        return self.reads_description and all(
            all(name == "mentions" for name in calls.findall(text)) for _, text in self.conditions
        )

    def origin(self, label: str) -> tuple[str, int, int]:
        """Where the condition of ``label`` is written: ``(file, line, column)``; ``("<string>", 0, 0)`` unknown."""
        for key, file, line, column in self.origins:
            if key == label:
                return file, line, column
        return "<string>", 0, 0

    def meaning(self, label: str) -> str:
        """What ``label`` means under this family, or ``""``."""
        return dict(self.meanings).get(label, "")

    def consequence(self, label: str) -> str:
        """The template of the step from a witness to ``label``, or ``""``."""
        return dict(self.consequences).get(label, "")

    def remedy(self, label: str) -> tuple[str, str]:
        """``(source, remedy)`` for ``label``, or ``("", "")``."""
        for key, source, text in self.remedies:
            if key == label:
                return source, text
        return "", ""
