"""What event a claim is about: who takes part, its kind, what the claim asserts of it, outcomes and measures (pure).

Conflicts between claims that no reviewer declared are found by comparing these: the same parties and the same
kind of event ("agreement", "treaty", "visit") at incompatible times, a weakly evidenced claim that may restate a
well-evidenced one, and outcomes that exclude each other for one participant (dead and alive, bought by A and by
B, 5 and 1.5 metres deep). The words are data: factcheck/data/events.yaml and countries.yaml (EventVocabulary).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache

from factcheck.eventvocab import DEFAULT_EVENT_VOCABULARY, EventVocabulary

# Words that say nothing about which instrument or event it is ("a new treaty" is the treaty).
_NOT_DESCRIPTIVE = frozenset(
    "a an the its their his her our this that these those new landmark first second third historic major "
    "formal long-awaited mutual bilateral".split()
)
# Spelling variants folded before comparing descriptions.
_FOLD = {
    "defense": "defence", "military": "defence", "programme": "program", "co-operation": "cooperation",
}
_WORD = re.compile(r"[a-z][a-z.'’-]*", re.IGNORECASE)
# A token of a name or of running text: words, numbers, "U.S.", "Co.", "Pakistan-Russia", "$585".
_TOKEN = re.compile(r"[$£€]?[A-Za-z0-9À-ÿ][\w.'’&-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_MIXED = re.compile(r"[a-z]+[A-Z]")  # "iPhone", "eBay"
_LED = re.compile(r"-(?:led|based|owned|backed|born|run|made)$")
_BREAKS = re.compile(r"[,;:()\"“”!?—–]|\.\s")  # punctuation that ends a name between two tokens
# "al-Baghdadi", "bin-Laden", "el-Sisi": a lower-case particle joined to a capitalised name is a word of the name.
_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|bin|ibn|abu|ul|ud|de|da|di|van|von|d|l)[-’'][A-Z]")
_CONNECTORS = frozenset({"de", "da", "van", "von", "bin", "al", "der", "la", "le", "&"})
# Clause ends: modes and outcomes are read per clause ("X was alive; the report of his death was a hoax").
_CLAUSES = re.compile(
    r";|\s[—–]\s|,\s(?:but|while|although|though)\s|\sbut\s"
    r"|,\s(?=(?:which|who|where|because|saying|adding|deciding|having|after|before|although)\b|[a-z]+ing\b)"
)
_BE = frozenset("was were is are been be being had has have got".split())
# A verb just after a name makes that name the one who acts ("Shekau denied", "Apple unveiled").
_IRREGULAR_PAST = frozenset(
    "said says told made held met won lost went took gave led sent spoke wrote flew came saw left ran sang "
    "bought sold paid struck hit began brought".split()
)
# "by Shekau", "claimed Culkin": a name after these is not the one acting.
_NOT_ACTING = re.compile(r"\b(?:by|of|to|from|with|for|that|about|claimed|said)\s+(?:the\s+)?$")
# "The Managua crater was about": the thing a measure is of.
_MEASURED = re.compile(
    r"(\w+)(?:\s+(?:in|at|near|of|on)\s+[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*)?"  # "the crater in Managua was"
    r"\s+(?:was|is|were|are|measured|measures|measuring)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|roughly\s+|approximately\s+)?$"
)
_PASSIVE = re.compile(r"\b(?:was|were|been|be|being|is|are|got)\s+(?:\w+\s+)?$")  # "was acquired", "were freed"
_SETTING = re.compile(r"\b(?:in|at|near|outside|inside|across|throughout|on)\s+(?:the\s+)?$")
_MODE_ORDER = ("denied", "untrue", "rumoured", "planned")  # the first whose cue a clause holds is its mode
# "The painting was worth": the thing a sum is the price or value of.
_PRICED = re.compile(
    r"(\w+)\s+(?:(?:was|is|were|are)\s+(?:worth|valued\s+at|priced\s+at|sold\s+for|bought\s+for)"
    r"|costs?|earns?|earned|fetched|sells\s+for|sold\s+for)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|roughly\s+|approximately\s+|more\s+than\s+)?$"
)
_OPENER = re.compile(r"(?:In|On|At|During|After|Before|By|Following|Since|Amid)\b[^,;]{0,80},")


@dataclass(frozen=True)
class AssertedOutcome:
    """An outcome a claim asserts for some of its participants: 'dead' in the set 'life', 'out' in 'tenure'."""

    set: str
    value: str
    holders: frozenset[str]
    words: str  # as written: "found dead", "withdrew"
    object: str = ""  # what it is of, when named after its words: "brazil's presidential election"; "" for "a title"


@dataclass(frozen=True)
class Measure:
    """A value a claim gives for one dimension of something: 5 metres deep, six buildings, $585 million."""

    dimension: str  # "depth", "money", "count:building"
    value: float  # in the dimension's base unit
    words: str  # as written: "5 metres deep"
    measured: str = ""  # the thing measured when the claim says it ("crater")
    added: bool = False  # "14 more officers", "another 14": a count added to another, not a rival value of it
    definite: bool = False  # "the 43 students": a group already known, not any 43 students
    high: float = 0.0  # the top of the range when the value is vague ("a few million": 2 to 9 million); else 0


@dataclass(frozen=True)
class Assertion:
    """What one clause says its subject does or is, or does not or is not: "X made $72 million", "X was not stolen"."""

    subject: frozenset[str]  # the subject's words beside its names, lower case, plurals folded: {"student"}
    names: frozenset[str]  # the names among them as written ("Mohammed Islam"), resolved across the ledger
    verb: str  # the verb's stem ("mak", "steal"); "be" for a copula with no verb after it
    passive: bool
    negated: bool  # "was not stolen", "made no money", "never met"
    object: frozenset[str]  # what follows the verb, folded like the subject; "money" when it gives a sum
    measures: tuple[Measure, ...]
    words: str  # as written: "was not stolen"
    state: bool = False  # "not yet", "still", "no longer": true at one time, and may change
    is_name: str = ""  # "the gunman was Man Haron Monis": the name the subject is said to be
    approximate: bool = False  # "about 10", "at least six", "as many as 10": its figures are bounds, not counts
    role: frozenset[str] = frozenset()  # "X was the masked militant who ...": the role's words, stemmed
    role_of: frozenset[str] = frozenset()  # the names said to fill it ("X"; "Jihadi John" and "Mohammed Emwazi")
    said_of: str = ""  # the subject as written: "the gunman in the Sydney siege"


@dataclass(frozen=True)
class EventSignature:
    """A claim's event as compared across claims: parties, kind, the words that name it, and who takes part."""

    parties: frozenset[str]  # countries, by their short name in lower case ("russia")
    kind: str | None
    head: str | None  # the word naming the event: "agreement", "treaty", "visited"
    description: frozenset[str]  # the content words around it: {"defence", "cooperation", "agreement"}
    people: frozenset[str]  # full names, titles stripped ("Qamar Javed Bajwa"); a titled surname alone ("Bajwa")
    phrase: str = ""  # the words as written: "defence cooperation agreement"
    first: bool = False  # "his first visit", "the first joint exercise": an event that can happen only once
    office: str | None = None  # "foreign minister": the office a claim about who holds one names
    participants: frozenset[str] = frozenset()  # every named entity: people, organisations, places, countries
    organisations: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    mode: str = "happened"  # happened | planned | denied | untrue | rumoured: what the claim asserts of its event
    agents: frozenset[str] = frozenset()  # who does it (the buyer, the one who launches)
    patients: frozenset[str] = frozenset()  # what it is done to (the thing bought, the one killed)
    actors: frozenset[str] = frozenset()  # named as doing something ("Shekau denied ..."): alive then
    outcomes: tuple[AssertedOutcome, ...] = ()
    measures: tuple[Measure, ...] = ()
    identities: tuple[tuple[str, str], ...] = ()  # (who, who they are said to be): ("Jihadi John", "Mohammed Emwazi")
    one_off: bool = False  # its kind happens once for its participants
    by_description: bool = False  # its kind is told apart by the words that name it (instruments)
    cue: str = ""  # the words that set the mode: "denied", "scheduled"
    stage: str = ""  # "completed", "announced": the stage of a one-off event the claim speaks of
    # "X said ...", "according to X", "X has not confirmed ...": the claim is about a statement, which can be true
    # whatever the event was; it asserts no outcome, value or identity of the event (its speaker still acts).
    reported: bool = False
    introduces: tuple[tuple[str, str], ...] = ()  # ("the woman detained", "Saja al-Dulaimi"): who a description is
    # "the 28 bodies ... were (not) those of the missing students": (subject's words, what it is said to be, negated)
    predications: tuple[tuple[frozenset[str], frozenset[str], bool, str], ...] = ()  # ..., the words as written
    another: bool = False  # "in another mine", "a separate attack": the claim sets its event apart from one known
    # "Boko Haram killed 12 people": the event is done to someone unnamed, so its doer is not who undergoes it.
    unnamed_object: bool = False
    thing: str = ""  # "aired the recording", "the recording was made public": the one thing it is done to, unnamed
    assertions: tuple[Assertion, ...] = ()  # each clause's subject, verb, polarity and object
    _names: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (name, class) as read

    @property
    def undergoers(self) -> frozenset[str]:
        """The ones the event happens to: the thing launched or bought, the one who died."""
        return self.patients or (frozenset() if self.unnamed_object else self.agents)

    def same_kind(self, other: EventSignature) -> bool:
        """Same kind of event between the same (two or more) parties, or the same named person's visits."""
        if self.kind is None or self.kind != other.kind:
            return False
        if self.kind in ("visit", "meeting") and self.people and other.people and not self.shared_people(other):
            return False  # two people's visits are two visits
        return len(self.parties) >= 1 and self.parties == other.parties

    def shared_people(self, other: EventSignature) -> frozenset[str]:
        """The people both name, a surname alone matching the full name ("Bajwa" and "Qamar Javed Bajwa")."""
        return frozenset(
            max(a, b, key=len) for a in self.people for b in other.people if same_person(a, b)
        )

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


