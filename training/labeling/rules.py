"""Labelling functions: small pure functions over a comment and its context that vote or abstain.

Each takes a :class:`~classifier.records.Comment` (its ``text`` and ``parent_text``) and returns
a label name of the default scheme or ``None`` to abstain;
:func:`training.labeling.aggregate.labeling_functions` turns them into snorkel labelling functions
for a given scheme. The patterns were written from the real train threads of ``data/real`` and the
definitions in its ``GUIDELINES.md``; score them on other threads only (``stance label --split test``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from classifier.labels import OTHER, SCEPTICAL, SUPPORTIVE, TROLL
from classifier.records import Comment

Rule = Callable[[Comment], str | None]


def _any(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- what a comment says in its own words -----------------------------------------------
QUOTED = _any(
    r"(?:^|\s)(?:>|&gt;)[^.?!]*[.?!]?",  # Reddit quote of the comment answered, to the end of its sentence
    r"\"[^\"]*\"", r"<[^<>]{1,300}>",
)
USERNAME = _any(r"\[REPLY_TO:[^\]]*\]", r"(?:/?\bu/|@)[\w-]+", r"\buser(?: talk)?:[\w .-]+",
                r"\b[\w-]*(?:[a-z]bot|-bot|_bot)\b")  # ClueBot NG, SQLBot, LimbRetrieval-Bot
SARCASM = re.compile(r"(?:^|\s)/s\b|\bsarc\b", re.IGNORECASE)


@lru_cache(maxsize=4096)  # every rule reads the same few texts of a comment
def _own_words(text: str) -> str:
    """The comment without quotes of others and without usernames (which may contain 'troll' or 'bot')."""
    text = text.strip()
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return USERNAME.sub(" ", QUOTED.sub(_unquote, text))


def _unquote(quote: re.Match) -> str:
    """Drop a quoted phrase; keep a single quoted word, often the commenter's own ('Look all you want, "TROLL"!')."""
    inner = quote.group().strip(' "')
    return f" {inner} " if quote.group().startswith('"') and " " not in inner else " "


