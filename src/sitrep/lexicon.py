"""The extraction rules as data: trigger words, modality cues, casualty and count patterns.

Kept apart from the code that applies them so a rule can be read, tested and
changed without reading the matcher.
"""
from __future__ import annotations

import re

# Words that state an armed attack happened (nouns and verbs).
TRIGGER = re.compile(
    r"\b(attack(?:s|ed)?|strikes?|struck|air ?strikes?|bomb(?:ed|ing|ings)|shell(?:ed|ing)|"
    r"fired|launch(?:ed)?|targeted|targeting|hit|barrage|assault|raid|killed|wounded|injured|"
    r"intercepted|rocketed|engaged|explosions?|targets)\b", re.I)

# A trigger near one of these is not an attack that happened (PLOVER's modes).
MODAL_BEFORE = re.compile(
    r"\b(will|would|could|might|may|shall|should|must|can|plan(?:s|ned|ning)?\s+to|threat(?:en(?:s|ed)?)?|"
    r"vow(?:s|ed)?|warn(?:s|ed)?|weigh(?:s|ing)?|consider(?:s|ing|ed)?|potential|possible|prepar(?:e|es|ing)\s+to|"
    r"any|future|preemptive|if|unless|expect|deter|prevent|avoid|against\s+any|no|not|never|"
    r"denied|deny|denies|rul(?:e|ed|ing)\s+out|call(?:s|ed|ing)?\s+(?:on|for)|urg(?:e|ed|ing)|"
    r"risk(?:s|ed)?|fear(?:s|ed)?|accus(?:e|ed|ing)|plot(?:s|ted|ting)?|attempt(?:s|ed)?|"
    r"series\s+of|wave\s+of|campaign\s+of|number\s+of|dozens\s+of|hundreds\s+of)\b", re.I)
NEGATED_CLAUSE = re.compile(
    r"\b(appeared\s+to\s+be\s+false|were\s+false|was\s+false|did\s+not\s+(?:happen|occur)|"
    r"not\s+tracking|no\s+(?:such\s+)?attack|denied\s+(?:any\s+)?(?:involvement|responsibility|it\s+was)|"
    r"fake|hoax|unconfirmed)\b", re.I)
HABITUAL = re.compile(
    r"\b(previously|in\s+the\s+past|have\s+been\s+(?:launching|targeting|attacking)|"
    r"have\s+(?:long|often|repeatedly|frequently)|typically|often|continue\s+to)\b", re.I)

REPORTING_LEAD = re.compile(r"\b(said|says|told|according\s+to|reported|confirmed|announced|stated)\b", re.I)

RESPONSE_CUE = re.compile(
    r"\b(in\s+response\s+to|responding\s+(?:directly\s+)?to|in\s+retaliation\s+for|retaliat(?:ory|ion|ed)|"
    r"self[- ]defen[cs]e\s+strike|immediately\s+after|in\s+reprisal|to\s+avenge|revenge\s+for|"
    r"a\s+direct\s+response\s+to|following\s+the\s+(?:u\.?s\.?\s+)?(?:assassination|killing))\b", re.I)

# The cues above that open a clause about the earlier event ("in response to the attack on ...").
RESPONSE_CLAUSE = re.compile(
    r"\b(in\s+response\s+to|responding\s+(?:directly\s+)?to|in\s+retaliation\s+for|immediately\s+after|"
    r"in\s+reprisal\s+for|to\s+avenge|revenge\s+for|a\s+direct\s+response\s+to|following\s+the)\b", re.I)

# A sentence that only says the strike just described was a response: "In response, I directed this
# military action", "Our response began today".
RESPONSE_ALONE = re.compile(r"^\W*(?:In\s+response|In\s+retaliation|In\s+reprisal)\s*,|\b(?:Our|America's|the\s+U\.?S\.?)\s+"
                            r"(?:military\s+)?response\s+(?:began|started|has\s+begun|is\s+under\s*way)", re.I)

# "The targets of Operation X were A and B": the named places are sites of that operation.
TARGET_LIST = re.compile(r"\btargets?\s+(?:of\s+(?:the\s+)?(?:operation|attacks?|strikes?|barrage)\b|of\s+Operation\b|"
                         r"(?:were|was|included)\b)", re.I)

OPERATION = re.compile(r"\bOperation\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3})")
NOT_ATTACK_OPERATIONS = {"inherent resolve", "prosperity guardian", "enduring freedom", "iraqi freedom",
                         "new dawn", "desert storm", "desert shield"}

