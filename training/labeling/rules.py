"""Labelling functions: small pure functions over a comment and its context that vote or abstain.

Each takes a :class:`~classifier.records.Comment` (its ``text``, ``parent_text`` and
``article_title``) and returns a label name of the default scheme or ``None`` to abstain;
:func:`training.labeling.aggregate.labeling_functions` turns them into snorkel labelling functions
for a given scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from classifier.labels import OTHER, SCEPTICAL, SUPPORTIVE, TROLL
from classifier.records import Comment

Rule = Callable[[Comment], str | None]


def _any(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- accusation vocabulary -------------------------------------------------------------
AGENT_NOUN = r"(?:troll|trolls|shills?|bots|bot|sock ?puppets?|sockpuppets?|astroturfers?)"
AGENT_ROLE = r"(?:agents?|plants?|operatives?|provocateurs?|propagandists?|stooges?|spies|spy)"
NOT_ACCUSATION = _any(
    r"\btroll (?:farms?|factor(?:y|ies)|networks?|operations?)\b", r"\btrolley", r"\btrolling for (?:trout|salmon|fish)",
    r"\b(?:chat|ticket|scalping|software|spam|twitter|search|a little|wrote an?|the)\s*bots?\b(?! (?:like you|alert))",
    r"\brobots?\b",
)
DIRECT_ACCUSATION = _any(
    rf"\b(?:you|u|you're|youre|you are|ur|your a|yer)\b[^.?!]{{0,30}}\b{AGENT_NOUN}\b",
    rf"\b{AGENT_NOUN}\b[^.?!]{{0,12}}\b(?:like you|alert|detected|spotted|account)\b",
    rf"\b(?:paid|obvious|typical|resident|professional|russian|kremlin|chinese|lib|liberal|leftist|left-wing|"
    rf"right-wing|conservative|neocon|trump|maga|fellow|hey|exposed|another)\s+{AGENT_NOUN}\b",
    rf"\b(?:says|said|spoken like|written by|sounds like) (?:the|a|a true|a real|an obvious) {AGENT_NOUN}\b",
    r"\b(?:don'?t|do not|stop|please don'?t) feed (?:the|them|him|her)\b",
    rf"\b{AGENT_NOUN}\b[^.?!]{{0,25}}\b(?:in this thread|here today|in here|on this (?:site|page|thread|blog)|"
    rf"in the comments|comment section|have arrived|are out|are here|are busy|working overtime)",
    rf"\b(?:calling|called|call) (?:me|people|everyone|anyone|them|us) (?:a |an )?(?:corporate |pharma |paid |russian )?{AGENT_NOUN}",
    rf"\b(?:paid|russian|kremlin|chinese|state|foreign|government|company|corporate|pr)\s+{AGENT_ROLE}\b",
)
VEILED_ACCUSATION = _any(
    r"weather in (?:st\.? ?|saint )?peters?b[eu]rg", r"\bweather in [a-z]+\W{0,3}(?:ivan|comrade|tovarish)\b", r"\bolgino\b",
    r"\b(?:nice try|privet|hello|greetings),? (?:ivan|comrades?)\b", r",\s*ivan\s*[?.!]",
    r"\bgreetings (?:to|from) the (?:comrades|office|agency)\b",
    r"\b(?:your|their) (?:handlers?|paymasters?|shift (?:is|must|rota))\b|\byour shift\b", r"\bshift change\b",
    r"\b(?:your|someone'?s|their) quota\b(?! system)",
    r"\b(?:pay|paid|paying) (?:you )?(?:per|by the|in) (?:post|comment|hour|roubles|rubles|crypto)",
    r"\bwho(?:'s| is)? (?:pays|paying) you\b", r"\bwho (?:signs your|runs this account|is coordinating|'s coordinating)",
    r"\bwho'?s coordinating you\b",
    r"\b(?:are|is) (?:you|they) (?:being )?(?:paid|on the (?:clock|payroll))\b", r"\bon the clock\b",
    r"\bdo they pay you\b", r"\bhow much (?:are you|do they pay you|does \w+ pay you)",
    r"\b(?:comms|pr|marketing|social media) (?:team|department|people)\b[^.]{0,30}\b(?:busy|overtime|weekends|here|today)",
    r"\b(?:marketing|pr) (?:team|department) working\b", r"\bon (?:their|the \w+'s) (?:marketing|pr) team\b",
    r"\b(?:new|brand new|same) (?:accounts?|usernames)\b[^.]{0,40}\b(?:thread|defending|coincidence|posting|arrived|paying)",
    r"\baccount (?:was )?(?:created|made) (?:on|last|this|a week)\b", r"\b(?:memo|template|talking points?)\b[^.]{0,30}\b(?:embassy|memo|word for word|template)",
    r"\bword for word\b", r"\bcoordinated much\b", r"\bpaid (?:account|poster|posters|accounts|commenters?)\b",
    r"\bcopy-paste job\b", r"\bsock puppet (?:alert|operation)\b",
)
RETORT = _any(
    r"\bnot (?:a|an) (?:troll|bot|shill|spy|agent|agency|lobby|russian agent)\b", r"\bi'?m not (?:ivan|russian)\b",
    r"\b(?:calling|accusing|call|shouting \"?paid\"? at) (?:people|everyone|anyone|me|us)\b", r"\bnobody (?:pays|runs|coordinates) me\b",
    r"\bi wish (?:someone|they|anyone) paid me\b", r"\bnot (?:on )?(?:a|anyone'?s) payroll\b", r"\byou should know\b",
    r"\btakes one to know one\b", r"\bprojection\b", r"\bnot everyone who\b", r"\bnot every (?:sceptic|question)\b",
    r"\bi(?:'ve| have) been (?:on|reading|here)\b", r"\bmy account is\b", r"\bisn'?t an argument\b|\bis not an argument\b",
    r"\b(?:accusation|smear|smearing)\b", r"\bparanoi[ad]",
)

# --- stance vocabulary ------------------------------------------------------------------
DOUBT = _any(
    r"\bi'?ll believe (?:it|that|the)\b", r"\bbelieve it when\b", r"\bnot buying\b", r"\bdon'?t buy\b", r"\bhard to believe\b",
    r"\bnonsense\b", r"\brubbish\b", r"\bpropaganda\b", r"\bfake news\b", r"\bhoax\b", r"\bpr (?:stunt|exercise)\b",
    r"\bpress[- ]release number\b", r"\bmisleading\b", r"\bcherry[- ]?pick", r"\byeah,? right\b", r"\bpull the other one\b",
    r"\bsame (?:old|announcement|story)\b", r"\bthey said (?:that|the same|this)\b", r"\bsaid the same\b", r"\bconvenient(?:ly)?\b",
    r"\bwhat a coincidence\b", r"\bfunny (?:timing|how)\b", r"\bmark(?:s|ing)? (?:its|their) own homework\b", r"\bfollow the money\b",
    r"\bwait (?:for|and see|until|six months)\b", r"\bi'?d (?:like|want) to see\b", r"\bwhere'?s (?:the )?(?:independent|evidence|proof)",
    r"\bno (?:evidence|details|proof)\b", r"\bproves nothing\b", r"\bmeaningless\b", r"\bsymbolic gesture\b",
    r"\bunenforceable\b", r"\bnever (?:work|go down)", r"\bdoesn'?t add up\b", r"\bcorrelation,? not causation\b",
    r"\bmy foot\b", r"\bcynical\b", r"\bseen it before\b", r"\bdon'?t sell\b", r"\bwatch that space\b", r"\bif it opens\b",
    r"\bnothing is solved\b", r"\bindependent (?:review|auditor|engineer|numbers|data|tracking)\b", r"\bbs\b|\bbull(?:shit)?\b",
    r"\bfishy\b", r"\bspin\b", r"\blies\b|\blying\b", r"\bnot true\b", r"\bdoubt\b", r"\bsceptic|\bskeptic",
)
IRONY = _any(r"\bdoublespeak\b", r"\borwellian\b", r"\b1984\b", r"\bministry of truth\b", r"/s\b", r"\boh sure\b",
             r"what could possibly go wrong", r"\bshocking\b\.?$", r"\bof course (?:they|it)\b", r"\bvery convenient\b",
             r"\"\w+\"")
DOUBTING_QUESTION = _any(
    r"\b(?:really|seriously|says who|according to whom|based on what|which year|with what budget|from what|of what)\?",
    r"\bhow (?:come|do they know|would|can they)\b[^?]*\?", r"\bwhy (?:would|did|should)\b[^?]*\?",
    r"\bwho (?:says|checks|believes|is going to)\b[^?]*\?", r"\bwhere(?:'s| is) the (?:evidence|proof|data)\b",
    r"\bfunded by whom\b", r"\bindependent of what\b", r"\bwhat else was wrong\b", r"\bwhich is it\b",
)
SUPPORT = _any(
    r"\b(?:great|good|brilliant|wonderful|excellent|lovely|fantastic|welcome) (?:news|decision|move|idea|step|start|work|deal|scheme|piece)\b",
    r"^(?:good|great|brilliant|wonderful|finally|excellent)\b", r"\babout time\b", r"\bwell done\b", r"\bfinally\b",
    r"\blong overdue\b|\boverdue\b", r"\bgood on (?:them|him|her|the)\b", r"\bglad (?:to see|someone|they)\b", r"\bi (?:fully )?support\b",
    r"\bmakes sense\b", r"\bthe right (?:call|thing|decision|move)\b|\bright decision\b", r"\bcredit where\b", r"\bcredible\b",
    r"\bthank(?:s| you)\b[^.]{0,30}\b(?:for|to|mayor|minister)\b", r"\bcan confirm\b|\bi can say\b", r"\bconfirm(?:s|ed)\b",
    r"\bit'?s (?:real|working|credible|solid)\b|\bthis is (?:real|working)\b|\bit worked\b|\bworks?\b[^.]{0,15}\bworking\b",
    r"\bthat'?s (?:evidence|reassuring)\b", r"\bhuge (?:achievement|drop|help)\b", r"\bproud of\b", r"\bcongratulations\b",
    r"\bkudos\b|\bbravo\b|\bhats off\b", r"\bsailed through\b", r"\bmatches (?:what|every)\b", r"\bno reason to doubt\b",
    r"\bspeak for themselves\b", r"\bin the (?:report|paper|appendix|statement|announcement|contract)\b", r"\bread the (?:paper|report)\b",
    r"\bread past the headline\b", r"\bis (?:public|published)\b|\bpublished the\b",
)
AGREEMENT = _any(r"^(?:exactly|agreed|this|same|true|indeed|precisely|spot on|right|yes|ha,? exactly)\b", r"\bi agree\b",
                 r"\bgood point\b", r"\bfair point\b", r"\bhas a point\b", r"\byou'?re right\b", r"\bspot on\b",
                 r"\bwell said\b", r"\bsame thought\b|\bsame here\b", r"\bthat'?s my worry\b", r"\bwhat i was going to say\b")
DISAGREEMENT = _any(r"^(?:no|nope|wrong|not really|nonsense)\b", r"\bi disagree\b", r"\bthat'?s not (?:true|how|what)\b",
                    r"\bthat isn'?t how\b", r"\bisn'?t true\b", r"\bcompletely different\b", r"\bdifferent (?:contractor|structure|scheme|contract|circuit)\b",
                    r"\bnot the\b[^.]{0,20}\bbut\b")
OFF_TOPIC = _any(
    r"\b(?:does|do|did) anyone (?:know|have)\b", r"\bis there (?:a|any) (?:link|list|map|viewing)\b",
    r"^(?:where can|when (?:is|does|will the)|will (?:the|there|they|it)|does (?:this|it|the)|do (?:the|they)|"
    r"is (?:the|there|it safe)|are (?:the|there)|can (?:i|we)|how do i|what time|which)\b[^.!]{0,120}\?$",
    r"\btypo\b", r"\bcaption\b",
    r"\b(?:photo|picture|pic)\b[^.]{0,20}\b(?:at the top|of the|caption)\b|\blovely (?:old )?photo\b", r"\bmods?\b",
    r"\bapp (?:crashes|is)\b", r"\bwi-?fi\b", r"\bfor what it'?s worth\b", r"\bthere'?s a (?:link|search box|pdf|hide|map)\b",
    r"\baccording to the (?:timetable|factsheet|map|guidance|explanatory)\b", r"\bit'?s (?:on|in) (?:their|the) (?:site|website|map|leaflet|second paragraph)\b",
    r"\bis (?:on|in) the (?:ministry|council|agency) (?:website|site)\b",
)


def lf_direct_accusation(c: Comment) -> str | None:
    """Calls a participant (or commenters in general) a troll, shill, bot or sock puppet."""
    text = NOT_ACCUSATION.sub(" ", c.text)
    return TROLL if DIRECT_ACCUSATION.search(text) else None


def lf_veiled_accusation(c: Comment) -> str | None:
    """Hints that a commenter is paid or state-run without the word troll ("weather in St Petersburg")."""
    return TROLL if VEILED_ACCUSATION.search(c.text) else None


def lf_retort_to_accusation(c: Comment) -> str | None:
    """Replies to an accusation by throwing it back or denying it."""
    if not c.parent_text or not _is_accusation(c.parent_text):
        return None
    return TROLL if RETORT.search(c.text) or _is_accusation(c.text) else None


def lf_doubt_words(c: Comment) -> str | None:
    """Doubt, disbelief or 'same old story' cues."""
    return SCEPTICAL if DOUBT.search(c.text) else None


def lf_irony(c: Comment) -> str | None:
    """Irony markers: 'doublespeak', 'Orwellian', scare quotes, 'what could possibly go wrong'."""
    return SCEPTICAL if IRONY.search(c.text) else None


def lf_doubting_question(c: Comment) -> str | None:
    """A question that doubts the claim ('Who checks...?', 'which year?')."""
    return SCEPTICAL if DOUBTING_QUESTION.search(c.text) else None


def lf_support_words(c: Comment) -> str | None:
    """Approval, confirmation or first-hand corroboration of the claim."""
    return SUPPORTIVE if SUPPORT.search(c.text) and not DOUBT.search(c.text) else None


def lf_agrees_with_parent(c: Comment) -> str | None:
    """A reply that agrees takes its parent's stance: agreeing with a sceptic is sceptical."""
    if not c.parent_text or not AGREEMENT.search(c.text):
        return None
    return _cue_stance(c.parent_text)


