"""misalign_logic: decide whether a failure story forces "outer" or "inner" misalignment.

A *story* fixes a finite signature; a *scenario* is a set of constraints over it; a *scheme* labels each
world ``none``, ``outer``, ``inner`` or ``both``. :func:`classify` asks the solver whether a scenario's
label is forced, ambiguous or inconsistent, with a minimal core or witness worlds as the reason;
:func:`relate` says whether one scenario refines another.
"""

from misalign_logic.batch import check_many
from misalign_logic.check import SpecResult, check_spec
from misalign_logic.classify import Analysis, classify, relate, share_world
from misalign_logic.errors import MisalignLogicError, Problem, SolverUnknown, SpecError
from misalign_logic.parse import Origin
from misalign_logic.refinement import Flip, MonotonicityViolation, flips
from misalign_logic.scenario import Constraint, Scenario
from misalign_logic.schemes import Label, Scheme, default_schemes, parse_scheme, scheme_family
from misalign_logic.spec import Spec, load_spec, parse_spec
from misalign_logic.story import Fact, FactKind, Phase, Situation, Story
from misalign_logic.verdicts import Relation, RelationKind, Status, Verdict, Witness, World

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Constraint",
    "Fact",
    "FactKind",
    "Flip",
    "Label",
    "MisalignLogicError",
    "MonotonicityViolation",
    "Origin",
    "Phase",
    "Problem",
    "Relation",
    "RelationKind",
    "Scenario",
    "Scheme",
    "Situation",
    "SolverUnknown",
    "Spec",
    "SpecError",
    "SpecResult",
    "Status",
    "Story",
    "Verdict",
    "Witness",
    "World",
    "__version__",
    "check_many",
    "check_spec",
    "classify",
    "default_schemes",
    "flips",
    "load_spec",
    "parse_scheme",
    "parse_spec",
    "relate",
    "scheme_family",
    "share_world",
]