def same_person(a: str, b: str) -> bool:
    """One person: the same name, or a surname alone and a full name that ends with it."""
    if a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    # "Bajwa" or "Nasser Janjua" against "Nasser Khan Janjua": the same surname, the other names a part of the full's
    return len(short) < len(long) and short[-1] == long[-1] and set(short) <= set(long)


# ---------------------------------------------------------------- the vocabulary, compiled once per vocabulary


def _phrases(words: list[str] | tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern for phrases, as whole words, built as a trie so that a thousand of them cost little."""
    alternatives = {w.lower() if flags & re.IGNORECASE else w for w in words if w}
    if not alternatives:
        return re.compile(r"(?!x)x")
    trie: dict[str, dict] = {}
    for word in alternatives:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(r"(?<![\w])" + _trie_regex(trie) + r"(?![\w])", flags)


def _trie_regex(node: dict[str, dict]) -> str:
    """A regex for the words of a trie; longer words first at each branch, so the longest phrase wins."""
    ends = "" in node
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


@dataclass(frozen=True)
class _Compiled:
    party_of: dict[str, str]  # a word as written -> the country's key ("Moscow" -> "russia")
    party_name: dict[str, str]  # the key -> the short name shown ("russia" -> "Russia")
    part_of_name: frozenset[str]  # names and capitals: one word of a longer name is not the country
    countries: re.Pattern[str]
    organisation_of: dict[str, str]
    organisations: re.Pattern[str]
    kind_words: dict[str, str]  # phrase -> kind
    kinds: re.Pattern[str]
    modes: list[tuple[str, re.Pattern[str]]]
    outcomes: list[tuple[str, str, re.Pattern[str]]]  # (set, value, pattern)
    titles: frozenset[str]  # lower case, phrases joined by a space
    title_lengths: tuple[int, ...]
    organisation_words: frozenset[str]
    place_words: frozenset[str]
    not_names: frozenset[str]
    office: re.Pattern[str]
    stage: re.Pattern[str]
    member: re.Pattern[str]
    identity: re.Pattern[str]
    measure: re.Pattern[str]
    dimension_of: dict[str, str]
    unit_of: dict[str, tuple[str, float]]
    unit_dimensions: dict[str, tuple[str, ...]]  # base unit -> the dimensions it measures ("metre" -> depth, ...)
    number_of: dict[str, int]
    count: re.Pattern[str]
    unitless: list[tuple[str, re.Pattern[str]]]
    opposite: dict[tuple[str, str], str]  # in a set of two values, each one's other: ("life", "dead") -> "alive"
    statements: re.Pattern[str]
    reports: re.Pattern[str]
    unconfirmed: re.Pattern[str]
    added: frozenset[str]
    described: re.Pattern[str]  # "the woman detained"
    introduced: re.Pattern[str]  # "detained a woman named"
    transitive: dict[str, frozenset[str]]  # set -> words whose active-voice holder is the object
    people_only: frozenset[str]  # sets only people hold
    relations: frozenset[str]  # sets whose "of X" or "X's" names the context, not the holder
    verb_base: dict[str, str]  # an irregular past form -> its base ("stolen" -> "steal")
    person_words: frozenset[str]  # "woman", "suspect": nouns of people
    said_to_be: dict[str, tuple[str, bool]]  # "fake" -> ("genuine", True): the word it says, and whether it negates


@cache
def _compiled_default() -> _Compiled:
    return _compile(DEFAULT_EVENT_VOCABULARY)


_COMPILED: dict[int, tuple[EventVocabulary, _Compiled]] = {}


def _compiled(vocabulary: EventVocabulary | None) -> _Compiled:
    if vocabulary is None or vocabulary is DEFAULT_EVENT_VOCABULARY:
        return _compiled_default()
    cached = _COMPILED.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        cached = (vocabulary, _compile(vocabulary))
        _COMPILED[id(vocabulary)] = cached
    return cached[1]


def _compile(v: EventVocabulary) -> _Compiled:
    party_of: dict[str, str] = {}
    part_of_name: set[str] = set()
    for country in v.countries.values():
        key = country.name.lower()
        for word in [country.name, *country.aliases, *country.capitals]:
            party_of.setdefault(word, key)
            if " " not in word:
                part_of_name.add(word)
        for word in country.demonyms:
            party_of.setdefault(word, key)
    for word in list(party_of):  # all-capital headlines: "RUSSIA"
        if word.isalpha() and not word.isupper() and len(word) > 3:
            party_of.setdefault(word.upper(), party_of[word])
    organisation_of = {alias: name for name, aliases in v.organisations.items() for alias in [name, *aliases]}
    kind_words = {}
    for name, kind in v.kinds.items():
        for word in kind.words:
            kind_words.setdefault(word.lower(), name)
    units = v.units
    unit_of = {w.lower(): (u.base, u.factor) for u in units.values() for w in u.words}
    dimension_of = {w.lower(): d for d, words in v.measures.items() for w in words}
    unitless = [
        (d, re.compile(r"\b" + re.escape(p).replace(re.escape("#"), r"(\d+(?:\.\d+)?)") + r"\b", re.IGNORECASE))
        for d, patterns in v.unitless_measures.items() for p in patterns
    ]
    number = (r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _COMPOUND.pattern + "|"
              + "|".join(re.escape(n) for n in v.numbers if n) + r")")
    unit = "|".join(re.escape(w) for w in sorted(unit_of, key=len, reverse=True))
    dimension = "|".join(re.escape(w) for w in sorted(dimension_of, key=len, reverse=True))
    measure = re.compile(
        # "5 metres deep", "about 1.5 metres deep", "12-metre-wide", "a depth of 5 metres"
        rf"(?<![\w.])(?P<n>{number})\s*-?\s*(?P<u>{unit})\.?(?:\s*\([^)]*\))?[\s-]+(?:in\s+)?(?P<d>{dimension})\b"
        rf"|\b(?P<d2>{dimension})\s+of\s+(?:about\s+|around\s+|some\s+|nearly\s+)?(?P<n2>{number})\s*(?P<u2>{unit})\b"
        r"|(?P<cur>[$£€])\s?(?P<n3>\d+(?:[.,]\d+)?)\s*(?P<scale>million|billion|bn|m|thousand|trillion)?\b",
        re.IGNORECASE,
    )
    count = re.compile(
        # "six office buildings", "ten-building campus", "two of the ten buildings" (the first number counts)
        rf"(?<![\w.$£€])(?P<n>{number})(?:\s+of\s+the\s+{number})?(?:-(?P<h>[a-z]+)\b|(?P<adj>(?:\s+[A-Za-z][\w'’-]*){{0,2}}?)"
        r"\s+(?P<noun>(?-i:[a-z]+s)|people|children|men|women)\b)",
        re.IGNORECASE,
    )
    titles = frozenset(t.lower() for t in v.titles)
    return _Compiled(
        party_of=party_of,
        party_name={country.name.lower(): country.name for country in v.countries.values()},
        part_of_name=frozenset(part_of_name),
        countries=_phrases(list(party_of), flags=0),
        organisation_of=organisation_of,
        organisations=_phrases(list(organisation_of), flags=0),
        kind_words=kind_words,
        kinds=_phrases(list(kind_words)),
        modes=[(mode, _phrases(v.modes[mode])) for mode in _MODE_ORDER if mode in v.modes]
        + [(mode, _phrases(cues)) for mode, cues in v.modes.items() if mode not in _MODE_ORDER],
        outcomes=[(s, value, _phrases(words)) for s, o in v.outcomes.items() for value, words in o.values.items()],
        titles=titles,
        title_lengths=tuple(sorted({len(t.split()) for t in titles}, reverse=True)),
        organisation_words=frozenset(v.organisation_words),
        place_words=frozenset(v.place_words),
        not_names=frozenset(v.not_names),
        office=_phrases(v.offices),
        stage=_phrases(v.stages),
        member=re.compile(r"['’]?s?\s+(?:" + "|".join(re.escape(w) for w in v.member_words) + r")\b")
        if v.member_words else re.compile(r"(?!x)x"),
        identity=_phrases(v.identities),
        measure=measure,
        dimension_of=dimension_of,
        unit_of=unit_of,
        unit_dimensions={u.base: tuple(u.dimensions) for u in v.units.values() if u.dimensions},
        number_of={n.lower(): i for i, n in enumerate(v.numbers) if n},
        count=count,
        unitless=unitless,
        opposite={(name, value): other for name, o in v.outcomes.items() if len(o.values) == 2
                  for value in o.values for other in o.values if other != value},
        # Verbs in running text are lower case ("the United States reached" holds no "states"); a phrase may open
        # the claim ("According to police, ...")
        statements=_phrases([*v.statements, *(w[:1].upper() + w[1:] for w in v.statements if " " in w)], flags=0),
        reports=_phrases(v.reports, flags=0),
        unconfirmed=_phrases(v.unconfirmed),
        added=frozenset(w.lower() for w in v.added_words),
        described=re.compile(r"\b[Tt]he\s+(" + "|".join(map(re.escape, v.person_nouns)) + r")\s+([a-z]+ed)\b")
        if v.person_nouns else re.compile(r"(?!x)x"),
        introduced=re.compile(
            r"\b([a-z]+ed)\s+an?\s+(?:[a-z]+\s+)?(" + "|".join(map(re.escape, v.person_nouns))
            + r")\s+(?:named|called|identified\s+as)\s+$"
        ) if v.person_nouns else re.compile(r"(?!x)x"),
        transitive={name: frozenset(w.lower() for w in o.transitive) for name, o in v.outcomes.items()},
        people_only=frozenset(name for name, o in v.outcomes.items() if o.people_only),
        relations=frozenset(name for name, o in v.outcomes.items() if o.relation),
        verb_base={form.lower(): base.lower() for base, forms in v.irregular_verbs.items() for form in forms},
        person_words=frozenset(w.lower() for w in v.person_nouns),
        said_to_be={w.lower(): (o.positive[0].lower(), negates) for o in v.opposites.values()
                    for words, negates in ((o.positive, False), (o.negative, True)) for w in words},
    )


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class _Name:
    text: str
    start: int
    end: int
    cls: str  # person | organisation | place | country | name (a single word not yet known)
    possessive: bool = False


def _read_names(text: str, c: _Compiled) -> tuple[list[_Name], frozenset[str]]:
    """The named entities of a text, in order, and the countries it names (by key)."""
    names: list[_Name] = []
    taken: list[tuple[int, int]] = []
    parties: set[str] = set()
    for m in c.countries.finditer(text):
        word = m.group(0)
        if word in c.part_of_name and _inside_longer_name(text, m.start(), m.end(), c):
            continue  # "Paris Hilton", "Michael Jordan": one word of a person's name
        parties.add(c.party_of[word])
        possessive = bool(re.match(r"['’]s?\b", text[m.end() : m.end() + 2]))
        names.append(_Name(c.party_of[word], m.start(), m.end(), "country", possessive))
        taken.append((m.start(), m.end()))
    for m in c.organisations.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            possessive = bool(re.match(r"['’]s?\b", text[m.end() : m.end() + 2]))
            names.append(_Name(c.organisation_of[m.group(0)], m.start(), m.end(), "organisation", possessive))
            taken.append((m.start(), m.end()))
    covered = bytearray(len(text) + 1)
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)
    run: list[re.Match[str]] = []
    previous_end = 0

    def close() -> None:
        if run:
            names.extend(_name_of_run(text, run, c))
            run.clear()

    for m in _TOKEN.finditer(text):
        word = m.group(0)
        inside = bool(covered[m.start()])
        if run:
            gap = text[previous_end : m.start()]
            if gap != " " and (_BREAKS.search(gap) or gap.endswith(("-", "–"))) or inside:
                close()
        previous_end = m.end()
        if inside:
            continue
        capitalised = not word.islower() and (word[0].isupper() or bool(_MIXED.match(word))
                                              or bool(_PARTICLE.match(word)))
        model_number = bool(run) and word.isdigit() and len(word) < 4 and run[-1].group(0) not in c.not_names
        if capitalised or model_number or (run and word.lower() in _CONNECTORS and word.islower()):
            run.append(m)
            if _POSSESSIVE.search(word.rstrip(".")) or _ends_sentence(word):
                close()
        else:
            close()
    close()
    names.sort(key=lambda n: n.start)
    return names, frozenset(parties)


_ABBREVIATIONS = frozenset("Co Inc Jr Sr St Mr Mrs Ms Dr Gen Lt Col Capt Sgt Gov Sen Rep Blvd Ave No Mt Prof".split())


def _ends_sentence(word: str) -> bool:
    """'Moscow.' ends a sentence; 'Co.', 'Gen.' and 'U.S.' do not."""
    return word.endswith(".") and not re.search(r"\.\w", word) and word.rstrip(".") not in _ABBREVIATIONS


def _inside_longer_name(text: str, start: int, end: int, c: _Compiled) -> bool:
    """A capital or country name next to another capitalised name word, not a title or an organisation's word."""
    before = re.search(r"([A-Z][\w.’'-]*)\s+$", text[max(0, start - 40) : start])
    after = re.match(r"\s+([A-Z][\w’'-]*)", text[end : end + 40])
    for neighbour in (before and before.group(1), after and after.group(1)):
        if not neighbour:
            continue
        bare = neighbour.rstrip(".")
        if bare.lower() in c.titles or bare in c.organisation_words or bare in c.place_words:
            continue
        if bare in c.not_names or bare in c.party_of or _POSSESSIVE.search(bare):
            continue
        return True
    return False


def _name_of_run(text: str, run: list[re.Match[str]], c: _Compiled) -> list[_Name]:
    """A run of capitalised words as a name: leading function words and titles stripped, then classified."""
    words = [m.group(0) for m in run]
    possessive = bool(_POSSESSIVE.search(words[-1].rstrip(".")))
    clean = [_POSSESSIVE.sub("", w) if i == len(words) - 1 else w for i, w in enumerate(words)]
    clean = [_LED.sub("", w) for w in clean]  # "a Janjua-led delegation": the name is Janjua
    clean = [w.rstrip(".") if not re.search(r"\.\w", w) and w.rstrip(".") not in ("Co", "Inc", "Jr", "St") else w
             for w in clean]
    start = 0
    titled = False
    while start < len(clean):
        if clean[start] in c.not_names or clean[start].lower() in _CONNECTORS or _number(clean[start], c) is not None:
            start += 1  # "Six al-Shabaab fighters": a number word starts no name
            continue
        for length in c.title_lengths:
            phrase = " ".join(clean[start : start + length]).lower().rstrip(".")
            if start + length <= len(clean) and phrase in c.titles:
                start += length
                titled = True
                break
        else:
            break
    # Trailing function words ("Pacific Shores And") and months inside ("Monday October") end the name.
    end = start
    while end < len(clean) and clean[end] not in c.not_names:
        end += 1
    while end > start and clean[end - 1].lower() in _CONNECTORS:
        end -= 1
    body = clean[start:end]
    if not body or all(w.isdigit() for w in body):
        return []
    for inner in range(len(body) - 2, 0, -1):  # "Security Council Secretary Nikolai Patrushev": a title inside
        for length in c.title_lengths:
            if inner + length < len(body) and " ".join(body[inner : inner + length]).lower() in c.titles:
                return [*_name_of_run(text, run[start : start + inner], c),
                        *_name_of_run(text, run[start + inner :], c)]
    name = " ".join(body)
    first, last = run[start], run[end - 1]
    span_end = last.start() + len(clean[end - 1])
    if name in c.organisation_of:
        cls = "organisation"
        name = c.organisation_of[name]
    elif any(w.rstrip(".") in c.organisation_words for w in body) or (len(body) == 1 and body[0].isupper()
                                                                      and len(body[0]) > 1):
        cls = "organisation"
    elif body[-1].rstrip(".") in c.place_words or (
        re.search(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$", text[max(0, first.start() - 12) : first.start()])
        and len(body) == 1 and not titled
    ):
        cls = "place"
    elif not titled and c.member.match(text, span_end):
        cls = "organisation"  # "Boko Haram leader", "Apple spokesman": a body that has members
    elif titled or 2 <= len(body) <= 4 and all((w[0].isupper() or _PARTICLE.match(w))
                                                and w.replace("-", "").replace("'", "").isalpha()
                                                for w in body):
        cls = "person"
    else:
        cls = "name"
    return [_Name(name, first.start(), span_end, cls, possessive and end == len(clean))]


def _descriptions(text: str, names: list[_Name], c: _Compiled) -> tuple[list[_Name], tuple[tuple[str, str], ...]]:
    """'The woman detained' as a person's name; and 'detained a woman named X' as who that description is."""
    taken = [(n.start, n.end) for n in names]
    added = [
        _Name(f"the {m.group(1)} {m.group(2)}", m.start(), m.end(), "person")
        for m in c.described.finditer(text) if not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    introduces = []
    for n in names:
        if n.cls in ("person", "name"):
            m = c.introduced.search(text[max(0, n.start - 60) : n.start])
            if m:
                introduces.append((f"the {m.group(2)} {m.group(1)}", n.text))
    return sorted([*names, *added], key=lambda n: n.start), tuple(introduces)


# ---------------------------------------------------------------- reading a claim


def read_event(text: str, vocabulary: EventVocabulary | None = None) -> EventSignature:
    """The event signature of a claim's text."""
    v = vocabulary or DEFAULT_EVENT_VOCABULARY
    c = _compiled(vocabulary)
    names, parties = _read_names(text, c)
    names, introduces = _descriptions(text, names, c)
    speaker = _reported(text, c)
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    folded = [_fold(w) for _, w in words]
    # The event: the kind word of the highest rank, the first of those.
    # A word in an opening phrase ("In a video released on 31 October, Shekau denied ...") sets the scene: it is
    # the event only when nothing after it names one.
    opener = _OPENER.match(text)
    opener_end = opener.end() if opener else 0
    best: tuple[int, int, int, str, re.Match[str]] | None = None
    for m in c.kinds.finditer(text):
        kind = c.kind_words[m.group(0).lower()]
        key = (m.start() < opener_end, -v.kinds[kind].rank, m.start())
        if best is None or key < best[:3]:
            best = (*key, kind, m)  # type: ignore[assignment]
    kind = head = None
    position = -1
    head_match: re.Match[str] | None = None
    if best is not None:
        kind, head_match = best[3], best[4]
        head = head_match.group(0).lower()
        position = next((i for i, (s, _) in enumerate(words) if s >= head_match.start()), -1)
    description: frozenset[str] = frozenset()
    phrase = ""
    first = position >= 0 and any(w in ("first", "maiden") for w in folded[max(0, position - 4) : position])
    office_match = c.office.search(text)
    office = " ".join(office_match.group(0).lower().replace("defense", "defence").split()) if office_match else None
    if position >= 0 and " " not in head:  # type: ignore[operator]
        # The words that qualify the head ("defence cooperation agreement", "military-technical accord").
        before: list[tuple[str, str]] = []  # (folded, as written), nearest the head first
        for index in range(position - 1, max(-1, position - 4), -1):
            word = folded[index]
            if word in _NOT_DESCRIPTIVE or not word.isascii() or word in ("and", "of", "on", "to", "signed"):
                break
            if _names_a_party(words[index][1], c):
                continue  # "a Pakistan-Russia defence MoU": the parties are compared apart
            before.append((word, words[index][1]))
        # "a commission on defence cooperation", "an agreement for military cooperation": qualifiers after the head
        after = []
        if position + 1 < len(folded) and folded[position + 1] in ("on", "for", "of"):
            for index in range(position + 2, min(len(folded), position + 5)):
                word = folded[index]
                if word in _NOT_DESCRIPTIVE or word in ("and", "in", "with", "between", "to") or _names_a_party(
                    words[index][1], c
                ):
                    break
                after.append(word)
        description = frozenset([*(w for w, _ in before), *after, _instrument_class(head)])
        phrase = " ".join(w.strip(".,'’") for w in [*(w for _, w in reversed(before)), words[position][1]])
    elif head_match is not None:
        description = frozenset({head})  # type: ignore[arg-type]
        phrase = head_match.group(0)
    people = frozenset(n.text for n in names if n.cls == "person")
    clauses = _clauses(text)
    mode, cue = "happened", ""
    if head_match is not None:
        clause = next((cl for cl in clauses if cl[0] <= head_match.start() < cl[1]), (0, len(text)))
        mode, cue = _mode_of(text[clause[0] : clause[1]], c)
    else:
        mode, cue = _mode_of(text, c)
    agents, patients = _roles(text, names, head_match)
    return EventSignature(
        parties=parties,
        kind=kind,
        head=head,
        description=description,
        people=people,
        phrase=phrase,
        first=first,
        office=office,
        participants=frozenset(_display(n, c) for n in names),
        organisations=frozenset(n.text for n in names if n.cls == "organisation"),
        places=frozenset(n.text for n in names if n.cls == "place"),
        mode=mode,
        agents=frozenset(_display(n, c) for n in agents),
        patients=frozenset(_display(n, c) for n in patients),
        # in a claim about a statement only its speaker is said to act ("officials said Shekau appeared": officials)
        actors=frozenset(_display(n, c) for n in _actors(text, names, c)
                         if speaker is None or speaker[0] <= n.start < speaker[1]),
        outcomes=tuple(_outcomes(text, names, clauses, c)),
        measures=tuple(_measures(text, c)),
        identities=tuple(_identities(text, names, clauses, c)),
        one_off=bool(kind and v.kinds[kind].one_off),
        by_description=bool(kind and v.kinds[kind].named_by_description),
        cue=cue,
        stage=(stage.group(0).lower() if (stage := c.stage.search(text)) else ""),
        reported=speaker is not None,
        introduces=introduces,
        predications=tuple(_predications(text, clauses, c)),
        assertions=tuple(_assertions(text, names, clauses, c)) if speaker is None else (),
        thing=_thing(text, head_match, c),

        another=bool(_ANOTHER.search(text)),
        unnamed_object=head_match is not None and not patients and bool(_UNNAMED_OBJECT.match(text, head_match.end()))
        and not _PASSIVE.search(text[max(0, head_match.start() - 40) : head_match.start()]),
        _names=tuple((_display(n, c), n.cls) for n in names),
    )


def _thing(text: str, head: re.Match[str] | None, c: _Compiled) -> str:
    """The one unnamed thing an event is done to, named with "the": "recording" in "aired the recording" and in
    "the recording was made public"; "" for a person, a group (a plural) or a named thing."""
    if head is None:
        return ""
    if _PASSIVE.search(text[max(0, head.start() - 40) : head.start()]):
        m = re.match(
            r"\s*(?:[A-Z][^,]{0,60},\s*)?[Tt]he\s+(?:[a-z-]+\s+){0,2}?([a-z-]+)\s+(?:was|were|is|are|has|had)\b", text)
    else:
        m = re.match(r"\s+the\s+(?:[a-z-]+\s+){0,2}?([a-z-]+)\b(?!\s+of\b)", text[head.end() :])
    noun = m.group(1).lower() if m else ""
    if not noun or noun.endswith("s") or noun in c.person_words:
        return ""
    return noun


def _display(name: _Name, c: _Compiled) -> str:
    """A name as reasons show it: a country by its short name ("Russia"), anything else as written."""
    return c.party_name.get(name.text, name.text) if name.cls == "country" else name.text


def _names_a_party(word: str, c: _Compiled) -> bool:
    """'Pakistan', "Pakistan's", 'Pakistan-Russia': a word that names one of the parties."""
    parts = re.split(r"[-–]", _POSSESSIVE.sub("", word.rstrip(".,")))
    return any(part in c.party_of or part.title() in c.party_of for part in parts if part)


def _clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a claim as (start, end) offsets."""
    out, start = [], 0
    for m in _CLAUSES.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _mode_of(clause: str, c: _Compiled) -> tuple[str, str]:
    """What a clause asserts of its event: denied, untrue, rumoured, planned, or (no cue) happened."""
    for mode, pattern in c.modes:
        m = pattern.search(clause)
        if m:
            return mode, m.group(0)
    return "happened", ""


_UNNAMED_OBJECT = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|some|several|many|dozens|hundreds|thousands|more|at\s+least|about|nearly|"
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+\s+)?$", re.IGNORECASE)


_NOUN_BEFORE = re.compile(
    r"(?:^\W*|\b(?:the|a|an|his|her|their|its|these|those|such|of|ignore|earlier|false)\s+)$",
    re.IGNORECASE,
)


def _reported(text: str, c: _Compiled) -> tuple[int, int] | None:
    """Where the speaker stands when the claim is about a statement ('X said ...', 'sites claimed that ...', 'as X
    announced', 'X has not confirmed ...'), as (start, end) offsets; None when it is not."""
    cue = c.unconfirmed.search(text)
    if cue:
        return 0, cue.start()
    for pattern, needs_that in ((c.statements, False), (c.reports, True)):
        for m in pattern.finditer(text):
            if m.group(0).lower().startswith("according"):  # "according to police, ...": police said it
                stop = re.search(r"[,;.]", text[m.end() :])
                return m.end(), m.end() + (stop.start() if stop else len(text) - m.end())
            if _PASSIVE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
                continue  # "was said to", "the death was announced": a rumour, or the event itself
            if _NOUN_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                continue  # "Claims that he died were false", "the report said": a noun, the claim's own voice
            rest = text[m.end() :]
            if re.match(r"\s+to\b", rest):
                continue  # "reported to have", "believed to be": a rumour cue
            trailing = re.fullmatch(r"\W*", rest) and re.search(
                r"(?:,|\bas)\s+(?:[\w.'’-]+\s+){1,6}$", text[max(0, m.start() - 80) : m.start()])
            that = re.match(r"((?:\s+[^\s,;.]+){0,6}?)\s+that\b", rest)
            if needs_that and not (that or trailing):
                continue  # "Apple announced the Apple Watch", "his identity revealed": the event
            if that and any(mode == "untrue" and p.search(that.group(1)) for mode, p in c.modes):
                continue  # "published a false story that ...": the claim's own voice says it is untrue
            if trailing:  # "..., his publicist said": the speaker stands between the comma and the verb
                return max(0, m.start() - 80) + trailing.start(), m.start()
            return 0, m.start()
    return None


def _roles(text: str, names: list[_Name], head: re.Match[str] | None) -> tuple[list[_Name], list[_Name]]:
    """Who does the event and what it is done to: before the head and after it, turned round in the passive."""
    if head is None:
        return [], []
    clause_start = max((m.end() for m in _CLAUSES.finditer(text[max(0, head.start() - 40) : head.start()])), default=0)
    # "Facebook's takeover of WhatsApp": a possessive just before the head is who does it.
    before = [n for n in names if clause_start <= n.start < head.start() and (
        not n.possessive or re.fullmatch(r"['’]s?\s+(?:[a-z-]+\s+){0,2}", text[n.end : head.start()]))]
    after_all = [n for n in names if n.start >= head.end()]
    by_agents, others = [], []
    for n in after_all:
        between = text[head.end() : n.start]
        if _CLAUSES.search(between):
            break
        preposition = re.findall(r"\b(by|from|with)\b", between.lower())
        if preposition and preposition[-1] == "by":
            by_agents.append(n)
        elif not preposition and n.cls != "place" and not _SETTING.search(text[max(0, n.start - 12) : n.start]):
            others.append(n)  # "killed 12 people in Kabul": Kabul is where, not whom
    passive = bool(_PASSIVE.search(text[max(0, head.start() - 40) : head.start()]))
    if passive:
        return by_agents, before
    return before + by_agents, others


def _actors(text: str, names: list[_Name], c: _Compiled) -> list[_Name]:
    """Names followed by a verb of their own ("Abubakar Shekau denied"): they did something then."""
    out = []
    for n in names:
        if n.possessive or n.cls in ("country", "place"):
            continue
        if _NOT_ACTING.search(text[max(0, n.start - 14) : n.start]):
            continue
        m = re.match(r"(?:\s*,[^,]{1,60},)?\s+([a-z]+)\b", text[n.end : n.end + 80])
        if m and (m.group(1).endswith("ed") or m.group(1) in _IRREGULAR_PAST) and m.group(1) not in _BE:
            out.append(n)
    return out


_APPOSITION = re.compile(r"\s+(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,2}")  # "identified as (the Briton) X"


def _identities(text: str, names: list[_Name], clauses: list[tuple[int, int]], c: _Compiled) -> list[tuple[str, str]]:
    """'X was identified as Y' in a clause that asserts it: (X, Y)."""
    out = []
    for start, end in clauses:
        if _mode_of(text[start:end], c)[0] != "happened":
            continue
        for m in c.identity.finditer(text, start, end):
            before = [n for n in names if start <= n.start < m.start() and n.cls not in ("place", "country")]
            after = [n for n in names if m.end() <= n.start < end and n.cls not in ("place", "country")]
            if before and after and _APPOSITION.fullmatch(text[m.end() : after[0].start]):
                out.append((before[-1].text, after[0].text))
    return out


_DETERMINER = re.compile(r"\b(?:the|a|an|his|her|their|its)\s+(?:[a-z-]+\s+)?$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_NEGATED = re.compile(r"\b(?:not|n[’']t|never|no longer)\s+(?:(?:been|be|yet|actually|really|found)\s+)?$")
# A plain negation as a clause's untrue cue negates only the words it stands before ("was not captured ... and was
# safe"); a hoax or "false" says the whole clause did not happen ("reports of his death were false").
_PLAIN_NEGATION = re.compile(r"(?:(?:was|were|is|are|did|does|do|has|have|had)\s+not|never)", re.IGNORECASE)
_TO_VERB = re.compile(r"\s+to\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|him\b|them\b)[a-z]+\b")
_COUNTED_OBJECT = re.compile(r"\s+(?:about\s+|some\s+|more\s+than\s+|at\s+least\s+|nearly\s+)?(?:\d|(?:one|two|three|"
                             r"four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands)\b)",
                             re.IGNORECASE)


# What an outcome is of: the words after it up to a time, a place or the clause's end ("won FDA approval for Sovaldi
# in 2013" -> "FDA approval for Sovaldi").
_OBJECT = re.compile(
    r"\s+((?:(?!(?:in|on|at|by|with|after|before|since|during|over|against|when|as|from|to|and)\b)[\w'’.-]+\s*?){1,8})"
    r"(?=\s+(?:in|on|at|by|with|after|before|since|during|over|against|when|as|from|to|and)\b|\s*[,;.]?\s*$|\s*[,;])"
)


def _outcomes(text: str, names: list[_Name], clauses: list[tuple[int, int]], c: _Compiled) -> list[AssertedOutcome]:
    """Outcomes a clause asserts (or, negated or called a hoax, their opposite), each held by the name it is said of."""
    out = []
    for start, end in clauses:
        clause = text[start:end]
        mode, cue = _mode_of(clause, c)
        if mode not in ("happened", "untrue"):
            continue
        whole_clause_untrue = mode == "untrue" and not _PLAIN_NEGATION.fullmatch(cue)
        for set_name, value, pattern in c.outcomes:
            for m in pattern.finditer(clause):
                negated = bool(_NEGATED.search(clause[max(0, m.start() - 24) : m.start()]))
                flipped = negated or whole_clause_untrue
                if mode == "untrue" and not flipped:
                    continue  # "X was not ... and was safe": what the negation does not stand before is unread
                if flipped and (set_name, value) not in c.opposite:
                    continue
                if _COUNTED_OBJECT.match(clause, m.end()) or _TO_VERB.match(clause, m.end()):
                    continue  # "won 232 seats", "killed 12 people", "declined to comment": another sense
                at = start + m.start()
                group = ""
                # Only people die or are held: "In Lebanon, the woman detained ..." is the woman's, not Lebanon's.
                candidates = [n for n in names if _may_be_a_person(n, c)] if set_name in c.people_only else names
                before = [n for n in candidates if start <= n.start < at and not n.possessive and n.cls != "place"]
                # "Luke Somers, an American held by al-Qaeda in Yemen, was killed": the aside describes Somers; a name
                # inside it is not whom the outcome is said of
                asides = [(start + a.start(), start + a.end()) for a in _APPOSITIVE.finditer(clause, 0, m.start())]
                before = [n for n in before if not any(s <= n.start < e for s, e in asides)] or before
                aside = _RELATIVE_ASIDE.match(clause)
                if aside and start + aside.end() <= at:
                    # "Nina Pham, who treated Thomas Eric Duncan, survived": the one who survived is whom the
                    # relative clause is about, not a name inside it
                    before = [n for n in before if n.start >= start + aside.end()] or [
                        n for n in candidates if n.start < start and n.cls != "place" and not n.possessive][-1:]
                # "recovered Mora's remains": a possessive after the words is not whom they are said of
                after = [n for n in candidates if at + len(m.group(0)) <= n.start < end and n.cls != "place"
                         and not n.possessive]
                passive = re.search(r"\b(?:was|were|been|is|are|be|found|reported|declared)\s+(?:\w+\s+)?$",
                                    clause[max(0, m.start() - 40) : m.start()])
                # "the death of X" (a noun) names X; "dropped out of the X film" (a verb) does not
                nominal = _DETERMINER.search(clause[max(0, m.start() - 30) : m.start()])
                of = [n for n in after if nominal and _OF.fullmatch(clause[m.end() : n.start - start])]
                owner = [n for n in candidates if n.possessive and n.end <= at and re.fullmatch(
                    r"['’]s?\s+(?:[a-z-]+\s+)?", text[n.end : at])]
                if set_name in c.relations:
                    of = owner = []  # "a former wife of X": X is whom she was married to
                if of or owner:
                    holders = (of or owner)[:1]  # "the death of X", "X's death"
                elif m.group(0).lower() in c.transitive.get(set_name, ()) and not passive and not negated:
                    # "fighters captured X", "the army killed X": the one held or killed is the object; "X killed
                    # himself": X
                    if re.match(r"\s+(?:him|her|them)sel(?:f|ves)\b", clause[m.end() :]) and before:
                        holders = [before[-1]]
                    elif not after or _CLAUSES.search(text[at : after[0].start]):
                        continue
                    else:
                        holders = [after[0]]
                elif after and not passive and not before:
                    holders = [after[0]]
                elif set_name in c.people_only and (group := _known_group(clause[: m.start()], c)):
                    holders = []  # "The 43 (Ayotzinapa) students were killed": the group already known is who
                elif before and not _member_aside(text, before[-1].start, c):
                    holders = [before[-1]]
                else:
                    continue
                if flipped:  # "reports of his death were a hoax", "he was not captured": the other value
                    value_held, words = c.opposite[(set_name, value)], f"{m.group(0)} (denied)"
                else:
                    value_held, words = value, m.group(0)
                object_ = _OBJECT.match(clause, m.end())
                what = object_.group(1).lower() if object_ else ""
                what = "" if re.match(r"(?:a|an|another|one)\b", what) else re.sub(r"^the\s+", "", what)
                held_by = frozenset(n.text for n in holders) or frozenset({group})
                out.append(AssertedOutcome(set_name, value_held, held_by, words, what))
    return out


# "X is (not) Y" where Y is a noun phrase or a name: "were not those of the missing students", "is Mohammed Emwazi".
_COPULA = re.compile(
    r"\b(?:is|are|was|were)\s+(not\s+|never\s+)?(?=(?:those|that|the|a|an|one|among)\b|[A-Z])")
_SUBJECT_START = re.compile(r".*\b(?:that|showed|shows|confirmed)\s+", re.IGNORECASE)
_PLAIN_WORDS = frozenset(
    "a an the of in on at to by for with from near outside inside those that this these one among and or its their "
    "his her found first".split())


def _content(words: str) -> frozenset[str]:
    """The words of a phrase that say what it is, without times, numbers spelt as digits, or articles."""
    return frozenset(
        w for w in (_fold(x) for x in _WORD.findall(words))
        if w not in _PLAIN_WORDS and w.capitalize() not in _MONTHS and not w.isdigit())


_MONTHS = frozenset("January February March April May June July August September October November December".split())


def _predications(
    text: str, clauses: list[tuple[int, int]], c: _Compiled
) -> list[tuple[frozenset[str], frozenset[str], bool, str]]:
    """What a clause says its subject is, or is not: (subject words, predicate words, negated)."""
    out = []
    for start, end in clauses:
        mode, cue = _mode_of(text[start:end], c)
        if mode not in ("happened", "untrue") or mode == "untrue" and not _PLAIN_NEGATION.fullmatch(cue):
            continue  # "reports that the man was X were false": the clause says it of no one
        for m in _COPULA.finditer(text, start, end):
            head = text[start : m.start()]
            lead = _SUBJECT_START.match(head)  # "DNA tests showed that the bodies ...": the bodies
            subject = _content(head[lead.end() :] if lead else head) | frozenset(
                re.findall(r"\b\d+\b", head[lead.end() :] if lead else head))
            said = re.split(r"[,;]", text[m.end() : end])[0]
            predicate = _content(said)
            if len(subject) >= 2 and predicate:
                out.append((subject, predicate, bool(m.group(1)), f"{m.group(0).strip()} {said.strip(' .')}"))
    return out


# Verbs that help another, and words that may stand between them and it ("has not yet been found").
_AUXILIARIES = frozenset(
    "is are was were am be been being has have had do does did will would can could may might must shall should".split()
)
_BE_FORMS = frozenset("is are was were am be been being".split())
_NEGATIONS = frozenset({"not", "never", "n't", "n’t"})
_ADVERBS = frozenset(
    "yet still also already actually really ever even just since now then officially first finally initially "
    "originally later".split())
_STATE_WORDS = frozenset({"yet", "still", "now", "longer", "currently"})
_CONTRACTED = re.compile(r"^([a-z]+)n[’']t$")  # "didn't", "wasn't", "hasn't"
_NO_OBJECT = frozenset({"no", "nothing", "none", "zero"})
# Words after a verb that start no object of it: a participle before these describes a noun ("the car used to film",
# "the man detained in Lebanon") when a verb of the clause's own comes later.
_MODIFIER_NEXT = frozenset("to by in at with from for on near after during".split())
_DETERMINERS = frozenset("the a an his her their its this that these those some any every each".split())
_PRONOUNS = frozenset("he she they it we i you him them us his her their its our".split())
_CURRENCIES = "dollars|dollar|pounds|pound|euros|euro|yen|rupees|rubles|roubles|yuan|francs|usd|gbp|eur"
# "a few million dollars", "several billion euros", "millions of dollars": a sum given as a range.
_VAGUE_SUM = re.compile(
    rf"\b(?P<q>a\s+few|a\s+couple\s+of|several|many|tens\s+of|hundreds\s+of)?\s*(?P<scale>thousands?|millions?|"
    rf"billions?)\s+(?:of\s+)?(?P<cur>{_CURRENCIES})\b",
    re.IGNORECASE,
)
_VAGUE_RANGE = {"a few": (2, 9), "a couple of": (2, 3), "several": (3, 9), "many": (2, 999), "tens of": (10, 99),
                "hundreds of": (100, 999), "": (1, 1), "plural": (2, 999)}


_APPROXIMATE = re.compile(
    r"\b(?:about|around|some|nearly|almost|roughly|approximately|at\s+least|more\s+than|over|up\s+to|as\s+many\s+as|"
    r"fewer\s+than|less\s+than|estimated|dozens|hundreds|thousands|close\s+to|or\s+so)\b",
    re.IGNORECASE,
)


def _role_head(phrase: str) -> str:
    """The noun a description is of: "the masked militant who beheaded ..." -> "militant"; "" if none."""
    m = re.match(r"\s*(?:the\s+)?((?:[a-z][\w'’-]*\s+){0,3}?)([a-z][\w'’-]*)(?=\s+(?:who|whom|which|that|in|of|at|on|"
                 r"from|behind|with|for|to)\b|\s*[,.;]|\s*$)", phrase, re.IGNORECASE)
    return m.group(2).lower() if m else ""


def _vague_sums(text: str) -> list[Measure]:
    """Sums given as a range of a scale ("a few million dollars": 2 to 9 million)."""
    out = []
    for m in _VAGUE_SUM.finditer(text):
        scale = m.group("scale").lower()
        quantifier = " ".join((m.group("q") or "").lower().split())
        if not quantifier and scale.endswith("s"):
            quantifier = "plural"  # "millions of dollars"
        elif not quantifier:
            continue  # "$72 million dollars" is read as a sum already; "million dollars" alone says no amount
        low, high = _VAGUE_RANGE[quantifier]
        unit = _SCALE[scale.rstrip("s")]
        out.append(Measure("money", low * unit, m.group(0).strip(), high=high * unit))
    return out


def _stem(word: str, c: _Compiled) -> str:
    """A verb's stem, the same for its forms: "died" and "die" -> "di", "stolen" and "steal" -> "steal"."""
    w = word.lower().strip("'’.")
    w = c.verb_base.get(w, w)
    for suffix, keep in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + keep
            break
    w = w.rstrip("e") or w
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopped" -> "stopp" -> "stop"
    return w


def _folded_words(text: str) -> frozenset[str]:
    """Content words, lower case, a plural's s folded: what a subject or an object is named with."""
    return frozenset(
        w.removesuffix("s") if len(w) > 3 and not w.endswith("ss") else w
        for w in (_POSSESSIVE.sub("", x.lower().strip(".'’")) if x[-2:] in ("'s", "’s") else x.lower().strip(".'’")
                  for x in _WORD.findall(text))
        if w not in _PLAIN_WORDS and w not in _PRONOUNS and w not in _DETERMINERS and w.capitalize() not in _MONTHS
    )


def _verb_like(word: str, c: _Compiled) -> bool:
    """A word that may be a verb in the past or a participle: "made", "stolen", "approved"."""
    w = word.lower()
    return word[:1].islower() and (w in c.verb_base or (len(w) >= 4 and w.endswith("ed")))


def _assertions(text: str, names: list[_Name], clauses: list[tuple[int, int]], c: _Compiled) -> list[Assertion]:
    """Each clause that asserts something plainly: its subject, verb, polarity and object ("X was not stolen")."""
    out: list[Assertion] = []
    previous: tuple[frozenset[str], frozenset[str]] | None = None
    for start, end in clauses:
        mode, cue = _mode_of(text[start:end], c)
        if mode not in ("happened", "untrue") or mode == "untrue" and not (
            _PLAIN_NEGATION.fullmatch(cue) or cue.lower() in c.said_to_be
        ):
            previous = None
            continue  # a plan, a rumour, a denial, a hoax: the clause asserts nothing of its own
        lead = _OPENER.match(text, start) or _SUBJECT_START.match(text, start)
        begin = lead.end() if lead and lead.end() < end else start
        tokens = [(m.start(), m.start() + len(w), w) for m in _TOKEN.finditer(text, begin, end)
                  if (w := m.group().rstrip("."))]
        group = _verb_group(tokens, c)
        if group is None:
            previous = None
            continue
        first, verb_at, after = group
        words_of_group = [w.lower() for _, _, w in tokens[first:after]]
        subject_start, subject_end = tokens[0][0], tokens[first][0]
        subject_names = frozenset(
            _display(n, c) for n in names if subject_start <= n.start < subject_end and not n.possessive)
        named = {w for n in names if subject_start <= n.start < subject_end
                 for w in _folded_words(text[n.start : n.end]) | _folded_words(n.text)}
        subject = _folded_words(text[subject_start:subject_end]) - named
        if not subject and previous:  # "...; he made the story up": the last clause's subject
            subject, subject_names = previous
        negated = any(w in _NEGATIONS or _CONTRACTED.match(w) or w == "no" and i + 1 < len(words_of_group)
                      and words_of_group[i + 1] == "longer" for i, w in enumerate(words_of_group))
        object_start = tokens[after][0] if after < len(tokens) else end
        rest = text[object_start:end]
        head = rest.split(None, 1)
        if head and head[0].lower() in _NO_OBJECT:  # "made no money", "found nothing"
            negated, rest = True, head[1] if len(head) > 1 else ""
        said_to_be = None
        if verb_at is None:
            verb = "be" if any(w in _BE_FORMS for w in words_of_group) else "have" if any(
                w in ("has", "have", "had") for w in words_of_group) else ""
            passive = False
            # "was fake", "is a hoax", "was not genuine": what it is said to be, against its opposite
            adjective = re.match(r"\s*(?:(?:a|an|the)\s+)?(not\s+)?([\w-]+(?:\s+[\w-]+)?)", rest)
            if adjective:
                for candidate in (adjective.group(2).lower(), adjective.group(2).split()[0].lower()):
                    if candidate in c.said_to_be:
                        said_to_be = c.said_to_be[candidate]
                        negated = negated ^ said_to_be[1] ^ bool(adjective.group(1))
                        break
        elif tokens[verb_at][2].lower() in c.said_to_be and any(w in _BE_FORMS for w in words_of_group):
            verb, passive = "be", False  # "was doctored", "was staged": what it is said to be
            said_to_be = c.said_to_be[tokens[verb_at][2].lower()]
            negated = negated ^ said_to_be[1]
        else:
            verb = _stem(tokens[verb_at][2], c)
            passive = any(w in _BE_FORMS for w in words_of_group[: verb_at - first]) and verb != "be"
        if mode == "untrue" and not _PLAIN_NEGATION.fullmatch(cue) and said_to_be is None:
            previous = None
            continue  # "fake" said of something else in the clause ("a fake account posted ..."): nothing plain
        if not verb:
            previous = subject, subject_names
            continue
        measures = tuple(m for m in (*_measures(rest, c), *_vague_sums(rest)) if not m.added)
        object_words = _folded_words(rest) | ({"money"} if any(m.dimension == "money" for m in measures) else set())
        if said_to_be is not None:
            object_words = frozenset({said_to_be[0]})
        is_name = next((_display(n, c) for n in names if n.start == object_start and n.cls in ("person", "name")
                        and verb == "be" and said_to_be is None), "")
        people = frozenset(_display(n, c) for n in names if subject_start <= n.start < subject_end
                           and n.cls in ("person", "name") and not n.possessive)
        role, role_of, head = frozenset(), frozenset(), ""
        if verb == "be" and not negated and said_to_be is None:
            if is_name:  # "The masked militant ... was Mohammed Emwazi"; "Jihadi John, the masked militant, was ..."
                said = text[subject_start:subject_end]
                head = _role_head(said[said.index(", ") + 2 :] if ", " in said else said)
                role, role_of = subject, people | {is_name}
            elif people and re.match(r"the\s", rest, re.IGNORECASE):  # "Bary was the masked militant who ..."
                head = _role_head(rest)
                role, role_of = object_words, people
            # the role's own noun leads: "the masked militant" and "the masked rapper" are two roles
            role = frozenset(_stem(w, c) for w in role - {"who", "whom", "whose", "which"}) if head else frozenset()
            role = role | {f"={_stem(head, c)}"} if role else role
        out.append(Assertion(
            subject=subject, names=subject_names, verb=verb, passive=passive, negated=negated,
            role=role, role_of=role_of,
            object=frozenset(object_words), measures=measures,
            words=" ".join(text[tokens[first][0] : tokens[after - 1][1]].split()),
            state=bool(set(words_of_group) & _STATE_WORDS),
            said_of=" ".join(text[subject_start:subject_end].split()).rstrip(","),
            approximate=bool(_APPROXIMATE.search(rest)),
            is_name=is_name,
        ))
        previous = subject, subject_names
    return out


def _verb_group(tokens: list[tuple[int, int, str]], c: _Compiled) -> tuple[int, int | None, int] | None:
    """Where a clause's verb group starts, which token is its main verb (None for a bare "is"), and where it ends."""
    auxiliaries = [i for i, (_, _, w) in enumerate(tokens) if _auxiliary(w.lower())]
    for i in range(1, len(tokens)):
        word = tokens[i][2]
        lower = word.lower()
        if _auxiliary(lower) or lower == "never":
            j = i + 1
            while j < len(tokens) and (_auxiliary(tokens[j][2].lower()) or tokens[j][2].lower() in _NEGATIONS | _ADVERBS
                                       or tokens[j][2].lower() == "no" and j + 1 < len(tokens)
                                       and tokens[j + 1][2].lower() == "longer" or tokens[j][2].lower() == "longer"):
                j += 1
            if j < len(tokens):
                main = tokens[j][2]
                # "did not make": after "do" or "never" the next word is the verb, whatever its ending
                if (_verb_like(main, c) or _auxiliary(lower) in ("do", "does", "did") or lower == "never") and (
                    main[:1].islower() and main.lower() not in _DETERMINERS | _NO_OBJECT
                ):
                    return i, j, j + 1
            return i, None, j
        if not _verb_like(word, c) or tokens[i - 1][2].lower() in _DETERMINERS:
            continue  # "the detained woman": an adjective
        following = tokens[i + 1][2].lower() if i + 1 < len(tokens) else ""
        if (following in _MODIFIER_NEXT or tokens[i - 1][2].lower() in ("who", "which", "that")) and any(
            k > i for k in auxiliaries
        ):
            continue  # "the Batmobile used to film ... was stolen", "the man who shot him was ...": it comes later
        return i, i, i + 1
    return None


def _auxiliary(word: str) -> str:
    """The auxiliary a word is ("didn't" -> "did"), or "" when it is none."""
    contracted = _CONTRACTED.match(word)
    base = contracted.group(1) if contracted else word
    return base if base in _AUXILIARIES or contracted and base in ("ca", "wo") else ""


_GROUP_SUBJECT = re.compile(
    r"\b(?:[Tt]he|[Aa]ll)\s+([\w,-]+)\s+(?:[A-Z][\w'’-]*\s+){0,2}([a-z]+s|people|children|men|women)"
    r"(?:\s+(?:were|was|are|is|have|has|had|been|all|still|later|also|reportedly|found|now)){0,3}\s*$")


def _known_group(before: str, c: _Compiled) -> str:
    """'the 43 students' (a group already known, counted) as the subject just before an outcome's words; '' if none."""
    m = _GROUP_SUBJECT.search(before)
    value = _number(m.group(1), c) if m else None
    if m is None or value is None:
        return ""
    return f"the {value:g} {m.group(2).lower()}"


_ANOTHER = re.compile(r"\b(?:another|other|different|separate|second)\b", re.IGNORECASE)
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+[^,;]*,")
_RELATIVE_ASIDE = re.compile(r"\s*(?:who|which|whose|whom)\b[^,;]*,")


def _member_aside(text: str, at: int, c: _Compiled) -> bool:
    """'Six people, Godane among them, were killed': the outcome is said of the counted group, not of the member
    named in passing (the count is the claim's point; whether that member died is another claim's)."""
    first = re.match(r"\W*(?:the\s+|all\s+)?([\w,-]+)\s+([a-z]+)", text, re.IGNORECASE)
    if not first or _number(first.group(1), c) is None or first.group(2).lower().rstrip("s") in _NOT_COUNTED:
        return False  # "Two days later, Godane was killed": a time, not a group
    return bool(re.search(r",|\bincluding\b|\bamong\b", text[first.end() : at]))


def _may_be_a_person(name: _Name, c: _Compiled) -> bool:
    """Not a country, a place or a plain organisation ("Apple", "Bank of America"); "Big Bank Hank" may be one."""
    if name.cls in ("person", "name"):
        return True
    if name.cls != "organisation" or name.text in c.organisation_of.values() or name.text.isupper():
        return False
    return name.text.split()[-1].rstrip(".") not in c.organisation_words and " of " not in name.text


# "thirty", "forty-three", "Twenty-one": tens, and a unit written with them as one word.
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_COMPOUND = re.compile(rf"(?i:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS)}))?\b)")


def _number(word: str, c: _Compiled) -> float | None:
    word = word.lower().replace(",", "")
    if word in c.number_of:
        return float(c.number_of[word])
    tens, _, unit = word.partition("-")
    if tens in _TENS and (unit in _UNITS or not unit):
        return float(_TENS[tens] + (_UNITS.index(unit) + 1 if unit else 0))
    try:
        return float(word)
    except ValueError:
        return None


# Units of time and ratios: "three years", "ten-day", "50 percent" are no count of things.
_NOT_COUNTED = frozenset("year day month week hour minute second time percent per cent decade centurie".split())
_SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


_PAID_FOR = re.compile(
    r"(?:\s*(?:million|billion|bn|m|thousand|trillion))?\s+for\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?([\w'’-]+)"
    r"(?=\s+(?:in|on|at|from|to|by|with|after|before|during|over)\b|\s*[,.;]|\s*$)", re.IGNORECASE)
_RATE = re.compile(r"\s*(?:per|a|an|each|every)\s+((?:square\s+|cubic\s+)?[a-z]+)\b", re.IGNORECASE)


def _measures(text: str, c: _Compiled) -> list[Measure]:
    """The values a claim gives: lengths and weights with their units, sums of money, counts of things."""
    out: list[Measure] = []
    for m in c.measure.finditer(text):
        if m.group("cur"):
            value = _number(m.group("n3"), c)
            if value is not None:
                # the thing it is the price or worth of: "the painting was worth", "revenue was", "paid $X for Y"
                before = text[max(0, m.start() - 60) : m.start()]
                measured = _PRICED.search(before) or _PAID_FOR.match(text, m.end()) or _MEASURED.search(before)
                # "$1,000 per pill", "$65 million a year": a rate is its own measure, per pill or per year
                rate = _RATE.match(text, m.end())
                dimension = f"money per {rate.group(1).lower()}" if rate else "money"
                out.append(Measure(dimension, value * _SCALE.get((m.group("scale") or "").lower(), 1), m.group(0),
                                   measured.group(1).lower() if measured else ""))
            continue
        number, unit, dim = (m.group("n"), m.group("u"), m.group("d")) if m.group("n") else (
            m.group("n2"), m.group("u2"), m.group("d2"))
        value = _number(number, c)
        if value is None:
            continue
        base, factor = c.unit_of[unit.lower()]
        if c.dimension_of[dim.lower()] not in c.unit_dimensions.get(base, (c.dimension_of[dim.lower()],)):
            continue  # "ran 5 km for charity": a length is no sum of money
        measured = _MEASURED.search(text[max(0, m.start() - 60) : m.start()])
        out.append(Measure(c.dimension_of[dim.lower()], value * factor, m.group(0),
                           measured.group(1).lower() if measured else ""))
    for dimension, pattern in c.unitless:
        for m in pattern.finditer(text):
            out.append(Measure(dimension, float(m.group(1)), m.group(0)))
    for m in c.count.finditer(text):
        value = _number(m.group("n"), c)
        noun = (m.group("h") or m.group("noun") or "").lower()
        if value is None or not noun or noun in c.unit_of or noun.removesuffix("s") in _NOT_COUNTED:
            continue
        if m.group("n").isdigit() and len(m.group("n")) == 4:
            continue  # a year
        adjectives = {w.lower() for w in (m.group("adj") or "").split()}
        added = bool(adjectives & c.added) or bool(re.search(
            r"\b(?:" + "|".join(map(re.escape, sorted(c.added))) + r")\s+(?:of\s+the\s+)?$",
            text[max(0, m.start() - 25) : m.start()], re.IGNORECASE)) if c.added else False
        definite = bool(re.search(r"\b(?:the|all)\s+$", text[max(0, m.start() - 5) : m.start()], re.IGNORECASE))
        out.append(Measure(f"count:{noun.removesuffix('s')}", value, m.group(0).strip(), added=added,
                           definite=definite))
    return out


def _fold(word: str) -> str:
    word = word.lower().strip(".'’")
    return _FOLD.get(word, word)


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
    return _fold(head)


# ---------------------------------------------------------------- across a ledger


def resolve_names(
    signatures: Mapping[str, EventSignature], vocabulary: EventVocabulary | None = None
) -> dict[str, EventSignature]:
    """Signatures with short names resolved against the ledger's full ones ("Bajwa" -> "Qamar Javed Bajwa")."""
    # A surname alone ("Bajwa", "Bale") becomes the one full name in the ledger that ends with it; a name without its
    # suffix ("Pacific Shores", "Apple") the one that adds only such words ("Pacific Shores Center", "Apple Inc.").
    # A short name that fits two full names stays as it is.
    v = vocabulary or DEFAULT_EVENT_VOCABULARY
    designators = set(v.name_suffixes)
    everyone = {name for s in signatures.values() for name, cls in s._names if cls == "person"}
    everyone |= {p for s in signatures.values() for p in s.people}
    named = {name for s in signatures.values() for name, _ in s._names}
    full: dict[str, set[str]] = {}
    for name in everyone:
        if len(name.split()) > 1:
            full.setdefault(name.split()[-1], set()).add(name)
    for name in named:
        words = name.split()
        for cut in range(1, len(words)):
            if all(w.rstrip(".") in designators for w in words[cut:]):
                full.setdefault(" ".join(words[:cut]), set()).add(name)
    for s in signatures.values():
        for description, name in s.introduces:
            full.setdefault(description, set()).add(name)
    table = {short: next(iter(longs)) for short, longs in full.items() if len(longs) == 1}
    # "Google Glass", "Apple Watch" beside "Google", "Apple" in the ledger: a thing of that maker, not a person.
    alone = {name for name in named if " " not in name}
    things = {name for name in named if " " in name and name.split()[0] in alone and name.split()[0] not in table}
    people_only = {name for name, o in v.outcomes.items() if o.people_only}

    def fix(names: frozenset[str]) -> frozenset[str]:
        return frozenset(table.get(n, n) for n in names)

    def held(o: AssertedOutcome) -> AssertedOutcome | None:
        holders = fix(o.holders)
        if o.set in people_only:
            holders -= things
        return replace(o, holders=holders) if holders else None

    out = {}
    for key, s in signatures.items():
        out[key] = replace(
            s,
            people=fix(s.people - things) | frozenset(table[n] for n, cls in s._names if cls == "name" and n in table
                                            and table[n] in everyone),
            participants=fix(s.participants),
            agents=fix(s.agents),
            patients=fix(s.patients),
            actors=fix(s.actors),
            outcomes=tuple(o for o in map(held, s.outcomes) if o is not None),
            identities=tuple((table.get(a, a), table.get(b, b)) for a, b in s.identities),
            assertions=tuple(replace(x, names=fix(x.names), is_name=table.get(x.is_name, x.is_name),
                                     role_of=fix(x.role_of)) for x in s.assertions),
        )
    return out


def _party_table(v: EventVocabulary) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for country in v.countries.values():
        words = [country.name, *country.aliases, *country.demonyms, *country.capitals]
        table.setdefault(country.name.lower(), []).extend(w.lower() for w in words)
    return {k: tuple(dict.fromkeys(w)) for k, w in table.items()}


# Countries and the words that stand for them, and kinds of event by their words: views of the default vocabulary
# kept for callers that read them (extend factcheck/data/*.yaml, not these); made on first use, as the countries are.
@cache
def _views() -> dict[str, dict[str, tuple[str, ...]]]:
    return {
        "PARTIES": _party_table(DEFAULT_EVENT_VOCABULARY),
        "EVENT_KINDS": {name: tuple(kind.words) for name, kind in DEFAULT_EVENT_VOCABULARY.kinds.items()},
    }


def __getattr__(name: str) -> dict[str, tuple[str, ...]]:
    """PARTIES and EVENT_KINDS, made on first use."""
    if name in ("PARTIES", "EVENT_KINDS"):
        return _views()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------- as text, for the cache

# Fields of EventSignature by how they are written: sets as sorted lists, pairs as lists; the rest are scalars.
_SET_FIELDS = frozenset(
    {"parties", "description", "people", "participants", "organisations", "places", "agents", "patients", "actors"}
)
_PAIR_FIELDS = frozenset({"identities", "introduces", "_names"})


def dump_signature(signature: EventSignature) -> str:
    """A signature as JSON, which load_signature reads back equal; raises TypeError for a field it cannot write."""
    out: dict[str, object] = {}
    for f in fields(EventSignature):
        value = getattr(signature, f.name)
        if f.name in _SET_FIELDS:
            value = sorted(value)
        elif f.name in _PAIR_FIELDS:
            value = [list(pair) for pair in value]
        elif f.name == "outcomes":
            value = [[o.set, o.value, sorted(o.holders), o.words, o.object] for o in value]
        elif f.name == "measures":
            value = [_dump_measure(m) for m in value]
        elif f.name == "assertions":
            value = [
                {**{g.name: getattr(x, g.name) for g in fields(Assertion)},
                 **{name: sorted(getattr(x, name)) for name in ("subject", "names", "object", "role", "role_of")},
                 "measures": [_dump_measure(m) for m in x.measures]}
                for x in value
            ]
        elif f.name == "predications":
            value = [[sorted(subject), sorted(what), negated, said] for subject, what, negated, said in value]
        elif value is not None and not isinstance(value, str | bool):  # a new kind of field: write it here
            raise TypeError(f"EventSignature.{f.name}: cannot write {type(value).__name__}")
        out[f.name] = value
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def _dump_measure(m: Measure) -> list[object]:
    return [m.dimension, m.value, m.words, m.measured, m.added, m.definite, m.high]


def load_signature(text: str) -> EventSignature:
    """A signature from dump_signature's JSON; raises ValueError when the text is not one."""
    try:
        data = json.loads(text)
        for name in _SET_FIELDS:
            data[name] = frozenset(data[name])
        for name in _PAIR_FIELDS:
            data[name] = tuple(tuple(pair) for pair in data[name])
        data["outcomes"] = tuple(
            AssertedOutcome(kind, value, frozenset(holders), words, of)
            for kind, value, holders, words, of in data["outcomes"]
        )
        data["measures"] = tuple(Measure(*row) for row in data["measures"])
        data["assertions"] = tuple(
            Assertion(**{**row, **{name: frozenset(row[name]) for name in ("subject", "names", "object", "role",
                                                                            "role_of")},
                         "measures": tuple(Measure(*m) for m in row["measures"])})
            for row in data["assertions"]
        )
        data["predications"] = tuple(
            (frozenset(subject), frozenset(what), negated, said)
            for subject, what, negated, said in data["predications"]
        )
        return EventSignature(**data)
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"not an event signature: {exc}") from None
