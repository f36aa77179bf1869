"""Event signatures on any topic: the vocabulary as data (a test per row), names, modes, outcomes and measures."""

from __future__ import annotations

import typing
from importlib import resources

import pycountry
import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML

from factcheck.events import read_event, resolve_names
from factcheck.eventvocab import DEFAULT_EVENT_VOCABULARY, EventVocabulary, package_yaml
from factcheck.fastyaml import load_fast
from factcheck.vocabulary import load_vocabulary, merge_table

V = DEFAULT_EVENT_VOCABULARY

# ---------------------------------------------------------------- every row of events.yaml does what it says


@pytest.mark.parametrize(
    ("kind", "example"), [(name, example) for name, kind in V.kinds.items() for example in kind.examples]
)
def test_every_kind_example_reads_as_its_kind(kind: str, example: str) -> None:
    assert read_event(example).kind == kind


def test_every_kind_has_examples_and_the_vocabulary_is_broad() -> None:
    assert [name for name, kind in V.kinds.items() if not kind.examples] == []
    assert {"instrument", "visit", "release", "acquisition", "death", "arrest", "election", "ban", "approval",
            "casting", "departure", "appointment"} <= set(V.kinds)


@pytest.mark.parametrize(
    ("outcome_set", "example"), [(name, e) for name, o in V.outcomes.items() for e in o.examples]
)
def test_every_outcome_example_reads_as_its_value(outcome_set: str, example: str) -> None:
    value, sentence = example.split(": ", 1)
    assert (outcome_set, value) in {(o.set, o.value) for o in read_event(sentence).outcomes}


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("The foreign office denied that Pakistan and Russia had signed a new defence treaty.", "denied"),
        ("Reports that Pakistan and Russia signed a treaty are false.", "untrue"),
        ("The ministry dismissed reports of a new defence pact with Russia.", "denied"),
        ("An earlier hoax, in April 2014, also claimed Macaulay Culkin had been found dead.", "untrue"),
        ("Apple is rumoured to release the Apple Watch in March 2015.", "rumoured"),
        ("Google reportedly bought the campus in 2014.", "rumoured"),
        ("The Apple Watch will go on sale in April 2015.", "planned"),
        ("Seth Rogen was set to play Steve Wozniak.", "planned"),
        ("The Apple Watch went on sale in April 2015.", "happened"),
        ("In November 2014 Christian Bale withdrew from the role, deciding he was not right for it.", "happened"),
    ],
)
def test_what_a_claim_asserts_of_its_event(text: str, mode: str) -> None:
    assert read_event(text).mode == mode


# ---------------------------------------------------------------- countries, people, organisations


def test_every_country_pycountry_knows_is_a_party_by_its_name() -> None:
    unread = [
        c.alpha_2 for c in pycountry.countries
        if not read_event(f"Officials met in {V.countries[c.alpha_2].name} on Monday.").parties
    ]
    assert unread == []


@pytest.mark.parametrize(
    ("code", "row"), [(code, row) for code, row in V.countries.items() if row.demonyms or row.capitals]
)
def test_demonyms_and_capitals_stand_for_their_country(code: str, row: typing.Any) -> None:
    for word in [*row.demonyms[:1], *row.capitals[:1]]:
        assert read_event(f"The {word} delegation arrived on Monday.").parties == {row.name.lower()}, word


def test_brazil_and_argentina_are_parties_without_a_table_of_seven() -> None:
    event = read_event("Brazil and Argentina signed a defence cooperation agreement in 2015.")
    assert (set(event.parties), event.kind) == ({"brazil", "argentina"}, "instrument")


def test_a_name_that_holds_a_capital_is_a_person_not_the_country() -> None:
    event = read_event("Paris Hilton met Michael Jordan in Paris.")
    assert set(event.parties) == {"france"}
    assert {"Paris Hilton", "Michael Jordan"} <= event.people


def test_people_by_full_name_with_titles_stripped_and_surnames_resolved_in_the_ledger() -> None:
    signatures = resolve_names({
        "a": read_event("Gen Qamar Javed Bajwa, Pakistan's army chief, visited Moscow in April 2018."),
        "b": read_event("Col Gen Oleg Salyukov told Gen Bajwa that Russia was keen to expand ties."),
        "c": read_event("National Security Adviser Lt Gen (retd) Nasser Khan Janjua met Russian Security Council "
                        "Secretary Nikolai Patrushev."),
    })
    assert "Qamar Javed Bajwa" in signatures["a"].people
    assert signatures["b"].people == {"Oleg Salyukov", "Qamar Javed Bajwa"}
    assert {"Nasser Khan Janjua", "Nikolai Patrushev"} <= signatures["c"].people
    assert "Security Council" in signatures["c"].organisations


