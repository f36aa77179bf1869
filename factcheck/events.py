"""What event a claim is about: its parties, its kind and the words that name it (pure).

Conflicts between claims that no reviewer declared are found by comparing these: the same parties and the same
kind of event ("agreement", "treaty", "visit") at incompatible times, or a weakly evidenced claim that may restate
a well-evidenced one. The tables below are the whole vocabulary; extend them rather than the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Countries and the words that stand for them ("Pakistani", "Moscow" as the government, "the USSR").
PARTIES: dict[str, tuple[str, ...]] = {
    "pakistan": ("pakistan", "pakistani", "pakistanis", "islamabad", "rawalpindi"),
    "russia": ("russia", "russian", "russians", "moscow", "kremlin", "soviet", "ussr", "russian federation"),
    "india": ("india", "indian", "indians", "new delhi", "delhi"),
    "china": ("china", "chinese", "beijing"),
    "united states": ("united states", "u.s.", "us", "usa", "america", "american", "americans", "washington"),
    "afghanistan": ("afghanistan", "afghan", "afghans", "kabul"),
    "iran": ("iran", "iranian", "tehran"),
}

# Kinds of event, by the words that name them. An instrument is signed once; two claims naming the same
# instrument at times that do not overlap cannot both be right.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "instrument": (
        "agreement", "agreements", "accord", "accords", "treaty", "treaties", "pact", "pacts", "mou", "mous",
        "memorandum", "deal", "deals", "protocol", "convention",
    ),
    "visit": ("visit", "visits", "visited", "visiting", "trip", "travelled", "traveled", "toured"),
    "meeting": ("met", "meeting", "meetings", "talks", "summit"),
    "exercise": ("exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers"),
    "embargo": ("embargo", "embargoes", "sanctions"),
    "body": ("commission", "commissions", "committee", "council", "working group"),
}

# Words that say nothing about which instrument or event it is ("a new treaty" is the treaty).
_NOT_DESCRIPTIVE = frozenset(
    "a an the its their his her our this that these those new landmark first second third historic major "
    "formal long-awaited mutual bilateral".split()
)
# Offices whose holder a claim may name; one person holds each at a time.
_OFFICE = re.compile(
    r"\b(?:(?:foreign|defen[cs]e|prime|interior|finance|information) minister|army chief|chief of (?:the )?army staff"
    r"|national security advis[eo]r|president|prime minister)\b",
    re.IGNORECASE,
)
# Spelling variants folded before comparing descriptions.
_FOLD = {
    "defense": "defence", "military": "defence", "programme": "program", "co-operation": "cooperation",
}
_WORD = re.compile(r"[a-z][a-z.'’-]*", re.IGNORECASE)
_PERSON = re.compile(
    r"\b(?P<title>(?:Gen|General|Col|Colonel|Lt|Adm|Admiral|President|Prime Minister|Minister|Foreign Minister|"
    r"Defen[cs]e Minister|Secretary)\.?\s+(?:Gen\s+)?)?(?P<name>(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+)"
)


@dataclass(frozen=True)
class EventSignature:
    """A claim's event as compared across claims: parties, kind, the words that name it, and people named."""

    parties: frozenset[str]
    kind: str | None
    head: str | None  # the word naming the event: "agreement", "treaty", "visited"
    description: frozenset[str]  # the content words around it: {"defence", "cooperation", "agreement"}
    people: frozenset[str]
    phrase: str = ""  # the words as written: "defence cooperation agreement"
    first: bool = False  # "his first visit", "the first joint exercise": an event that can happen only once
    office: str | None = None  # "foreign minister": the office a claim about who holds one names

    def same_kind(self, other: EventSignature) -> bool:
        """Same kind of event between the same (two or more) parties, or the same named person's visits."""
        if self.kind is None or self.kind != other.kind:
            return False
        if self.kind in ("visit", "meeting") and self.people and other.people and not self.people & other.people:
            return False  # two people's visits are two visits
        return len(self.parties) >= 1 and self.parties == other.parties

    def modifiers_meet(self, other: EventSignature) -> bool:
        """Whether the words qualifying the two events agree, when both have any ("defence" in both)."""
        mine, theirs = self.description - {_instrument_class(self.head)}, other.description - {
            _instrument_class(other.head)
        }
        if not mine or not theirs:
            return True
        return len(mine & theirs) / min(len(mine), len(theirs)) >= 0.5

    def likeness(self, other: EventSignature) -> float:
        """How alike the two descriptions are (Jaccard of their content words), 0 to 1."""
        union = self.description | other.description
        return len(self.description & other.description) / len(union) if union else 0.0