# --- accusation vocabulary ---------------------------------------------------------------
TROLL_WORD = r"(?:trolls?|trolling|troller|trolly|trollish|shills?|shilling|shillin|shilly)"
SOCK_WORD = r"(?:sock ?puppets?|sock ?puppeteers?|sock ?puppetry|sockmasters?|socks?|socking)"
AGENT = rf"(?:{TROLL_WORD}|{SOCK_WORD}|bots?|astroturfers?|stooges?|propagandists?)"
NOT_ACCUSATION = _any(
    # trolls and bots in the news or as a topic, and the word used literally
    r"\btroll[- ]?(?:farms?|factor(?:y|ies)|armies|army|networks?|operations?|face|x)\b", r"\btrolley",
    r"\btrolling for (?:trout|salmon|fish)", r"\binternet research agency\b",
    # software bots
    r"\b(?:good|bad|best|silly|poor|accurate|thank(?:s| you),?|happy cake day|hi|chat|ticket|scalping|software|"
    r"twitter|search|little|wrote an?|simple|vandal|anti-vandalism|script or)\s+bots?\b",
    r"\bbot (?:account|flag|approval|operator|master|subreddit)s?\b", r"\brobots?\b",
    # public figures, the author or the outlet, and their followers
    r"\b(?:trump|putin|milo|clinton|hillary|obama|soros|bannon|sessions|butts|kremlin|columnist|author|writer|"
    r"journalist|reporter|article|newspaper)(?:'s|,| is| was| as)[^.?!]{0,40}?"
    rf"\b(?:{TROLL_WORD}|sock ?puppets?|stooges?|puppets?)",
    r"\b(?:his|her) (?:\w+ )?trolls\b",
    # denials, defences and self-descriptions
    rf"\bnot (?:a |an |just |really )?(?:\w+ ){{0,2}}{AGENT}",
    r"\b(?:definition|term|concept|kind|type) of (?:a |an )?troll", r"\bwhat a troll (?:does|is)\b",
    rf"\b(?:is|are|was|were|'s|'re|am)(?:n'?t| not) (?:a |an |just |really )?{AGENT}",
    rf"\bi(?:'m| am| was)? (?:just |only )?(?:trolling|a troll|a sock\w*)\b",
    rf"\b(?:don'?t|do not) (?:consider|think) (?:you|him|her|them|he|she|they)(?:'re| are| is)? (?:a |an )?{AGENT}",
    r"\b(?:i (?:thought|assumed|figured)|assuming|assumed to be)\b[^.?!]{0,30}\btroll\w*",
    r"\b(?:can|could) i be a troll\b",
    r"\b(?:be|being|been|get|got) (?:labell?ed|called|branded) (?:a |an )?(?:\w+ )?troll", r"\btroll dolls?\b",
    # accusations reported, quoted or disputed rather than made
    r"\b(?:call(?:s|ed|ing)?|accus\w*|label\w*|brand\w*|suspect\w*)\s+(?:me|us|him|her|them|people|everyone|anyone|"
    rf"someone|others|that user|each other'?s?(?: edits)?|you)\s+(?:of being |of |as )?(?:a |an )?(?:\w+ )?{AGENT}",
    r"\b(?:accusations?|allegations?|claims?|charges?|labels?|tags?|templates?|suspicions?) (?:of |about )?"
    rf"(?:\w+ )?{AGENT}",
    rf"\b{AGENT} (?:claims?|accusations?|allegations?|labels?|tags?|templates?|investigations?|reports?|"
    r"cases?)\b",
    rf"\banyone who disagrees[^.?!]{{0,40}}\b{AGENT}", r"\bthe (?:word|term|label) (?:\W)?troll",
    r"\b(?:wikipedia|wp):\S+",
)
DIRECT_ACCUSATION = _any(
    rf"\b(?:you|u|you're|youre|you are|ur|your|yer|yourself)\b[^.?!]{{0,40}}?\b(?:{TROLL_WORD}|astroturfers?)\b",
    rf"\bare you (?:\w+ )?(?:a |an )?(?:\w+ )?(?:{TROLL_WORD}|bot|plant|stooge|paid)\b",
    r"\b(?:you(?:'re| are)|it'?s|is (?:this|that|he|she|\w+))\s+(?:either |just |obviously |clearly )?an?\s+"
    r"(?:\w+\s+)?bot\b",
    rf"(?:[,;:.!?]|^)\s*(?:you\s+)?(?:\w+\s+){{0,3}}(?:troll|shill)\s*(?:[.?!]|$)",  # vocative: "..., troll."
    r"\b(?:come|came|here|going) to troll\b", r"\btroll(?:ing)? me\b",
    r"\b(?:stop|quit|keep|continue to|go|nice|poor|bad|weak|sad|more|low[- ]effort|suck at|good at)\s+"
    r"(?:your\s+|this\s+|the\s+|their\s+)?(?:\w+\s+)?(?:trolling|shilling)\b",
    r"\b(?:go|head back to \w+|cool story|nice try|fuck off|piss off|go away|shut up|shove it|get lost|ok|okay|yep|bye|"
    r"hey|ah|oh)\b"
    rf",?\s+(?:you\s+)?(?:\w+\s+){{0,2}}(?:troll|shill)\b", r"\bnice try,? bot\b",
    rf"\b{TROLL_WORD}\s+(?:alert|detected|spotted|harder|elsewhere|somewhere else|level|fail)\b",
    rf"\b(?:says|said|spoken like|written by|sounds like|rhetoric of|reads like)\s+(?:the|a|a true|a real|an obvious|"
    rf"such a|a paid)\s+(?:\w+\s+)?{TROLL_WORD}",
    r"\b(?:don'?t|do not|stop|please don'?t) feed (?:the|them|him|her)\b",
)
NAMED_TROLL = _any(
    rf"\b(?:is|'s|are|'re|was|be|being|been|as|like|either)\s+(?:(?:just|only|obviously|clearly|definitely|probably|"
    rf"a|an|such|nothing|but|the|another|being|still|bait)\s+)*(?:\w+[, ]+){{0,3}}?(?:troll|trolls|shill|shills)\b",
    rf"\b(?:troll|trolling|trolly)\s+(?:comments?|posts?|questions?|attempts?|accounts?|threads?|moves?|button|"
    r"standards|of a|paradise|harder)\b",
    r"\b(?:concern|bait|karma|downvote|pedantry|obvious|typical|resident|professional|paid|another|usual|these|those|"
    r"some|our|fellow|hateful|lib|liberal|leftist|con|ndp|socialist|communists?|russian|chinese|kremlin|left[- ]wing|"
    r"right[- ]wing|maga|hater)\s+(?:\w+\s+){0,2}?(?:trolls?|trolling|shills?)\b",
    r"\b(?:trolls?|shills?) (?:like|such as)\b",
    r"\b(?:with|by|for|from|of|help|feeding|feed|reporting|observe|remember)\s+(?:a|the|this|that)\s+(?:\w+\s+){0,2}?"
    r"troll\b",
    r"\b(?:probably|likely|definitely|obviously|clearly|surely|just|what|such)\s+an?\s+(?:\w+\s+){0,2}?troll\b",
    r"\btroll(?:-like|ish)\b",
    r"\b(?:is|are|was|been|be|just|keep|keeps|kept|blatantly|obviously|clearly|actually|definitely|probably|total|"
    r"blatant|outright|partly|rate|racist|childish|pure|either|as|it'?s|that'?s)\s+"
    r"(?:just\s+|obviously\s+|clearly\s+|blatantly\s+|definitely\s+|actually\s+)?(?:trolling|shilling)\b",
    r"\b(?:trolling|shilling)\s+(?:us|me|people|the \w+|here|again|for)\b",
    r"\bcan'?t tell if (?:\w+ )?(?:bad )?trolls?", r"\bnot sure if (?:\w+ )?trolls?",
)
COMMENTERS_ARE_TROLLS = _any(
    rf"\b(?:ignore|ignoring|engage with|engaging with|reporting|report)\s+(?:the|these|this|that|those|such)?\s*"
    rf"(?:\w+\s+){{0,3}}?{TROLL_WORD}\b",
    rf"\b{TROLL_WORD}\b[^.?!]{{0,25}}\b(?:in this thread|here\b|in here|on this (?:site|page|thread|blog|board|sub\w*|"
    r"forum)|in the comments|comment section|have arrived|are out|out in force|working overtime)",
    r"\b(?:thread|sub(?:reddit)?|comment section|comments|board|forum|reddit)\b[^.?!]{0,25}\b(?:full of|overrun|"
    r"infested|crawling with|being)\b[^.?!]{0,15}\b(?:trolls|shills|bots|astroturf\w*)",
    r"\bwait(?:ing)? for the trolls\b", r"\bfeed(?:ing)? the trolls\b",
)
SOCK_PUPPET_CHARGE = _any(
    r"\bsock ?puppet(?:s|eer)?\b[^.?!]{0,8}\bof\b",
    r"\b(?:is|are|be|was|were|'s|'re|looks like|seems|acting like|turned out to be|another|obvious|proven|suspected|"
    r"undoubtedly|probably|likely|clearly|himself|herself)\s+(?:a |an |the |just |another |obvious |clearly |"
    r"probably |likely |ip[- ])?(?:sock ?puppets?|socks?|sock ?master|sock ?puppeteer)\b",
    r"\b(?:your|his|her|their|the ip[- ]?)\s*(?:\w+ )?(?:sock ?puppets?|socks)\b",
    r"\b(?:he|she|they|you|him|her|them|who|editor|user|account|for)\b[^.?!]{0,25}\bus(?:e|es|ed|ing)\s+(?:\w+\s+)?"
    r"(?:sock ?puppets|socks)\b",
    r"\b(?:with|by|from)\s+(?:a|an|the|this|that)\s+(?:\w+\s+){0,2}?sock ?puppets?\b",
    r"\b(?:involved|driving|stink of|keep an eye out for|much)\b[^.?!]{0,10}\b(?:sock ?puppet(?:s|ry)?|socks)\b",
    r"\b(?:sockmaster|sock ?puppet ?master|sockpuppet-tastic)\b",
)
VEILED_ACCUSATION = _any(
    r"\bweather in (?:st\.? ?|saint )?peters?b[eu]rg", r"\bweather in (?:siberia|moscow)\b",
    r"\bcomrade\s+\w+\s*:", r"\bcomrade,? your\b",
    r"\b(?:who(?:'s| is)?|do they|does \w+|how much do they|are they)\s+(?:pays?|paying)\s+you\b",
    r"\bpaid (?:\w+ ){0,2}(?:troll|trolls|trolling|shills?|shilling|posters?|commenters?|accounts?|propagandists?|"
    r"agents?)\b",
    r"\b(?:oil|pharma|corporate|government|russian|kremlin|chinese|israeli|idf|iran|soros|liberal|lib|conservative)\s+"
    r"(?:shills?|plants?)\b",
    r"\b(?:planted|conservative|political) (?:plants?|goons?|posters?)\b",
    r"\b(?:replying|talking|responding) to yourself\b", r"\balt accounts?\b",
    r"\b(?:\d+|one|two|three)[- ](?:day|hour|week|month)[- ]old account\b",
    r"\b(?:spam|shill|troll) (?:\w+ )?account\b", r"\bkarma[- ]farm\w*", r"\bastroturf(?:ed|ing)?\b",
)
COUNTER_ACCUSATION = _any(  # throws the parent's charge back at the accuser
    r"\btakes one to know one\b", r"\byou should know\b", r"\bprojection\b",
    r"\bpot,? (?:meet|calling) (?:the )?kettle\b",
)

