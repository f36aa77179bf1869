"""The vocabulary events are read with (kinds, modes, outcomes, measures, names, countries), as data.

The defaults ship as package data (factcheck/data/events.yaml and countries.yaml) and are loaded once. Both files are
tables of factcheck/vocabulary.py, so a project's rules/events.yaml and rules/countries.yaml extend them by its
generic merge (lists appended, dicts merged by key); every field is a scalar, a list, or a dict of lists or of
sub-models built the same way, so that merge can extend any of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import pycountry
from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

from factcheck.fastyaml import load_fast

# The country names laid under countries.yaml come from pycountry: caches of what was read with them name its version.
PYCOUNTRY_VERSION: str = getattr(pycountry, "__version__", "")


class _Vocab(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventKind(_Vocab):
    """One kind of event: the words (lemma forms) that name it and whether it happens once for its participants."""

    about: str = ""
    words: list[str] = Field(default_factory=list)
    one_off: bool = False  # a death, an acquisition of one thing, a launch of one product: once for its participants
    # Told apart by the words that name them ("defence cooperation agreement" vs "military-technical accord")
    # rather than by who undergoes them: the kinds the restatement rule compares.
    named_by_description: bool = False
    per_place: bool = False  # once per market or country: a launch in China and one in the US are two
    undergone_by_people: bool = False  # a death: once for a person, not for a group or a place ("al-Shabaab fighters")
    rank: int = 0  # when a claim names several kinds, the highest rank is its event ("the accord signed on a visit")
    examples: list[str] = Field(default_factory=list)  # claim sentences that read as this kind (each one is tested)


class OutcomeSet(_Vocab):
    """Outcomes that exclude each other for one participant (dead or alive; in the role or out of it)."""

    about: str = ""
    values: dict[str, list[str]] = Field(default_factory=dict)
    lasting: str = ""  # the value that, once reached, excludes the others at every later time ("dead")
    context: bool = False  # compared only when the claims share another participant too (the role, the office)
    one_holder: list[str] = Field(default_factory=list)  # values one participant alone has in a context ("won")
    # Words whose holder in the active voice is their object ("fighters captured X": X is held, not the fighters).
    transitive: list[str] = Field(default_factory=list)
    people_only: bool = False  # only people hold it: "Google Glass died" is a figure of speech, not a death
    relation: bool = False  # "a former wife of X", "X's wife": the holder is the one it is said of, X the context
    examples: list[str] = Field(default_factory=list)  # "value: sentence", each one tested


class Unit(_Vocab):
    """A unit of measure: its words and its size in the dimension's base unit (metres, kilograms, ...)."""

    base: str = ""  # required of every unit once merged (vocabulary.py checks it): a project may add words alone
    factor: float = 1.0
    words: list[str] = Field(default_factory=list)
    dimensions: list[str] = Field(default_factory=list)  # what it measures (any when empty): depth, width, ...


class CountryWords(_Vocab):
    """The words that stand for one country beside pycountry's names: its short name, aliases, demonyms, capitals."""

    name: str = ""  # the name shown in reasons ("Russia", not "Russian Federation")
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)


class Opposites(_Vocab):
    """Words that say a thing is so (`positive`) and words that say it is not (`negative`): "genuine", "fake"."""

    positive: list[str] = Field(min_length=1)
    negative: list[str] = Field(min_length=1)


