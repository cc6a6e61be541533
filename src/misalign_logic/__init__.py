"""misalign_logic: decide whether a failure story forces "outer" or "inner" misalignment.

A *story* fixes a finite signature; a *scenario* is a set of constraints over it; a *scheme* labels each
world ``none``, ``outer``, ``inner`` or ``both``. :func:`classify` asks the solver whether a scenario's
label is forced, ambiguous or inconsistent, with a minimal core or witness worlds as the reason;
:func:`relate` says whether one scenario refines another. Under a :class:`Prior`, :func:`probability` gives
exact ``P(label | scenario)`` intervals; :func:`judge_spec` says whether recorded answers (judgments) are
coherent with any categorization of worlds, with a proof when not, and which schemes reproduce them.
"""

from misalign_logic.model.errors import MisalignLogicError, Problem, SolverUnknown, SpecError
from misalign_logic.model.flips import Flip, MonotonicityViolation, flips
from misalign_logic.model.judgments import Judgment, Strength, heard
from misalign_logic.model.limits import Limits, LimitsError
from misalign_logic.model.parse import Origin
from misalign_logic.model.priors import Prior, Probability, ProbabilityStatus
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme, default_schemes, parse_scheme, scheme_family
from misalign_logic.model.specfile import Spec
from misalign_logic.model.story import Fact, FactKind, Phase, Situation, Story
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict, Witness, World

# Importing the markup and atlas modules registers how results show themselves in a notebook, and the spec
# writer how a scenario shows itself as a spec file (model/notebook.py).
from misalign_logic.prose import atlas as _atlas_display  # noqa: F401
from misalign_logic.prose import markup as _markup  # noqa: F401
from misalign_logic.prose.explain import Explanation, explain
from misalign_logic.prose.report import Report, build_report
from misalign_logic.solve.assess import Assessment, Bearing, assess
from misalign_logic.solve.atlas import Atlas, atlas
from misalign_logic.solve.batch import check_many
from misalign_logic.solve.check import SpecResult, check_spec
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis, classify, isolated, relate, share_world
from misalign_logic.solve.coherence import Coherence, Conflict, Incoherence, coherence
from misalign_logic.solve.judge import JudgeResult, Respondent, judge_spec
from misalign_logic.solve.probability import probability
from misalign_logic.solve.questions import Question, Questions, questions
from misalign_logic.solve.worlds import SYMBOLS, count_worlds, worlds
from misalign_logic.spec import render as _spec_text  # noqa: F401
from misalign_logic.spec.load import load_spec, parse_spec

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_RLIMIT",
    "SYMBOLS",
    "Analysis",
    "Assessment",
    "Atlas",
    "Bearing",
    "Coherence",
    "Conflict",
    "Constraint",
    "Explanation",
    "Fact",
    "FactKind",
    "Flip",
    "Incoherence",
    "JudgeResult",
    "Judgment",
    "Label",
    "Limits",
    "LimitsError",
    "MisalignLogicError",
    "MonotonicityViolation",
    "Origin",
    "Phase",
    "Prior",
    "Probability",
    "ProbabilityStatus",
    "Problem",
    "Question",
    "Questions",
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
    "atlas",
    "build_report",
    "check_many",
    "check_spec",
    "classify",
    "coherence",
    "count_worlds",
    "default_schemes",
    "explain",
    "flips",
    "heard",
    "isolated",
    "judge_spec",
    "load_spec",
    "parse_scheme",
    "parse_spec",
    "probability",
    "questions",
    "relate",
    "scheme_family",
    "share_world",
    "worlds",
]