# --- stance vocabulary -------------------------------------------------------------------
SOFTWARE_BOT = re.compile(r"\bbots?\b", re.IGNORECASE)
NOT_DOUBT = _any(
    r"\b(?:lies|lying)\s+(?:in|with|too|ahead|between|behind|within|on|flat|down|around|somewhere)\b",
    r"\b(?:herein|truth|answer|problem|issue|difference|fault|blame|solution|key|danger|argument) lies\b",
    r"\b(?:not|isn'?t|aren'?t|no)\s+(?:\w+\s+)?(?:fake news|a hoax|propaganda)\b",
)
DOUBT = _any(
    r"\bhard to believe\b", r"\bnonsense\b", r"\brubbish\b", r"\bpropaganda\b", r"\bfake news\b", r"\bhoax\b",
    r"\bmisleading\b", r"\bcherry[- ]?pick", r"\bconvenient(?:ly)?\b", r"\bfunny how\b", r"\bmeaningless\b",
    r"\bnever (?:work|go down)", r"\bbs\b|\bbull(?:shit)?\b", r"\bspin\b", r"\blies\b|\blying\b|\bliars?\b",
    r"\bnot true\b", r"\bi disagree\b", r"\bridiculous\b", r"\bpathetic\b", r"\bgarbage\b", r"\bhypocri",
    r"\bwhere'?s (?:the )?(?:evidence|proof)", r"\bno (?:evidence|proof)\b", r"\bsceptic|\bskeptic",
)
IRONY = _any(
    r"\b1984\b", r"(?:^|\s)/s\b", r"\boh sure\b", r"\bso[- ]called\b",
    r"\b(?:your|their|his|her|this|these|those|our)\s+(?:\w+\s+)?\"\w+\"",  # scare quotes: 'your "experts"'
)
DOUBTING_QUESTION = _any(
    r"^(?:\w+\s){0,2}\w+\?\s",  # opens with a short challenge: "Really? ...", "On time? ..."
    r"\b(?:really|seriously|says who|according to whom|based on what)\?",
    r"\bhow (?:come|do they know|would|can they)\b[^?]*\?",
    r"\bwhy (?:would|did|should)\b[^?]*\?", r"\bwho (?:says|checks|believes)\b[^?]*\?",
    r"\bwhere(?:'s| is) the (?:evidence|proof|data)\b",
)
NOT_SUPPORT = _any(r"^good (?:luck|grief|god|lord)\b", r"\bthank(?:s| you),? (?:\w+-)?bot\b")
SUPPORT = _any(
    r"\b(?:great|good|brilliant|wonderful|excellent|fantastic) (?:news|decision|idea|step|start|work|piece|post|article|"
    r"point)\b", r"\babout time\b", r"\bwell done\b", r"\bi (?:fully )?support\b", r"\bmakes sense\b", r"\bcredible\b",
    r"\bcan confirm\b|\bi can say\b", r"\bthat'?s (?:evidence|reassuring)\b", r"\bcongratulations\b",
    r"\bkudos\b|\bbravo\b|\bhats off\b", r"\bspeak for themselves\b", r"\b(?:love|loved) (?:this|it)\b|\bi love\b",
    r"\bwell said\b",
)
AGREEMENT = _any(r"^(?:exactly|agreed|this|same|true|indeed|precisely|spot on|right|yes)\b", r"\bi agree\b",
                 r"\bgood point\b", r"\byou'?re right\b", r"\bwell said\b", r"\bsame thought\b|\bsame here\b")