NUMBER_WORDS = {
    "no": 0, "zero": 0, "none": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12,
}
# Counts of people or weapons: a larger figure is not a count (a phone number, a sum of money, noise), and
# no figure a report gives may overflow the ledger's 32-bit integer columns.
MAX_COUNT = 10_000_000


def parse_count(raw: str) -> int | None:
    """A digit string ('1,200') or number word as an int; None when it is not a count or exceeds MAX_COUNT.
    Long digit strings are refused before int() sees them (Python refuses over 4,300 digits)."""
    raw = " ".join(raw.lower().split())
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    digits = raw.replace(",", "")
    if not digits.isdecimal() or len(digits) > len(str(MAX_COUNT)):
        return None
    value = int(digits)
    return value if value <= MAX_COUNT else None


VAGUE = r"several|multiple|some|dozens\s+of|scores\s+of|a\s+number\s+of|numerous|many|a\s+few|few"
# A figure is at most 15 digits and commas: starting at every digit of "1,1,1,..." an unbounded run made the
# count patterns quadratic.
_NUM = r"\d[\d,]{0,14}+|" + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("no", "none", "a", "an")), key=len, reverse=True))
QUALIFIER = r"at\s+least|more\s+than|over|nearly|almost|approximately|about|around|roughly|up\s+to|some|an\s+estimated"
VICTIM = (r"(?:(?:U\.?S\.?|US|American|United\s+States|Iraqi|Syrian|coalition|Coalition|British|civilian|other|"
          r"additional|more|service|military|militia|Iranian|Iran-backed|Iranian-backed|[a-z]+)\s++){0,3}"
          r"(?:service\s*members?|servicemembers?|troops|soldiers?|personnel|people|persons|contractors?|"
          r"civilians?|members|fighters|militants|Americans?|individuals|sailors|airmen|marines|Marines|others|"
          r"children|women|men)")

# The optional qualifier carries its own whitespace, and every whitespace run is possessive: "killed" then
# 8 KB of spaces took 25 s while `\s+` and `\s*` split the run every possible way.
COUNT_PATTERNS = [
    # "three American soldiers were killed", "At least five US personnel were injured"
    ("passive", re.compile(
        rf"\b(?:(?P<q>{QUALIFIER})\s++)?(?P<n>{_NUM}|{VAGUE})\s++(?P<who>{VICTIM})\s++(?:\w++\s++){{0,2}}?"
        rf"(?:(?:were|was|have\s+been|had\s+been|are|being)\s++)?(?:\w++\s++)?"
        rf"(?P<kind>killed|died|dead|wounded|injured|hurt)\b", re.I)),
    # "killed three service members", "wounded six others", "injuring 34"
    ("active", re.compile(
        rf"\b(?P<kind>kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)?)\s++(?:(?P<q>{QUALIFIER})\s++)?"
        rf"(?P<n>{_NUM}|{VAGUE})\s++(?P<who>{VICTIM})?", re.I)),
    # "resulted in injuries to 7", "leading to the death of several"
    ("noun", re.compile(
        rf"\b(?P<kind>death|deaths|injuries)\s++(?:of|to)\s++(?:(?P<q>{QUALIFIER})\s++)?(?P<n>{_NUM}|{VAGUE})\s++"
        rf"(?P<who>{VICTIM})?", re.I)),
    # "several U.S. service members sustaining injuries"
    ("sustain", re.compile(
        rf"\b(?:(?P<q>{QUALIFIER})\s++)?(?P<n>{_NUM}|{VAGUE})\s++(?P<who>{VICTIM})\s++"
        rf"(?:sustaining|suffering|sustained|suffered|with)\s++(?:\w++\s++){{0,2}}(?P<kind>injuries|wounds)", re.I)),
]
NONE_KILLED = re.compile(
    r"\b(no\s+(?:one\s+(?:was\s+)?(?:killed|lost\s+their\s+lives?)|lives\s+were\s+lost|fatalities|deaths|"
    r"(?:u\.?s\.?\s+|american\s+)?casualties)|without\s+(?:casualties|fatalities)|"
    r"no\s+one\s+lost\s+their\s+li(?:fe|ves)|nobody\s+was\s+killed)\b", re.I)
