"""The content rules' patterns and the words that gate them (see `kinship.safety.rules`).

Every pattern runs on the text lower-cased in ASCII only, so no pattern needs IGNORECASE
(which makes Python's `re` several times slower) and every index still points into the
text the member typed.
"""

from __future__ import annotations

import re
import string

CRISIS_DOMAINS = ("988lifeline.org", "samhsa.gov", "crisistextline.org", "neverusealone.com")

# Spaces, dots and dashes (Unicode dashes too) and the invisible characters people use to
# break a number up so filters miss it.
SEP = r"[ \t.\-\u00a0\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff]"
BEFORE_PAST = re.compile(
    r"(?:\bwas|\bwere|\bused\s+to(?:\s+be)?|\bbeen|\bstopped|\bquit|n't|\bnot|\bnever"
    r"|\bno\s+longer)\s+(?:\w+\s+)?$"
)

US_PHONE = re.compile(
    rf"(?<![\w+$])(?:\+?1{SEP}*)?(?:\(\d{{3}}\)|\d{{3}}){SEP}*\d{{3}}{SEP}*\d{{4}}(?![\w])"
)
LOCAL_PHONE = re.compile(
    r"(?<![\w+$.\-])\d{3}[.\-\u2010-\u2015]\d{4}(?![\w\-])"
    r"(?!\s*(?:mg|mcg|ml|g|days?|hours?|years?|people|times|miles|km|dollars|steps)\b)"
)
INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+\s?\d[\d \t.\-()\u00a0]{6,22}\d(?!\w)")
DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "cero": "0",
    "uno": "1",
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
}
NUMBER_TOKEN = r"(?:" + "|".join(sorted(DIGIT_WORDS, key=len, reverse=True)) + r"|\d{1,5})\b"
NUMBER_RUN = re.compile(
    rf"(?<!\w){NUMBER_TOKEN}(?:(?:{SEP}|[,/])+(?:(?:dash|hyphen){SEP}+)?{NUMBER_TOKEN}){{4,}}"
)
TOKEN = re.compile(NUMBER_TOKEN)

EMAIL = re.compile(
    r"(?<![\w.+%-])[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![\w-])"
)
AT = r"(?:\s*@\s*|\s+at\s+|\s*[\[({<]\s*at\s*[\])}>]\s*)"
DOT = r"(?:\s*\.\s*|\s+dot\s+|\s*[\[({<]\s*dot\s*[\])}>]\s*)"
TLD = r"(?:com|net|org|edu|gov|io|co|us|me|info|biz|app|mx|es|uk|ca)"
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])[a-z0-9][a-z0-9._+-]{{1,63}}{AT}[a-z0-9-]{{2,63}}(?:{DOT}[a-z0-9-]{{2,63}})?{DOT}{TLD}\b"
)
PROVIDERS = r"(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton\s?mail|ymail)"
PROVIDER_EMAIL_MARKED = re.compile(
    rf"(?<![\w.+-])[a-z0-9][a-z0-9._+-]{{1,63}}(?:\s*@\s*|\s*[\[({{<]\s*at\s*[\])}}>]\s*){PROVIDERS}\b"
)
PROVIDER_EMAIL_SPOKEN = re.compile(
    rf"(?<![\w.+-])[a-z0-9][a-z0-9._+-]{{1,63}}\s+at\s+{PROVIDERS}\b"
)
EMAIL_CUE = re.compile(r"\b(?:e-?mail|mail\s+me|correo)\b")

