"""Model room: the formal model as plain data (docs/model.md).

Stories, the expression language, scenarios, schemes and their label conditions, verdicts, judgments and
priors. Nothing here imports the solver, the spec reader or the prose room.
"""
