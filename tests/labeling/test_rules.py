import copy

import pytest

from classifier.records import Comment
from training.labeling import rules
from training.labeling.rules import OTHER, SCEPTICAL, SUPPORTIVE, TROLL

ACCUSATION_RULES = [rules.lf_direct_accusation, rules.lf_names_a_troll, rules.lf_commenters_are_trolls,
                    rules.lf_sock_puppet_charge, rules.lf_veiled_accusation, rules.lf_retort_to_accusation]


def comment(text, parent=None, title="Council says the bridge opens in May"):
    return Comment(id="x", thread_id="t", text=text, parent_text=parent, article_title=title)


def accused(text, parent=None):
    return any(lf(comment(text, parent)) == TROLL for lf in ACCUSATION_RULES)


@pytest.mark.parametrize("text", [
    # forms real comments use
    "Got a link for that, troll? Or is this just another one of your lies?",
    "It's pretty clear some oil shill is censoring one entire side of this discussion.",
    "Replying to yourself again?",
    "Any cites or are you just relying on ignorant hyperbole, troll?",
    "You're either trolling, nuts, or both.",
    "Socialist troll",
    'Look all you want, "TROLL"!',
    "K is a koncern troll. Waste of time to engage him.",
    "Clearly affirming your status as an unredemptive concern troll.",
    "It doesn't. Just ignore the troll.",
    "Are you a Conservative plant or just not a very sensible strategist?",
    "hey paid liberal ottawa troll, take a hike",
    "Lmao is this a bot?",
    "Two year old account with all posts deleted. This is an interesting way to use a shill account.",
    "Looking at the edit history, it may be a sock puppet of Martin.",
    "I will not argue with an anonymous IP sock puppet.",
    # the guidelines' examples
    "Fuck off you troll.", "You're a paid shill.", "Nice try, shill.", "Stop trolling.", "Are you just trolling?",
    "That's a troll question.", "How is the weather in St Petersburg, Ivan?", "Who pays you to post this?",
    "Comrade, your rubles are in the mail.", "This thread is full of Russian bots.",
    "The shills are out in force today.", "Half the comments here are astroturf.",
    "A checkuser will prove you are another sockpuppet of NisarKand.", "He is a sockpuppet of a banned user.",
    "Says the paid shill.", "Western culture is a *culture*, you troll.",
])
def test_accusations(text):
    assert accused(text)


@pytest.mark.parametrize("text", [
    # not at a participant (guidelines)
    "Trump's a Clinton/Soros sock puppet. His only function is to scare the masses.",
    "This columnist is a government shill.",
    "Putin's troll factory is at it again.",
    "The report says Russian bots reached 126 million users.",
    "Researchers traced the accounts to a troll farm in the capital.",
    # software bots, usernames and literal uses
    "Good bot.", "The bot didn't link it.", "Thank you, LimbRetrieval-Bot!", "Oh hi bot",
    "/u/troll_hunter makes a fair point about the budget.",
    "Scalping bots bought half the tickets.", "The trolley line to the hospital reopens in April.",
    "We were trolling for trout there last weekend.",
    # denials, defences, self-descriptions, reports and jokes
    "I'm not a Russian troll.", "I am not a sockpuppet; this block is a mistake.",
    "He's not a shill, he just disagrees with you.", "He isn't a bot, look at his post history.",
    "I was just trolling my brother.", "I don't consider you a troll.",
    "You called me a troll and a liar and you're surprised I sound confrontational?",
    "So anyone who disagrees with you is a shill?",
    "I thought you might have been a troll, but you really are as obtuse as you seem.",
    "Shut up you shill /s",
    "I don't know the sockpuppet investigation procedure and posted in the wrong place.",
])
def test_not_accusations(text):
    assert not accused(text)


def test_a_retort_accuses_only_when_it_carries_the_charge():
    accusation = "You're a paid shill."
    assert rules.lf_retort_to_accusation(comment("Takes one to know one.", parent=accusation)) == TROLL
    assert rules.lf_retort_to_accusation(comment("Says the troll.", parent=accusation)) == TROLL
    assert rules.lf_retort_to_accusation(comment("I'm not a shill, I just disagree.", parent=accusation)) is None
    assert rules.lf_retort_to_accusation(comment("He's not a troll, he has a point.", parent=accusation)) is None
    assert rules.lf_retort_to_accusation(comment("Takes one to know one.", parent="The bridge looks finished.")) is None
    assert rules.lf_retort_to_accusation(comment("Takes one to know one.")) is None


@pytest.mark.parametrize("text, expected", [
    ("They are lying about the costs.", SCEPTICAL),
    ("The truth lies somewhere in between.", None),
    ("Herein lies the problem with the plan.", None),
    ("This is fake news.", SCEPTICAL),
    ("This is NOT fake news, it was in the council minutes.", None),
])
def test_doubt_words_and_their_guards(text, expected):
    assert rules.lf_doubt_words(comment(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ('Your "experts" got it wrong again.', SCEPTICAL),
    ("The so-called plan has no budget.", SCEPTICAL),
    ('He used the word "troll" twice.', None),
    ('I replied "thanks" and left.', None),
])
def test_scare_quotes_need_a_determiner(text, expected):
    assert rules.lf_irony(comment(text)) == expected


def test_good_luck_with_that_is_not_support():
    assert rules.lf_support_words(comment("Good luck with that.")) is None
    assert rules.lf_support_words(comment("Good point, well said.")) == SUPPORTIVE


def test_agreeing_takes_the_parents_stance():
    sceptic = "That's nonsense, there is no evidence."
    supporter = "Well said, it makes sense."
    assert rules.lf_agrees_with_parent(comment("Exactly.", parent=sceptic)) == SCEPTICAL
    assert rules.lf_agrees_with_parent(comment("Exactly.", parent=supporter)) == SUPPORTIVE
    assert rules.lf_agrees_with_parent(comment("Exactly.", parent=f"> {supporter} Nonsense.")) == SCEPTICAL
    assert rules.lf_agrees_with_parent(comment("Exactly.")) is None


def test_stance_cues():
    assert rules.lf_doubting_question(comment("Says who?")) == SCEPTICAL
    assert rules.lf_support_words(comment("Great news, I love it.")) == SUPPORTIVE
    assert rules.lf_off_topic(comment("Thanks for the link! Happy cake day.")) == OTHER
    assert rules.lf_off_topic(comment("All thanks to the council, the road is shut.")) is None
    assert rules.lf_software_bot(comment("The bot archived the thread again.")) == OTHER
    assert rules.lf_software_bot(comment("You're a bot.")) is None
    assert rules.lf_support_words(comment("The weather was grey.")) is None


def test_every_rule_abstains_on_neutral_text():
    neutral = comment("The meeting is on Thursday at the hall.")
    assert all(lf(neutral) is None for lf in rules.RULES)


def test_every_rule_is_pure():
    """A vote depends on the comment alone: the comment is left as it was, and neither the order of
    the calls nor the comments seen before change the votes."""
    samples = [comment("The meeting is on Thursday at the hall."), comment("Exactly."),
               comment("Exactly.", parent="They said the same about the tunnel and it opened late."),
               comment("You should know.", parent="How is the weather in St Petersberg Ivan?"),
               comment("Paid troll alert"), comment("Great news, well done to the crews.")]
    pristine = copy.deepcopy(samples)
    forward = [[lf(c) for lf in rules.RULES] for c in samples]
    assert samples == pristine
    again = copy.deepcopy(pristine)[::-1]
    backward = [[lf(c) for lf in rules.RULES[::-1]][::-1] for c in again][::-1]
    assert backward == forward
