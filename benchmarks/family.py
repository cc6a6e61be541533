"""The generated family of failure stories the benchmark measures: the pop quiz, scaled up.

A story of size (N, M, C) has N training situations ``t0..``, N deployment situations ``d0..``, M actions
``a0..`` and C counterfactual choices ``c0..``. Its scenario is told the way the quiz is: quantified
feedback == ideal in training, a policy per situation, the design objective per choice at deployment, and
reasons for some training situations (the rest are left open, so the reason-reading schemes stay ambiguous).
"""

from __future__ import annotations

from misalign_logic import Scenario, Story

#: The schemes measured per size: one of each family the issue names.
SCHEMES = (
    "objective",
    "objective[counterfactual=c0]",
    "generalization[standard=outcomes]",
    "generalization[standard=reasons]",
    "root-cause",
    "heuristic:deception",
)


def story(n: int, m: int = 4, c: int = 2) -> Story:
    """The signature of size (n, m, c)."""
    situations = {f"t{i}": "training" for i in range(n)} | {f"d{i}": "deployment" for i in range(n)}
    return Story.build(f"family-{n}-{m}-{c}", situations, [f"a{k}" for k in range(m)], [f"c{k}" for k in range(c)])


def constraint_texts(n: int, m: int = 4, c: int = 2) -> list[str]:
    """The scenario's constraints, as a person would write them for a quiz-like story of this size."""
    texts = [
        # What the designers wish for: a0 is good everywhere, a1 bad; the other actions are left open.
        "forall s: ideal(s, a0) and not ideal(s, a1)",
        # Feedback is correct on the training data.
        "forall t in training: forall a: feedback(t, a) == ideal(t, a)",
    ]
    # The model behaves in training and, at every other deployment situation, does the bad a1.
    texts += [f"policy(t{i}) == a0" for i in range(n)]
    texts += [f"policy(d{i}) == {'a1' if i % 2 == 0 else 'a0'}" for i in range(n)]
    # The first choice reads the design objective as the wishes, the others as "whatever gets merged".
    texts.append("forall s in deployment: forall a: design(c0, s, a) == ideal(s, a)")
    texts += [f"forall s in deployment: forall a: design(c{k}, s, a)" for k in range(1, c)]
    # The model's reasons are stated for every other training situation.
    texts += [f"reason(t{i}) == aligned" for i in range(0, n, 2)]
    return texts


def scenario(n: int, m: int = 4, c: int = 2) -> Scenario:
    """The quiz-like scenario of size (n, m, c)."""
    return Scenario.from_strings(story(n, m, c), f"family-{n}", constraint_texts(n, m, c))


def spec_text(n: int, m: int = 4, c: int = 2, seed: int = 0) -> str:
    """A spec file (TOML) with the quiz-like scenario and a refinement, for batch runs; ``seed`` varies it."""
    s = story(n, m, c)
    situations = "\n".join(f'{x.name} = {{ phase = "{x.phase.value}" }}' for x in s.situations)
    texts = constraint_texts(n, m, c)
    texts[n + 2 + seed % max(n, 1)] = f"policy(d{seed % max(n, 1)}) == a{seed % m}"
    body = ",\n".join(f'    "{t}"' for t in texts)
    return (
        f'[story]\nname = "family-{n}-{seed}"\nactions = {[f"a{k}" for k in range(m)]!r}\n'
        f"choices = {[f'c{k}' for k in range(c)]!r}\n\n[story.situations]\n{situations}\n\n"
        f'[[scenario]]\nname = "base"\nconstraints = [\n{body}\n]\n\n'
        f'[[scenario]]\nname = "deceived"\nextends = "base"\n'
        f'constraints = ["reason(t{(n - 1) // 2 * 2 - 1 if n > 1 else 0}) == deceptive"]\n'
    ).replace("'", '"')