# Capitalised words that make a phrase an institution or a title rather than a person's name.
_NOT_A_NAME = frozenset(
    "the in at on forces force union council adviser advisor security ground army navy air ministry office "
    "federation national president minister general chief commander secretary".split()
)
_PARTY_WORDS = frozenset(name for names in PARTIES.values() for name in names)
_PARTY_OF = {name: party for party, names in PARTIES.items() for name in names}
# One pattern for every name, longest first ("russian federation" before "russia"), as whole words.
_PARTY_NAMES = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(_PARTY_OF, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


def _names_a_party(word: str) -> bool:
    """'Pakistan', "Pakistan's", 'Pakistan-Russia': a word that names one of the parties."""
    parts = re.split(r"[-–]", word.lower().removesuffix("'s").removesuffix("’s"))
    return any(part in _PARTY_WORDS for part in parts)


def _fold(word: str) -> str:
    word = word.lower().strip(".'’")
    return _FOLD.get(word, word)


def read_event(text: str) -> EventSignature:
    """The event signature of a claim's text."""
    parties = frozenset(_PARTY_OF[m.group(0).lower()] for m in _PARTY_NAMES.finditer(text))
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    folded = [_fold(w) for _, w in words]
    kind = head = None
    position = -1
    for kind_name, names in EVENT_KINDS.items():
        for i, word in enumerate(folded):
            if word in names and (position < 0 or i < position):
                kind, head, position = kind_name, word, i
        if kind is not None and kind == "instrument":
            break  # an instrument outranks the visit on which it was signed
    description: frozenset[str] = frozenset()
    phrase = ""
    first = position >= 0 and any(w in ("first", "maiden") for w in folded[max(0, position - 4) : position])
    office_match = _OFFICE.search(text)
    office = " ".join(office_match.group(0).lower().replace("defense", "defence").split()) if office_match else None
    if position >= 0:
        # The words that qualify the head ("defence cooperation agreement", "military-technical accord").
        before: list[tuple[str, str]] = []  # (folded, as written), nearest the head first
        for index in range(position - 1, max(-1, position - 4), -1):
            word = folded[index]
            if word in _NOT_DESCRIPTIVE or not word.isascii() or word in ("and", "of", "on", "to", "signed"):
                break
            if _names_a_party(word):
                continue  # "a Pakistan-Russia defence MoU": the parties are compared apart
            before.append((word, words[index][1]))
        # "a commission on defence cooperation", "an agreement for military cooperation": qualifiers after the head
        after = []
        if position + 1 < len(folded) and folded[position + 1] in ("on", "for", "of"):
            for word in folded[position + 2 : position + 5]:
                if word in _NOT_DESCRIPTIVE or word in ("and", "in", "with", "between", "to") or _names_a_party(word):
                    break
                after.append(word)
        description = frozenset([*(w for w, _ in before), *after, _instrument_class(head)])
        phrase = " ".join(w.strip(".,'’") for w in [*(w for _, w in reversed(before)), words[position][1]])
    people = frozenset(
        # The surname names the person: "Gen Bajwa" and "Gen Qamar Javed Bajwa" are one man.
        m.group("name").split()[-1] for m in _PERSON.finditer(text)
        if (len(m.group("name").split()) >= 2 or m.group("title"))
        and not any(_names_a_party(w) or w.lower() in _NOT_A_NAME for w in m.group("name").split())
    )
    return EventSignature(parties, kind, head, description, people, phrase, first, office)


def _instrument_class(head: str | None) -> str:
    """The head with its plural and near-synonyms folded: an accord and an agreement are both 'agreement'."""
    if head is None:
        return ""
    for names, name in (
        (("agreement", "agreements", "accord", "accords", "deal", "deals"), "agreement"),
        (("treaty", "treaties", "pact", "pacts"), "treaty"),
        (("mou", "mous", "memorandum"), "mou"),
    ):
        if head in names:
            return name
    return head
