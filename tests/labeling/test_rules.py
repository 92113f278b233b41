import copy

import pytest

from classifier.records import Comment
from training.labeling import rules
from training.labeling.rules import OTHER, SCEPTICAL, SUPPORTIVE, TROLL


def comment(text, parent=None, title="Council says the bridge opens in May"):
    return Comment(id="x", thread_id="t", text=text, parent_text=parent, article_title=title)


@pytest.mark.parametrize("text", [
    "Says the troll. There are several Robert Huntleys.",
    "Paid troll alert",
    "you really are a troll.",
    "Russian troll alert folks!",
    "The shills have arrived early today.",
    "Don't feed them, report and move on.",
])
def test_direct_accusations(text):
    assert rules.lf_direct_accusation(comment(text)) == TROLL


@pytest.mark.parametrize("text", [
    "How is the weather in St Petersberg Ivan?",
    "Do they pay you by the hour or by the post?",
    "Your handlers must be pleased.",
    "Nice try, Ivan.",
    "Interesting how these glowing comments all appear at once. Coordinated much?",
])
def test_veiled_accusations_without_the_word_troll(text):
    assert rules.lf_veiled_accusation(comment(text)) == TROLL


@pytest.mark.parametrize("text", [
    "Researchers traced the accounts to a troll farm in the capital.",
    "The trolley line to the hospital reopens in April.",
    "Scalping bots bought half the tickets.",
    "I wrote a little bot that posts when bikes are free.",
    "We were trolling for trout there last weekend.",
    "Their support chatbot is hopeless.",
])
def test_hard_negatives_are_not_accusations(text):
    c = comment(text)
    assert rules.lf_direct_accusation(c) is None
    assert rules.lf_veiled_accusation(c) is None


def test_retort_needs_an_accusing_parent():
    retort = "You should know. Ask the editor for some weather links."
    assert rules.lf_retort_to_accusation(comment(retort, parent="How is the weather in St Petersberg Ivan?")) == TROLL
    assert rules.lf_retort_to_accusation(comment(retort, parent="The bridge looks finished.")) is None
    assert rules.lf_retort_to_accusation(comment(retort)) is None


def test_agreeing_with_a_sceptic_is_sceptical_and_disagreeing_flips():
    sceptic = "They said the same about the tunnel and it opened late."
    supporter = "Good news, about time."
    assert rules.lf_agrees_with_parent(comment("Exactly.", parent=sceptic)) == SCEPTICAL
    assert rules.lf_agrees_with_parent(comment("Exactly.", parent=supporter)) == SUPPORTIVE
    assert rules.lf_disagrees_with_parent(comment("No, that's not true.", parent=sceptic)) == SUPPORTIVE
    assert rules.lf_agrees_with_parent(comment("Exactly.")) is None


def test_stance_cues():
    assert rules.lf_irony(comment("Doublespeak from 1984.")) == SCEPTICAL
    assert rules.lf_doubt_words(comment("I will believe it when I drive over it.")) == SCEPTICAL
    assert rules.lf_doubting_question(comment("Who checks the thousands of ads?")) == SCEPTICAL
    assert rules.lf_support_words(comment("Great news, well done to the crews.")) == SUPPORTIVE
    assert rules.lf_off_topic(comment("Does anyone know if there is a cycle lane?")) == OTHER
    assert rules.lf_support_words(comment("The weather was grey.")) is None


def test_every_rule_abstains_on_neutral_text():
    neutral = comment("The meeting is on Thursday at the hall.")
    assert all(lf(neutral) in (None, OTHER) for lf in rules.LABELING_FUNCTIONS)


def test_every_rule_is_pure():
    """A vote depends on the comment alone: the comment is left as it was, and neither the order of
    the calls nor the comments seen before change the votes."""
    samples = [comment("The meeting is on Thursday at the hall."), comment("Exactly."),
               comment("Exactly.", parent="They said the same about the tunnel and it opened late."),
               comment("You should know.", parent="How is the weather in St Petersberg Ivan?"),
               comment("Paid troll alert"), comment("Great news, well done to the crews.")]
    pristine = copy.deepcopy(samples)
    forward = [[lf(c) for lf in rules.LABELING_FUNCTIONS] for c in samples]
    assert samples == pristine
    again = copy.deepcopy(pristine)[::-1]
    backward = [[lf(c) for lf in rules.LABELING_FUNCTIONS[::-1]][::-1] for c in again][::-1]
    assert backward == forward