OFF_TOPIC = _any(
    r"\bi(?:'ve| have)? (?:just )?(?:moved|archived|fixed|added|removed|created|updated|uploaded|tagged|merged|corrected|"
    r"changed|restored)\b", r"\[(?:removed|deleted)\]", r"\bcake day\b",
    r"^(?:where can|when (?:is|does|will the)|will (?:the|there|they|it)|does (?:this|it|the)|do (?:the|they)|"
    r"is (?:the|there|it safe)|are (?:the|there)|can (?:i|we)|how do i|what time|which)\b[^.!]{0,120}\?$",
    r"\bcaption\b", r"\bthank(?:s| you)\b(?! to\b| for proving)", r"\b(?:hello|hi)\b",
    r"\bgood luck\b(?! with that)",
)


def lf_direct_accusation(c: Comment) -> str | None:
    """Calls the person addressed a troll, shill or bot ("you troll", "stop trolling", "..., troll?")."""
    return TROLL if _accuses(DIRECT_ACCUSATION, c.text) else None


def lf_names_a_troll(c: Comment) -> str | None:
    """Calls a participant or their post a troll ("X is a troll", "troll comment", "concern trolling")."""
    if _accuses(NAMED_TROLL, c.text):
        return TROLL
    own = _accusing_words(c.text)
    short = own is not None and len(own.split()) <= 6 and re.search(rf"\b{TROLL_WORD}\b", own, re.IGNORECASE)
    return TROLL if short else None