NONE_INJURED = re.compile(
    r"\b(no\s+(?:reports\s+of\s+)?(?:(?:u\.?s\.?|american|us)\s+)?(?:personnel\s+)?(?:injuries|casualties)|"
    r"no\s+(?:one|personnel)\s+(?:was\s+)?(?:injured|hurt|wounded)|did\s+not\s+result\s+in\s+(?:any\s+)?injuries|"
    r"without\s+(?:casualties|injuries)|no\s+injuries)\b", re.I)

INTERCEPT = re.compile(
    rf"\b(?:(?P<q>{QUALIFIER})\s++)?(?P<n>\d++|most|the\s+majority|majority|all|some|a\s+portion|part|many|{_NUM})"
    rf"\s++(?:of\s++(?:the\s++)?(?:\w++\s++){{0,3}})?(?:\w++\s++){{0,2}}(?:(?:were|was)\s++)?(?:successfully\s++)?"
    r"intercepted\b|intercepted\s++(?P<n2>the\s+majority|most|all|some|\d++|[a-z]++)\s++of", re.I)
LAUNCHED_RANGE = re.compile(
    r"\b(?:estimated\s++)?(?:between\s++)?(?P<lo>\d++)\s*+(?:and|to|-|–)\s*+(?P<hi>\d++)\s*+"
    r"(?:missiles|rockets|drones|projectiles)?", re.I)
DAMAGE = re.compile(r"\b(minor|minimal|limited|significant|extensive|heavy|major|no)\s+(?:structural\s+|infrastructure\s+)?damage\b", re.I)
CLAIM = re.compile(r"\bclaimed\s+(?:responsibility|credit)\b|\bclaim(?:s|ed)?\s+(?:to\s+have|that\s+it)", re.I)

# A clause in which the US side is the attacker.
# "military forces" is "military" then "forces": listed whole as well, a run of them could be split 2^n ways.
US_ATTACKER = re.compile(
    r"\b(?:U\.?S\.?|US|United\s+States|American|coalition|CENTCOM)(?:[\s-]++(?:military|forces|troops|Air\s+Force|"
    r"Navy|Army|aircraft|warplanes|jets|Central\s+Command|officials?)){0,5}\s++(?:has\s+|have\s+|had\s+)?"
    r"(?:conducted|carried\s+out|launched|struck|executed|bombed|hit|targeted|killed|attacked|engaged)\b"
    r"|\b(?:U\.?S\.?|US|American|United\s+States|coalition)(?:[\s-]++(?:military|forces|led)){0,3}[\s-]++"
    r"(?:(?:drone|air|precision|retaliatory|military)\s*+)?(?:strikes?|airstrikes?|bombing|raids?)\b"
    r"|\bAt\s+my\s+direction\b|\bI\s+directed\b.{0,80}\bstrikes?\b"
    r"|\b(?:by|from)\s+(?:an?\s+)?(?:U\.?S\.?|US|American|United\s+States)\s+(?:military\s+)?"
    r"(?:drones?|aircraft|warplanes?|air\s?strikes?|missiles?|strikes?|gunships?)\b"
    r"|\b(?:authorized|ordered|directed)\s+by\s+(?:U\.?S\.?\s+|US\s+|American\s+)?President\b", re.I)
US_TARGET = re.compile(
    r"\b(?:on|against|targeting|targeted|at|hit|struck|toward|towards)\s+(?:the\s+)?(?:\w+\s+){0,3}?"
    r"(?:U\.?S\.?|US|American|United\s+States|coalition|Coalition|American-affiliated)[\s-]+"
    r"(?:\w+[\s-]+){0,2}?(?:forces|troops|personnel|service\s*members|bases?|airbases?|facilit(?:y|ies)|"
    r"military|installations?|assets|positions|soldiers|servicemembers|embassy|outposts?)"
    r"|\bbases?\s+(?:housing|hosting)\s+(?:U\.?S\.?|US|American|coalition)"
    r"|\b(?:U\.?S\.?|US|American)\s+(?:service\s*members|troops|soldiers|personnel|forces)\s+(?:\w+\s+){0,3}"
    r"(?:were|was)\s+(?:killed|wounded|injured)"
    r"|\b(?:killed|wounded|injured|injuring|killing)\s+(?:\w+\s+){0,3}(?:U\.?S\.?|US|American)\s+"
    r"(?:service\s*members|troops|soldiers|personnel|contractors?)", re.I)