def project_events(tmp_path, **files: str) -> EventVocabulary:
    """The event vocabulary of a project whose rules/ holds these files."""
    (tmp_path / "rules").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / "rules" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_vocabulary(tmp_path / "rules").events


def test_organisations_are_read_and_a_project_can_add_an_alias(tmp_path) -> None:
    text = "Gazprom and CNPC signed a gas supply deal in May 2014."
    assert {"Gazprom", "CNPC"} <= read_event(text).participants
    extended = project_events(tmp_path, events="organisations:\n  China National Petroleum Corporation: [CNPC]\n")
    assert "China National Petroleum Corporation" in read_event(text, extended).organisations


def test_a_project_can_add_an_event_kind_and_a_countrys_word(tmp_path) -> None:
    text = "Chelsea completed the transfer of Cesc Fabregas in June 2014."
    assert read_event(text).kind is None
    extended = project_events(
        tmp_path,
        events="kinds:\n  transfer:\n    one_off: true\n    words: [transfer, transfers, signed for]\n"
        "  death:\n    words: [perished]\n",
        countries="countries:\n  GB: {aliases: [Blighty]}\n",
    )
    assert read_event(text, extended).kind == "transfer"
    # the merge extends lists and dicts: the defaults are all still there, an existing kind keeps its words
    assert set(V.kinds) < set(extended.kinds)
    assert extended.kinds["death"].words == [*V.kinds["death"].words, "perished"]
    assert extended.kinds["death"].one_off == V.kinds["death"].one_off
    assert read_event("The Blighty delegation arrived.", extended).parties == {"united kingdom"}
    assert (extended.countries["GB"].demonyms, extended.countries["GB"].capitals) == (
        V.countries["GB"].demonyms, V.countries["GB"].capitals)
    assert merge_table({"kinds": {"death": {"words": ["died"], "rank": 0}}},
                       {"kinds": {"death": {"words": ["perished"], "rank": 2}}}) == {
        "kinds": {"death": {"words": ["died", "perished"], "rank": 2}}}


def _shapes(model: type[BaseModel]) -> list[str]:
    """Fields that a generic merge could not extend: anything but scalars, lists, and dicts of lists or models."""
    bad = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in (str, int, float, bool):
            continue
        if origin is list and args[0] in (str, int, float, bool):
            continue
        if origin is dict and args[0] is str:
            value = args[1]
            if typing.get_origin(value) is list:
                continue
            if isinstance(value, type) and issubclass(value, BaseModel):
                bad.extend(f"{model.__name__}.{name}.{b}" for b in _shapes(value))
                continue
        bad.append(f"{model.__name__}.{name}: {annotation}")
    return bad


def test_the_vocabulary_holds_only_what_a_generic_merge_can_extend() -> None:
    assert _shapes(EventVocabulary) == []


def test_a_name_without_its_suffix_is_the_ledgers_full_name_and_an_ambiguous_surname_stays_short() -> None:
    signatures = resolve_names({
        "full": read_event("In 2014 Google bought six buildings at Pacific Shores Center."),
        "short": read_event("Google bought the whole Pacific Shores campus in 2014."),
        "christian": read_event("Christian Bale withdrew from the role in 2014."),
        "gareth": read_event("Gareth Bale joined Real Madrid in 2013."),
        "bale": read_event("Gen Bale visited Madrid."),
    })
    assert "Pacific Shores Center" in signatures["short"].participants
    assert signatures["bale"].people == {"Bale"}  # Christian or Gareth: the ledger does not say


def test_the_package_vocabulary_read_on_first_use_is_the_one_its_files_make() -> None:
    from factcheck.eventvocab import event_vocabulary, package_yaml

    built = event_vocabulary(package_yaml("events.yaml"), package_yaml("countries.yaml")["countries"])
    assert dict(V.countries) == built.countries and len(V.countries) >= len(pycountry.countries)
    assert V == built  # every field, the countries (read when first asked for) among them


# ---------------------------------------------------------------- package data read with libyaml


def _typed(value: object) -> object:
    """A value with the type of every part spelled out: 1, 1.0 and True are three things here."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


@pytest.mark.parametrize("name", ["events.yaml", "countries.yaml", "temporal.yaml", "wording.yaml", "synonyms.yaml",
                                  "non_article.yaml", "tracing.yaml", "weights.yaml"])
def test_package_data_reads_as_the_safe_loader_reads_it(name: str) -> None:
    text = resources.files("factcheck").joinpath(f"data/{name}").read_text(encoding="utf-8")
    assert _typed(package_yaml(name)) == _typed(YAML(typ="safe").load(text) or {})


def test_the_event_tables_are_read_by_libyaml() -> None:
    for name in ("events.yaml", "countries.yaml"):  # 20 ms each with ruamel.yaml, read by every check that scores
        assert load_fast(resources.files("factcheck").joinpath(f"data/{name}").read_text(encoding="utf-8"))