def lf_commenters_are_trolls(c: Comment) -> str | None:
    """Says the thread's commenters in general are trolls or shills ("ignore the trolls", "full of bots")."""
    return TROLL if _accuses(COMMENTERS_ARE_TROLLS, c.text) else None


def lf_sock_puppet_charge(c: Comment) -> str | None:
    """Says an editor or commenter is or uses a sock puppet (not a procedure note or a denial)."""
    return TROLL if _accuses(SOCK_PUPPET_CHARGE, c.text) else None


def lf_veiled_accusation(c: Comment) -> str | None:
    """Hints that a commenter is paid, state-run or a fake account without saying troll ("who pays you?")."""
    return TROLL if _accuses(VEILED_ACCUSATION, c.text) else None


def lf_retort_to_accusation(c: Comment) -> str | None:
    """Answers an accusation by throwing it back ("Takes one to know one"); a denial is no accusation."""
    if not c.parent_text or not _is_accusation(c.parent_text):
        return None
    return TROLL if _is_accusation(c.text) or _accuses(COUNTER_ACCUSATION, c.text) else None


def lf_doubt_words(c: Comment) -> str | None:
    """Doubt, disbelief or dismissal ("nonsense", "that's a lie", "no evidence")."""
    return SCEPTICAL if DOUBT.search(NOT_DOUBT.sub(" ", _own_words(c.text))) else None