class EventWords(_Vocab):
    """events.yaml: the words events are read with; a project extends it with rules/events.yaml."""

    kinds: dict[str, EventKind] = Field(default_factory=dict)
    stages: list[str] = Field(default_factory=list)  # "completed its acquisition": a stage, not another date
    # "an interim nuclear deal" and "a nuclear deal": words that tell two instruments of one kind apart
    distinct_modifiers: list[str] = Field(default_factory=list)
    modes: dict[str, list[str]] = Field(default_factory=dict)  # denied / rumoured / planned -> cue phrases
    # "X said ...", "according to X": a claim about a statement, whatever the statement says of the event.
    statements: list[str] = Field(default_factory=list)
    reports: list[str] = Field(default_factory=list)  # the same, before "that" or ending it ("as X announced")
    unconfirmed: list[str] = Field(default_factory=list)  # "has not confirmed", "not aware of": about the report
    # "the woman detained" in one claim is "Saja al-Dulaimi" when another says "detained a woman named Saja al-Dulaimi"
    person_nouns: list[str] = Field(default_factory=list)
    added_words: list[str] = Field(default_factory=list)  # "14 more officers": a count added to another, not a rival
    outcomes: dict[str, OutcomeSet] = Field(default_factory=dict)
    measures: dict[str, list[str]] = Field(default_factory=dict)  # dimension -> the words that name it
    unitless_measures: dict[str, list[str]] = Field(default_factory=dict)  # dimension -> "aged #", "#-year-old"
    units: dict[str, Unit] = Field(default_factory=dict)
    numbers: list[str] = Field(default_factory=list)  # number words, by value: zero, one, two, ...
    titles: list[str] = Field(default_factory=list)  # stripped from names: "Gen", "Foreign Minister"
    organisations: dict[str, list[str]] = Field(default_factory=dict)  # canonical name -> aliases
    organisation_words: list[str] = Field(default_factory=list)  # "Inc", "Council": a name with one is no person
    member_words: list[str] = Field(default_factory=list)  # "Boko Haram leader": a name before one is a body
    name_suffixes: list[str] = Field(default_factory=list)  # "Inc", "Center": written with or without
    place_words: list[str] = Field(default_factory=list)  # "City", "Airport": a name with one is a place
    not_names: list[str] = Field(default_factory=list)  # capitalised words that start no name ("The", "October")
    offices: list[str] = Field(default_factory=list)  # offices one person holds at a time
    identities: list[str] = Field(default_factory=list)  # "identified as": one person (or thing) is one identity
    irregular_verbs: dict[str, list[str]] = Field(default_factory=dict)  # base -> past forms: "steal": [stole, stolen]
    opposites: dict[str, Opposites] = Field(default_factory=dict)  # "the video was fake" says it was not genuine


class EventVocabulary(EventWords):
    """Everything read_event and the conflict rules know about words: events.yaml's and the countries'."""

    countries: dict[str, CountryWords] = Field(default_factory=dict)  # by ISO 3166 alpha-2 code


def event_vocabulary(events: Mapping[str, Any], countries: Mapping[str, Any]) -> EventVocabulary:
    """The vocabulary from events.yaml's data and countries.yaml's `countries`, with pycountry's names laid under."""
    return EventVocabulary.model_validate({**events, "countries": _with_pycountry(countries)})


@functools.cache
def package_yaml(name: str) -> dict[str, Any]:
    """A data file the package ships (`events.yaml`), parsed once: tested files, so libyaml, or the safe loader for
    what libyaml must leave to ruamel.yaml (fastyaml's rule; tests/test_eventvocab.py shows both read them alike)."""
    text = resources.files("factcheck").joinpath(f"data/{name}").read_text(encoding="utf-8")
    fast = load_fast(text)
    return (fast.data if fast is not None else YAML(typ="safe").load(text)) or {}


def _with_pycountry(countries: Mapping[str, Any]) -> dict[str, Any]:
    """Every country pycountry knows, with its ISO names as aliases, laid under the data file's entries."""
    out: dict[str, Any] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names = [n for n in names if n and "," not in n and "(" not in n]  # "Korea, Republic of" is no way to write it
        row = dict(countries.get(country.alpha_2) or {})
        row.setdefault("name", getattr(country, "common_name", None) or names[0] if names else country.name)
        row["aliases"] = [*row.get("aliases", []), *(n for n in names if n not in row.get("aliases", []))]
        out[country.alpha_2] = row
    for code, row in countries.items():
        out.setdefault(code, row)  # Kosovo and others pycountry does not list
    return out


class _PackageCountries(Mapping[str, CountryWords]):
    """The package's countries (countries.yaml with pycountry's names), read on first use: only reading a text needs
    them, and a check whose claims' events are cached reads none (it saves parsing countries.yaml)."""

    @functools.cached_property
    def _table(self) -> dict[str, CountryWords]:
        rows = _with_pycountry(package_yaml("countries.yaml").get("countries", {}))
        return EventVocabulary.model_validate({"countries": rows}).countries

    def __getitem__(self, code: str) -> CountryWords:
        return self._table[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


@functools.cache
def _default() -> EventVocabulary:
    # Validated as event_vocabulary validates it, the countries apart and when first read.
    words = EventWords.model_validate(package_yaml("events.yaml"))
    return EventVocabulary.model_construct(
        **{name: getattr(words, name) for name in EventWords.model_fields}, countries=_PackageCountries()
    )


def __getattr__(name: str) -> EventVocabulary:
    """DEFAULT_EVENT_VOCABULARY, the package's vocabulary, built on first use: a command that reads no event
    (vocabulary.py imports this module for every table) does not pay for it."""
    if name == "DEFAULT_EVENT_VOCABULARY":
        return _default()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