PLATFORMS = (
    r"(?:insta(?:gram)?|ig|snap(?:chat)?|tik\s?tok|twitter|facebook|fb|telegram|whats\s?app"
    r"|kik|discord|wickr|threads|bluesky|bsky|twitch|onlyfans|venmo|cash\s?app|wechat|viber"
    r"|skype|reddit|youtube|linkedin|signal|session\s+app)"
)
SHORT_PLATFORMS = r"(?:x|sc|tg|wa|tt|yt)"
HANDLE = r"@?[a-z0-9_][a-z0-9_.]{1,29}"
SOCIAL_LABELLED = re.compile(
    rf"\b(?:{PLATFORMS}|{SHORT_PLATFORMS})\s*(?::|=|-|\bis\b|\bid\b|\bhandle\b|\bname\b)+\s*{HANDLE}"
)
SOCIAL_MY = re.compile(
    rf"\bmy\s+{PLATFORMS}(?:\s+(?:handle|name|username|user|id|account|@))?\s*(?:is|:|=|-)\s*{HANDLE}"
)
SOCIAL_MOVE = re.compile(
    r"\b(?:add|follow|find|hit|dm|pm|message|msg|text|inbox|hmu|contact|reach|friend|call|"
    r"snap|talk\s+to)\s+(?:me|us)?\s*(?:up\s+|out\s+)?(?:on|at|via|over|thru|through)\s+"
    rf"(?:{PLATFORMS}|x\b)"
)
SOCIAL_URL = re.compile(
    r"\b(?:https?://)?(?:www\.)?(?:instagram\.com|instagr\.am|snapchat\.com/add|tiktok\.com/@"
    r"|twitter\.com|x\.com|facebook\.com|fb\.com|fb\.me|m\.me|t\.me|telegram\.me|wa\.me"
    r"|discord\.gg|discord\.com/invite|linktr\.ee|onlyfans\.com|venmo\.com|cash\.app)"
    r"(?:/[\w.@%-]*)*"
)
AT_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{1,29}(?![\w@])")
AT_HANDLE_CUE = re.compile(rf"\b(?:{PLATFORMS}|follow\s+me|add\s+me|find\s+me|hit\s+me\s+up|hmu)\b")
DISCORD_TAG = re.compile(r"(?<![\w#])[a-z0-9_.]{2,32}#\d{4}(?!\w)")

DRUGS = (
    r"(?:pills?|bars?|xans?|xanax|zann?ies|percs?|percocets?|perc\s?30s?|oxys?|oxycontin"
    r"|oxycodone|roxys?|roxies|blues|m30s?|fent|fentanyl|molly|mdma|coke|crack|meth|tina"
    r"|shards?|dope|heroin|weed|carts?|dabs?|edibles|addys?|adderall|vyvanse|subs"
    r"|suboxone|benzos?|klonopin|kpins?|valium|lean|codeine|shrooms|acid|lsd|ketamine|gabas?"
    r"|gabapentin|tramadol|opiates|opioids|pain\s?killers?|scripts?|plugs?|connects?)"
)
CONTACT_CUE = (
    r"(?:dm|pm|inbox|message|msg|text|hmu|hit\s+me\s+up|holla|hit\s+my\s+line|contact\s+me"
    r"|reach\s+out)"
)
DRUG_ASK = re.compile(
    rf"\b{CONTACT_CUE}\b(?:\s+me)?[^.!?\n]{{0,20}}?\b(?:for|if\s+(?:you|u|ya)\s+(?:need|want"
    rf"|looking\s+for))(?:\s+(?:some|any|more|good|cheap|real|pressed|the))*\s+{DRUGS}\b"
)
DRUG_OFFER = re.compile(
    rf"\b(?:selling|sell|slinging|got|have|plugging|pushing)\s+(?:some\s+|cheap\s+|good\s+"
    rf"|pressed\s+|real\s+|extra\s+)?{DRUGS}\b"
)
DRUG_OFFER_CUE = re.compile(
    rf"(?:\$|💊|🔌|\b(?:cheap|prices?|for\s+sale|per|each|ea|deliver\w*|ship\w*|discreet"
    rf"|{CONTACT_CUE}))"
)
DRUG_PLUG = re.compile(
    r"\b(?:(?:i'?m|im|i\s+am)\s+(?:the|ur|your|ya|a)\s+plug|plug\s+(?:here|available|in\s+town"
    r"|in\s+the\s+area)|(?:need|looking\s+for|know|got)\s+(?:a|the|of\s+a)\s+plug"
    r"(?!\s+(?:in|adapter|for\s+my|socket|charger)))\b"
)
DRUG_FOR_SALE = re.compile(
    rf"\b{DRUGS}\s+(?:for\s+sale|available|in\s+stock|on\s+deck)\b|(?:💊|🔌)\s*(?:{CONTACT_CUE}|\$)"
)