def lf_irony(c: Comment) -> str | None:
    """Irony markers: '/s', 'oh sure', 'so-called', scare quotes after a determiner ('your "experts"')."""
    return SCEPTICAL if IRONY.search(c.text) else None


def lf_doubting_question(c: Comment) -> str | None:
    """A question that doubts the claim ('Says who?', 'Why would they...?', 'Really? ...')."""
    return SCEPTICAL if DOUBTING_QUESTION.search(_own_words(c.text)) else None


def lf_support_words(c: Comment) -> str | None:
    """Approval or corroboration ("well said", "makes sense", "great point")."""
    text = NOT_SUPPORT.sub(" ", _own_words(c.text))
    return SUPPORTIVE if SUPPORT.search(text) and not DOUBT.search(text) else None


def lf_agrees_with_parent(c: Comment) -> str | None:
    """A reply that agrees takes its parent's stance: agreeing with a sceptic is sceptical."""
    if not c.parent_text or not AGREEMENT.search(c.text):
        return None
    return _cue_stance(c.parent_text)


def lf_off_topic(c: Comment) -> str | None:
    """Thanks, greetings, practical questions and asides that take no stance on the claim."""
    text = _own_words(c.text)
    if OFF_TOPIC.search(text) and not (DOUBT.search(text) or DOUBTING_QUESTION.search(text)):
        return OTHER
    return None


def lf_software_bot(c: Comment) -> str | None:
    """Talk about software bots ("Good bot", "the bot didn't archive it") takes no stance."""
    return OTHER if SOFTWARE_BOT.search(_own_words(c.text)) and not _is_accusation(c.text) else None


@lru_cache(maxsize=4096)
def _accusing_words(text: str) -> str | None:
    """The comment's own words without denials, reports and other non-accusing uses; None when marked as sarcasm."""
    if SARCASM.search(text):
        return None
    return NOT_ACCUSATION.sub(" ", _own_words(text))


def _accuses(pattern: re.Pattern, text: str) -> bool:
    words = _accusing_words(text)
    return words is not None and bool(pattern.search(words))


def _is_accusation(text: str) -> bool:
    return any(_accuses(p, text) for p in (DIRECT_ACCUSATION, NAMED_TROLL, COMMENTERS_ARE_TROLLS,
                                          SOCK_PUPPET_CHARGE, VEILED_ACCUSATION))


def _cue_stance(text: str) -> str | None:
    text = _own_words(text)
    sceptical = bool(DOUBT.search(text) or IRONY.search(text) or DOUBTING_QUESTION.search(text))
    supportive = bool(SUPPORT.search(text))
    if sceptical == supportive:
        return None
    return SCEPTICAL if sceptical else SUPPORTIVE


RULES: list[Rule] = [
    lf_direct_accusation, lf_names_a_troll, lf_commenters_are_trolls, lf_sock_puppet_charge, lf_veiled_accusation,
    lf_retort_to_accusation, lf_doubt_words, lf_irony, lf_doubting_question,
    lf_support_words, lf_agrees_with_parent, lf_off_topic, lf_software_bot,
]
