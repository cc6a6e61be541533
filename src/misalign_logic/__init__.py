"""misalign_logic: decide whether a failure story forces "outer" or "inner" misalignment.

A *story* fixes a finite signature; a *scenario* is a set of constraints over it; a *scheme* labels each
world ``none``, ``outer``, ``inner`` or ``both``. :func:`classify` asks the solver whether a scenario's
label is forced, ambiguous or inconsistent, with a minimal core or witness worlds as the reason;
:func:`relate` says whether one scenario refines another. Under a :class:`Prior`, :func:`probability` gives
exact ``P(label | scenario)`` intervals; :func:`judge_spec` says whether recorded answers (judgments) are
coherent with any categorization of worlds, with a proof when not, and which schemes reproduce them.
"""

from misalign_logic.batch import check_many
from misalign_logic.check import SpecResult, check_spec
from misalign_logic.classify import DEFAULT_RLIMIT, Analysis, classify, relate, share_world
from misalign_logic.coherence import Coherence, Conflict, coherence
from misalign_logic.errors import MisalignLogicError, Problem, SolverUnknown, SpecError
from misalign_logic.explain import Explanation, explain
from misalign_logic.judging import JudgeResult, Respondent, judge_spec
from misalign_logic.judgments import Assessment, Bearing, Judgment, Strength, assess, heard
from misalign_logic.parse import Origin
from misalign_logic.priors import Prior, Probability, ProbabilityStatus, probability
from misalign_logic.refinement import Flip, MonotonicityViolation, flips
from misalign_logic.report import Report, build_report
from misalign_logic.scenario import Constraint, Scenario
from misalign_logic.schemes import Label, Scheme, default_schemes, parse_scheme, scheme_family
from misalign_logic.spec import Spec, load_spec, parse_spec
from misalign_logic.story import Fact, FactKind, Phase, Situation, Story
from misalign_logic.verdicts import Relation, RelationKind, Status, Verdict, Witness, World

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_RLIMIT",
    "Analysis",
    "Assessment",
    "Bearing",
    "Coherence",
    "Conflict",
    "Constraint",
    "Explanation",
    "Fact",
    "FactKind",
    "Flip",
    "JudgeResult",
    "Judgment",
    "Label",
    "MisalignLogicError",
    "MonotonicityViolation",
    "Origin",
    "Phase",
    "Prior",
    "Probability",
    "ProbabilityStatus",
    "Problem",
    "Relation",
    "RelationKind",
    "Report",
    "Respondent",
    "Scenario",
    "Scheme",
    "Situation",
    "SolverUnknown",
    "Spec",
    "SpecError",
    "SpecResult",
    "Status",
    "Story",
    "Strength",
    "Verdict",
    "Witness",
    "World",
    "__version__",
    "assess",
    "build_report",
    "check_many",
    "check_spec",
    "classify",
    "coherence",
    "default_schemes",
    "explain",
    "flips",
    "heard",
    "judge_spec",
    "load_spec",
    "parse_scheme",
    "parse_spec",
    "probability",
    "relate",
    "scheme_family",
    "share_world",
]
