"""Sentences built from a story's words read as English: numbers agree with nouns, lists have their commas, and
a phrase with a comma of its own inside a clause is closed by one."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic.prose.atlas import atlas_text
from misalign_logic.prose.telling import tell
from misalign_logic.prose.words import Wording, count, listing
from misalign_logic.solve.atlas import atlas
from tests.conftest import SPECS

_WORD = st.text(alphabet="abcdefghij ,", min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(_WORD, min_size=1, max_size=5), st.sampled_from(["and", "or"]))
def test_a_list_has_a_comma_before_each_item_but_the_first_when_it_has_three_or_more(
    items: list[str], word: str
) -> None:
    told = listing(items, word)
    if len(items) == 1:
        assert told == items[0]
    elif len(items) == 2:
        assert told == f"{items[0]} {word} {items[1]}"
    else:
        assert told == ", ".join(items[:-1]) + f", {word} {items[-1]}"


@given(st.integers(min_value=0, max_value=10_000))
def test_a_count_agrees_with_its_noun(n: int) -> None:
    told = count(n, "stated fact")
    assert told == (f"{n} stated fact" if n == 1 else f"{n} stated facts")
    assert count(n, "story", "stories").endswith("story" if n == 1 else "stories")


_STORY = """
[story]
name = "office"
actions = { video = "set up a video call", call = "phone them", restaurant = "book a restaurant" }
choices = ["safety"]
[story.situations]
office = { phase = "training", describe = "the office, before the pandemic" }
home = { phase = "deployment", describe = "home" }
[[scenario]]
name = "s"
constraints = ["policy(home) == restaurant"]
"""


def test_a_phrase_with_its_own_comma_is_closed_by_one_inside_a_clause() -> None:
    story = ml.parse_spec(_STORY).story
    words = Wording(story)
    assert words.fact("feedback(office, video)", True) == (
        "the feedback in the office, before the pandemic, rewards the model for choosing to set up a video call"
    )
    assert words.fact("exhibitable(office, call)", False).startswith(
        "choosing to phone them in the office, before the pandemic, could not be"
    )
    # A phrase at the end of its clause needs no closing comma.
    assert words.fact("feedback(home, video)", False) == (
        "the feedback in home does not reward the model for choosing to set up a video call"
    )


def test_wishes_over_three_actions_are_listed_with_commas() -> None:
    story = ml.parse_spec(_STORY).story
    told = tell(story, ["ideal(home, video)", "ideal(home, call)", "ideal(home, restaurant)", "policy(home) == call"])
    assert "the designers wished it to set up a video call, phone them, and book a restaurant." in told
    told = tell(story, ["not ideal(home, video)", "not ideal(home, call)", "not ideal(home, restaurant)"])
    assert "the designers did not wish it to set up a video call, phone them, or book a restaurant." in told


def test_counts_in_generated_sentences_agree() -> None:
    one = atlas([ml.load_spec(SPECS / "coinrun.toml")], [ml.parse_scheme("root-cause")])
    assert atlas_text(one).startswith(f"atlas of 1 story, {len(one.rows)} scenario")
    assert re.search(r"\b1 (stories|scenarios|schemes)\b", atlas_text(one)) is None