def lf_disagrees_with_parent(c: Comment) -> str | None:
    """A reply that disagrees takes the opposite of its parent's stance."""
    if not c.parent_text or not DISAGREEMENT.search(c.text):
        return None
    return {SCEPTICAL: SUPPORTIVE, SUPPORTIVE: SCEPTICAL}.get(_cue_stance(c.parent_text))


def lf_off_topic(c: Comment) -> str | None:
    """Practical questions, typo reports and asides that take no stance on the claim."""
    if OFF_TOPIC.search(c.text) and not (DOUBT.search(c.text) or DOUBTING_QUESTION.search(c.text)):
        return OTHER
    return None


def _is_accusation(text: str) -> bool:
    return bool(DIRECT_ACCUSATION.search(NOT_ACCUSATION.sub(" ", text)) or VEILED_ACCUSATION.search(text))


def _cue_stance(text: str) -> str | None:
    sceptical = bool(DOUBT.search(text) or IRONY.search(text) or DOUBTING_QUESTION.search(text))
    supportive = bool(SUPPORT.search(text))
    if sceptical == supportive:
        return None
    return SCEPTICAL if sceptical else SUPPORTIVE


RULES: list[Rule] = [
    lf_direct_accusation, lf_veiled_accusation, lf_retort_to_accusation,
    lf_doubt_words, lf_irony, lf_doubting_question,
    lf_support_words, lf_agrees_with_parent, lf_disagrees_with_parent, lf_off_topic,
]
