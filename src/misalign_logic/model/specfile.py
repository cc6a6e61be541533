"""A spec file's contents as plain data: the story, scenarios, schemes, priors, judgments and expectations.

The readers in the spec room (:mod:`misalign_logic.spec.load`, :mod:`misalign_logic.spec.taxonomy`) build these
records; the solve, prose and cli rooms read them. They hold no file handle and no solver object.
"""

from __future__ import annotations

import attrs

from misalign_logic.model.judgments import Judgment, Strength
from misalign_logic.model.priors import Prior
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Story

__all__ = ["AnswersExpectation", "Expectation", "Spec"]


@attrs.frozen
class Expectation:
    """A verdict a scheme must give: ``label`` is certain (forced) or possible on ``scenario``.

    Attributes:
        scenario: the scenario's name.
        label: the label.
        strength: ``certain`` or ``possible``.
        spec: the spec file the scenario is in (resolved); ``""`` for the file that states the expectation.
        scheme: the scheme it is about, or ``""`` for every scheme of the file.
        file: where it is stated.
        line: the line of its table.
    """

    scenario: str
    label: Label
    strength: Strength
    spec: str = ""
    scheme: str = ""
    file: str = ""
    line: int = 0


@attrs.frozen
class AnswersExpectation:
    """What a respondent's answers (their ``[[judgment]]`` tables in the same spec) are expected to be.

    Attributes:
        respondent: the respondent.
        coherent: whether some categorization of worlds makes all of them true.
        fitting: scheme IDs each expected to bear out every one of the answers.
        file: where it is stated.
        line: the line of its table.
    """

    respondent: str
    coherent: bool = True
    fitting: tuple[str, ...] = ()
    file: str = ""
    line: int = 0


@attrs.frozen
class Spec:
    """A loaded spec file.

    Attributes:
        path: the file it came from (``<string>`` for text).
        story: the story's signature.
        scenarios: the scenarios, in file order.
        schemes: the schemes to check: those named in ``[check] schemes``, or every default scheme; and the
            file's own ``[scheme.NAME]`` schemes.
        priors: the ``[prior.NAME]`` tables, in file order.
        judgments: the ``[[judgment]]`` tables, in file order.
        own_schemes: the file's ``[scheme.NAME]`` schemes, in file order.
        expectations: the ``[[expect]]`` tables about a scenario, in file order.
        answers_expected: the ``[[expect]]`` tables about a respondent's answers, in file order.
    """

    path: str
    story: Story
    scenarios: tuple[Scenario, ...]
    schemes: tuple[Scheme, ...]
    priors: tuple[Prior, ...] = ()
    judgments: tuple[Judgment, ...] = ()
    own_schemes: tuple[Scheme, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    answers_expected: tuple[AnswersExpectation, ...] = ()

    def prior(self, name: str) -> Prior:
        """The prior called ``name``.

        Raises:
            KeyError: no prior has that name.
        """
        for p in self.priors:
            if p.name == name:
                return p
        msg = f"no prior named {name!r}; the priors are {', '.join(p.name for p in self.priors) or '(none)'}"
        raise KeyError(msg)

    def scenario(self, name: str) -> Scenario:
        """The scenario called ``name``.

        Raises:
            KeyError: no scenario has that name (the message lists those that exist).
        """
        for s in self.scenarios:
            if s.name == name:
                return s
        msg = f"no scenario named {name!r}; the scenarios are {', '.join(s.name for s in self.scenarios)}"
        raise KeyError(msg)
