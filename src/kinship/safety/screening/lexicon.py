"""Which rules run when, and the context patterns that cancel or combine them."""

from __future__ import annotations

import re
from dataclasses import replace

from kinship.safety.screening.patterns import ALL_RULES
from kinship.safety.screening.rule import Level, Rule

__all__ = ["RULES", "Level", "Rule"]

_HIGH_KINDS = (
    "ideation",
    "intent",
    "self_harm",
    "overdose",
    "emergency",
    "final",
    "plan",
    "means",
    "voices",
    "harm_other",
)
_NEEDS: dict[str, tuple[str, ...]] = {
    "overdose_cue": ("overdose",),
    "timeframe_near": ("intent", "ideation", "voices", "harm_other", "means", "plan"),
    "timeframe_day": ("intent", "means", "plan"),
    "method_detail": _HIGH_KINDS,
    "going_to_them": ("harm_other",),
    "dangerous_supply": ("using_alone",),
}
# fmt: off
_NEEDLES: dict[str, tuple[str, ...]] = {
    "overdose_intake": ("took", "swallow", "taken", "downed", "ate", "popped", "tom", "used",
        "did", "shot", "snort", "inject"),
    "overdose_in_progress": ("od'", "o.d.", "oding", "overdos", "sobredosis", "meti"),
    "overdose_cue": ("purpose", "proposito", "adrede", "feel", "felt", "slurr", "eyes open",
        "ago", "to die", "to end it", "to not wake", "to sleep forever", "bottle"),
    "person_unresponsive": ("breathing", "wake", "rouse", "waking", "unresponsive", "unconscious",
        "turning", "lips", "no respon", "respira", "despierta", "reacciona", "labios", "se puso",
        "poniendo", "inconsciente", "narcan", "911", "respond", "gray", "grey", "blue", "purple"),
    "suicidal_intent": ("end", "finish", "kill", "tak", "unaliv", "off", "decided", "my mind",
        "my decision", "plan", "got it all", "tonight", "talk me out", "me voy a", "me quito",
        "con todo", "decidi", "esta noche", "stop me", "save me", "find me", "swallow", "down",
        "overdose", "od", "shoot", "hang", "drown", "poison", "stab", "jump", "wake up",
        "voy a tomar", "saltar"),
    "plan_with_date": ("picked", "chose", "set", "settled", "elegi", "fecha"),
    "means_at_hand": ("have", "got", "saved", "stockpil", "pills", "meds", "tablets", "pastillas",
        "bought", "tengo", "standing", "sitting", "up on", "lined up", "counted out", "laid out",
        "ready", "estoy"),
    "suicidal_thoughts": ("think", "thought", "cid", "sewer", "kill", "kms", "unaliv", "life",
        "shoot", "hang", "drown", "poison", "slit", "jump", "done with", "driv", "crash",
        "swerv"),
    "wish_to_die": ("die", "dead", "alive", "live", "exist", "here", "over", "end", "stop",
        "ways", "how to", "sleep forever", "never wake", "wake"),
    "better_off_without_me": ("better off", "mejor sin", "without me", "happier", "easier",
        "better"),
    "suicidal_thoughts_es": ("matarme", "suicid", "quitarme", "morir", "no quiero", "pienso en",
        "acabar con", "quiero que todo"),
    "someone_else_at_risk": ("sel", "life", "suicid", "matarse", "suicidarse"),
    "goodbye_message": ("bye", "farewell", "adios", "despido"),
    "last_message": ("last", "final", "ultim"),
    "final_arrangements": ("note", "letter", "account", "gone", "loved", "despedida", "find me",
        "encontrar", "by the time", "wrote", "written", "finished"),
    "not_around_much_longer": ("won't", "wont", "will never", "ya no", "no voy a estar",
        "last time"),
    "giving_things_away": ("away", "regale", "cleaned out", "affairs"),
    "farewell_words": ("love you", "this is it", "sorry for", "thank you", "thanks for", "phone",
        "charging", "perdon", "gracias por"),
    "refusing_help": ("want", "asking for help", "call", "no quiero"),
    "self_harm": ("self", "s/h", "sh'", "shd", "shing", "injur", "cut", "dano", "corte",
        "autolesion", "cutting", "cortando", "urge"),
    "voices_command": ("voice", "my head", "my brain", "something inside", "voz", "voces"),
    "hearing_things": ("hear", "oigo", "paranoi", "being watched", "being followed"),
    "harm_to_other": ("kill", "hurt", "stab", "shoot", "beat", "strangle", "murder", "matar"),
    "going_to_them": ("heading", "going", "on my way", "driving", "gets home", "get home",
        "waiting for"),
    "using_alone": ("alone", "by myself", "on my own", "sol"),
    "timeframe_near": ("tonight", "tonite", "this evening", "right now", "rn", "before", "after",
        "hour", "min", "am", "pm", "esta noche", "ahora mismo"),
    "timeframe_day": ("today", "tomorrow", "weekend", "manana", "hoy", "day", "lunes", "martes",
        "miercoles", "jueves", "viernes", "sabado", "domingo"),
    "method_detail": ("pill", "tablet", "mg", "gram", "caps", "bars", "tabs", "pastillas",
        "bottle", "rope", "noose", "hang", "gun", "pistol", "rifle", "shoot", "bullet", "jump",
        "bridge", "overpass", "train", "slit", "razor", "blade", "wrist", "monoxide", "exhaust",
        "bleach", "antifreeze", "tylenol", "acetaminophen", "paracetamol", "soga", "puente"),
    "dangerous_supply": ("fent", "xylazine", "tranq", "nitazene", "killing people", "knocked me",
        "in it", "no se", "narcan", "someone new", "new ", "street", "pressed"),
    "not_caring_if_dies": ("care", "whatever", "wake", "importa", "the last", "despierto"),
    "passive_death_wish": ("wake", "care if", "easier if", "wish i", "would", "burden",
        "despertar", "despierte", "me da igual", "nadie", "care"),
    "hopelessness": ("hopeless", "point", "better", "nothing left", "reason to", "any more",
        "anymore", "no more", "why", "future", "tired of", "give up", "esperanza", "aguanto",
        "puedo mas", "sentido", "para que seguir", "fracas", "feel", "worthless", "sucks",
        "not ok", "mood", "rope", "numb", "motions", "scared of", "trust myself", "want out",
        "veo", "out of bed", "see why"),
    "relapse": ("relaps", "slipped", "day 1", "day one", "drank", "used", "using", "picked up",
        "got ", "recai", "volvi a", "consumi", "drinking", "can't stop", "cant stop"),
    "urge_to_use": ("use", "drink", "high", "relapse", "score", "pick up", "thinking", "haven't",
        "havent", "liquor", "in my", "pocket", "dealer", "street", "knuckl", "craving", "voy a",
        "ganas de", "close to", "dealer"),
    "stopping_medication": ("stop", "quit", "off", "turkey", "without telling", "missed my",
        "extra", "more than", "double", "deje de", "golpe", "without my"),
    "no_sleep": ("slept", "sleep", "racing", "manic", "dormido", "dormir"),
    "isolation": ("alone", "nobody", "no one", "have", "isolat", "answering", "skipping", "dark",
        "sol", "nadie"),
}
# fmt: on