TREATMENT = (
    r"(?:rehab|treatment|detox|sober\s+living|sober\s+home|recovery\s+home|halfway\s+house"
    r"|residential|inpatient|(?:a|our|the)\s+(?:program|facility|bed|center|centre))"
)
BROKER_OFFER = re.compile(
    r"\b(?:i|we|my\s+(?:company|facility|center|centre|team|people)|our\s+(?:facility|center"
    r"|centre|program|team))\s+(?:can|could|will|'ll|would)\s+(?:help\s+)?(?:get|place|send"
    r"|fly|set|hook|sign|take)\s+(?:you|u|ya|anyone|someone|people|folks|your\s+\w+)\s+"
    rf"(?:up\s+)?(?:in(?:to)?\s+|at\s+|to\s+|with\s+)?[^.!?\n]{{0,30}}?{TREATMENT}"
)
BROKER_INCENTIVE = re.compile(
    r"\b(?:free|paid|pays?|cash|gift\s+cards?|insurance|no\s+cost|bonus|commission|flights?"
    rf"|travel|per\s+head|referral)\b|\$\s?\d|\b{CONTACT_CUE}\s+me\b|\bcall\s+me\b"
)
BROKER_DIRECT = re.compile(
    rf"\b(?:get\s+paid|earn\s+(?:money|cash|\$\d+)|make\s+(?:money|cash|\$\d+))[^.!?\n]{{0,30}}?"
    rf"\b(?:to\s+(?:go|check)|for\s+(?:going|checking)|if\s+you\s+go)\b[^.!?\n]{{0,20}}?{TREATMENT}"
    r"|\bfree\s+(?:flights?|travel|plane\s+tickets?|bus\s+tickets?|rent|housing|stay)\s+(?:to"
    rf"|for|at|while\s+in|when\s+you\s+go\s+to)\s+(?:a\s+|our\s+|the\s+)?{TREATMENT}"
    r"|\b(?:we|they)\s+(?:will\s+|'ll\s+)?(?:pay|cover)\s+(?:for\s+)?(?:your|ur)\s+(?:flight"
    r"|travel|ticket|rent|trip|stay)"
    r"|\b(?:looking\s+for|need|recruiting|seeking)\s+(?:people|anyone|someone|clients|patients"
    r"|residents)\s+(?:with|who\s+(?:have|has))\s+(?:good\s+|private\s+|ppo\s+|blue\s+cross\s+)?"
    r"insurance\b"
    rf"|\breferral\s+(?:fee|bonus)s?\b[^.!?\n]{{0,40}}?{TREATMENT}"
)

DATING_STRONG = re.compile(
    r"\bany\s+(?:single|cute|hot|lonely)\s+(?:ladies|women|girls|guys|men|dudes|people|folks)\b"
    r"|\b(?:anyone|any1|who)\s+(?:wanna|want\s+to|would\s+like\s+to|tryna)\s+(?:date|hook\s*up"
    r"|go\s+out\s+with\s+me|be\s+my\s+(?:gf|bf|girlfriend|boyfriend|valentine))\b"
    rf"|\b{CONTACT_CUE}\b(?:\s+me)?[^.!?\n]{{0,20}}?\bif\s+(?:you'?re|ur|you\s+are|u\s+r)\s+"
    r"(?:single|lonely|cute|hot|interested\s+in\s+dating)\b"
    r"|\b(?:wanna|want\s+to|let'?s|tryna)\s+hook\s*up\b"
    r"|\bsingle\s+and\s+(?:looking|ready\s+to\s+mingle)\b"
    r"|\b(?:fwb|nsa\s+fun|dtf|sneaky\s+link|booty\s+call|sugar\s+(?:daddy|mommy|mama|baby))\b"
)
DATING_LOOKING = re.compile(
    r"\b(?:looking\s+for|lf|lfm|seeking|searching\s+for|in\s+search\s+of)\s+(?:a\s+|an\s+|my\s+)?"
    r"(?:new\s+|cute\s+|sober\s+)?(?:girlfriend|boyfriend|gf|bf|wife|husband|hookup|hook\s*up"
    r"|friends?\s+with\s+benefits|soul\s*mate|lover|romance|someone\s+to\s+date"
    r"|(?:romantic|life)\s+partner|(?:serious|romantic)\s+relationship|valentine"
    r"|date(?!\s+(?:that|to|when|which|for\s+(?:the|my|our)|we|i|on|and\s+time)\b))\b"
)
DATING_CUE = re.compile(
    rf"\b(?:{CONTACT_CUE}|anyone|any\s+takers|on\s+here|in\s+here|interested|ladies|guys|single"
    r"|hit\s+me\s+up|message\s+me|lmk|let\s+me\s+know)\b"
)