def _smallest_needles(needles: tuple[str, ...]) -> tuple[str, ...]:
    """Drop needles that contain another ("self" when "sel" is there): fewer scans."""
    unique = set(needles)
    return tuple(
        sorted(
            needle
            for needle in unique
            if not any(other != needle and other in needle for other in unique)
        )
    )


# Modifiers run after every rule they depend on.
RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            replace(
                rule,
                needles=_smallest_needles(_NEEDLES.get(rule.name, ())),
                needs=frozenset(_NEEDS.get(rule.name, ())),
            )
            for rule in ALL_RULES
        ),
        key=lambda rule: bool(rule.needs),
    )
)

# Words before a match that cancel it: a negator followed only by light words.
NEGATION_BEFORE = re.compile(
    r"\b(?:don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|weren'?t|haven'?t|hasn'?t|hadn'?t|"
    r"won'?t|wont|can'?t|cant|cannot|couldn'?t|wouldn'?t|shouldn'?t|ain'?t|not|never|no|nunca|"
    r"jamas|ni|no\s+longer)\s+(?:(?:really|even|that|so|too|feeling|feel|be|being|gonna|"
    r"going\s+to|planning\s+to|planning\s+on|want\s+to|wanna|trying\s+to|about\s+to|ever|"
    r"actually|at\s+all|been|i|im|i'm|to|a|an|the|my|any|quiero|voy\s+a|pienso|me|lo|have|"
    r"had|do|did|will|would|ever\s+again)\s+){0,4}$"
)
PAST = re.compile(
    r"\b(?:(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|few|several|many|couple\s+of)\s+(?:years?|yrs?|months?|decades?)\s+ago|"
    r"last\s+year|used\s+to|as\s+a\s+(?:kid|teen|teenager|child)|when\s+i\s+was\s+(?:younger|"
    r"a\s+(?:kid|teen|teenager|child)|in\s+(?:high\s+school|college|active|my\s+addiction)|\d+|"
    r"using|drinking|still)|back\s+(?:then|when|in\s+(?:the\s+day|\d{4}|high\s+school))|"
    r"in\s+(?:19|20)\d\d|the\s+old\s+me|in\s+active\s+addiction|(?:before|until)\s+i\s+got\s+"
    r"(?:clean|sober)|hace\s+(?:\d+|un|una|dos|tres|cuatro|cinco|varios|muchos)\s+(?:anos|meses)|"
    r"el\s+ano\s+pasado|de\s+(?:joven|nino|nina|adolescente)|cuando\s+era|solia)\b"
)
PRESENT = re.compile(
    r"\b(?:again|right\s+now|currently|these\s+days|lately|anymore|any\s+more|are\s+back|"
    r"is\s+back|otra\s+vez|de\s+nuevo)\b"
)
CONDITIONAL = re.compile(r"(?:^|\s)(?:if|si|unless)\s")
BENIGN_CONTEXT = re.compile(
    r"\b(?:moving|moved|new\s+(?:job|city|place|apartment|town|meeting)|(?:got|starting)\s+a\s+(?:new\s+|day\s+)?job|for\s+now|for\s+a\s+"
    r"(?:while|bit|few\s+(?:days|weeks))|vacation|holidays?|trip|travel(?:ing|ling)?|"
    r"break\s+from|taking\s+a\s+break|hiatus|see\s+(?:you|y'?all|ya)\b|be\s+back|"
    r"i'?ll\s+(?:find|be\s+back|still\s+be|check\s+in|see)|graduat\w+|amends|step\s*(?:9|nine)|"
    r"(?:9th|ninth)\s+step|deploy\w*|going\s+(?:to|into)\s+(?:treatment|rehab|detox)|"
    r"checking\s+into|retir\w+|last\s+(?:post|check[\s-]?in)\s+(?:of|for|before|until)|"
    r"(?:in|since)\s+my\s+last\s+post|my\s+last\s+post\s+(?:was|got|about)|me\s+mudo|"
    r"nuevo\s+trabajo|vacaciones|por\s+ahora|nos\s+vemos|dm\s+me|pm\s+me|"
    r"if\s+(?:you|anyone)\s+wants?|anyone\s+want|free\s+to\s+(?:a\s+)?good\s+home|"
    r"don'?t\s+(?:have\s+time|use\s+it|need)|declutter\w*|upgrad\w*)"
)
COPING = re.compile(
    r"\bbut\s+i\s+(?:didn'?t|did\s+not|won'?t|called|went|texted|reached)\b|"
    r"\b(?:the\s+)?(?:thought|craving|urge)s?\s+passed\b|\brode\s+it\s+out\b|"
    r"\bcalled\s+my\s+(?:sponsor|mentor)\b|\bwent\s+to\s+a\s+meeting\b|"
    r"\bfeeling\s+(?:ok|okay|better)\s+now\b"
)
LAUGHTER = re.compile(r"\b(?:lol|lmao|lmfao|rofl|haha\w*|jaja\w*|jk|just\s+kidding)\b")
VOICE_TARGET = re.compile(
    r"\b(?:hurt|kill|die|cut|end\s+it|make\s+it\s+happen|deserve\s+to\s+die|jump|"
    r"hacerme\s+dano|matarme|morir)\b|\bhas\s+to\s+be\s+tonight\b"
)