SELLING = re.compile(
    r"\b(?:for\s+sale|buy\s+now|limited\s+(?:time\s+)?offer|promo\s+code|discount\s+code"
    r"|coupon\s+code|use\s+(?:my\s+)?code|affiliate\s+link|link\s+in\s+(?:my\s+)?bio"
    r"|check\s+out\s+my\s+(?:store|shop|website|site|etsy|channel|onlyfans|products?|business"
    r"|course|book|page)|shop\s+my|order\s+(?:now|today|from\s+me)"
    r"|make\s+(?:\$\d+|money|cash)\s+(?:from\s+home|online|a\s+day|a\s+week|fast)"
    r"|work\s+from\s+home\s+opportunity|(?:business|investment|income)\s+opportunity"
    r"|crypto\s+(?:investment|signals|trading)|get\s+rich"
    r"|dm\s+(?:me\s+)?(?:to|for)\s+(?:buy|order|prices?|pricing)"
    r"|selling\s+(?:my|these|this|some)\b|onlyfans|cash\s*app\s+me|venmo\s+me)\b"
    r"|\$\d+(?:\.\d{2})?\s*(?:each|ea|obo|shipped|firm)\b"
)


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
WORD = re.compile(r"[a-z0-9]+")
ANY_DIGIT = re.compile(r"\d")


def _words(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# Each pattern runs only when the text holds one of its gate words: a set lookup is far
# cheaper than scanning 5,000 characters with a pattern that starts with an alternation.
DIGIT_WORD_SET = frozenset(DIGIT_WORDS)
TLD_WORDS = _words("com net org edu gov io co us me info biz app mx es uk ca")
PROVIDER_WORDS = _words("gmail googlemail yahoo hotmail outlook icloud aol protonmail proton ymail")
PLATFORM_WORDS = _words(
    "insta instagram ig snap snapchat tik tiktok twitter facebook fb telegram whats whatsapp",
    "kik discord wickr threads bluesky bsky twitch onlyfans venmo cash cashapp wechat viber",
    "skype reddit youtube linkedin signal session x sc tg wa tt yt",
)
URL_WORDS = _words(
    "instagram instagr snapchat tiktok twitter x facebook fb m t telegram wa discord linktr",
    "onlyfans venmo cash",
)
AT_HANDLE_CUE_WORDS = PLATFORM_WORDS | _words("follow add find hit hmu")
DRUG_WORDS = _words(
    "pill pills bar bars xan xans xanax zanies zannies perc percs percocet percocets perc30",
    "perc30s oxy oxys oxycontin oxycodone roxy roxys roxies blues m30 m30s fent fentanyl",
    "molly mdma coke crack meth tina shard shards dope heroin weed cart carts dab dabs",
    "edibles addy addys adderall vyvanse subs suboxone benzo benzos klonopin kpin kpins",
    "valium lean codeine shrooms acid lsd ketamine gaba gabas gabapentin tramadol opiates",
    "opioids pain painkiller painkillers script scripts plug plugs connect connects",
)
TREATMENT_WORDS = _words(
    "rehab treatment detox sober recovery halfway residential inpatient program facility bed",
    "center centre",
)
BROKER_DIRECT_WORDS = _words("insurance referral pay cover")
BROKER_PAY_WORDS = _words("paid earn make free")
BROKER_OFFER_WORDS = _words("get place send fly set hook sign take")
DATING_WORDS = _words(
    "single singles cute hot lonely date dating hook hookup gf bf girlfriend boyfriend",
    "valentine go mingle fwb nsa dtf sneaky booty sugar",
)
LOOKING_WORDS = _words("looking lf lfm seeking searching search")
SELLING_WORDS = _words(
    "sale buy limited promo discount coupon code affiliate bio check shop order make work",
    "opportunity crypto rich dm selling onlyfans cash cashapp venmo",
)
