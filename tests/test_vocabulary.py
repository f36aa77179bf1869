"""Vocabulary as data: the package's tables, a test per row that has a behaviour, a project's rules/ files (how
they extend or replace a table, every error they can hold), and what `check` says it loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.discovery import search_terms
from factcheck.models import SourceMeta
from factcheck.origins import traced_primary
from factcheck.project import ProjectPaths, check_project, suggest_evidence
from factcheck.sources import find_non_article, hash_body
from factcheck.vocabulary import (
    DATA_DIR,
    TABLES,
    InvalidVocabularyError,
    load_vocabulary,
    merge_table,
    package_table,
    package_vocabulary,
)
from factcheck.wording import read_wording

runner = CliRunner()

# ---------------------------------------------------------------- the package's tables


def test_every_table_has_its_package_file_and_no_other_file_is_there() -> None:
    assert sorted(p.stem for p in DATA_DIR.glob("*.yaml") if p.stem in TABLES) == sorted(TABLES)
    for name in TABLES:
        table = package_table(name)
        # The package file spells out every field: a table is never silently its model's defaults.
        assert set(table.model_fields_set) == set(type(table).model_fields) - {"replace"}, name


WORDING = package_table("wording").rules


@pytest.mark.parametrize("row", WORDING, ids=lambda r: f"{r.cue}:{r.explanation}")
def test_each_wording_cue_fires_on_its_examples(row) -> None:
    assert row.examples, "every cue shows what it matches"
    for example in row.examples:
        found = [(f.cue, f.explanation) for f in read_wording(example)]
        assert (row.cue, row.explanation) in found, example


NON_ARTICLE = package_table("non_article").rules


@pytest.mark.parametrize("row", NON_ARTICLE, ids=lambda r: r.reason)
def test_each_non_article_rule_marks_its_examples(row) -> None:
    assert row.examples
    for example in row.examples:
        regions, _ = find_non_article(example.text, SourceMeta(id="x"))
        marked = [example.text[r.start :] for r in regions if r.reason == row.reason]
        assert marked and marked[0].startswith(example.starts_with), example.text


TRACING = package_table("tracing").rules


@pytest.mark.parametrize("row", TRACING, ids=lambda r: r.pattern)
def test_each_tracing_rule_traces_its_examples(row) -> None:
    assert row.examples
    for example in row.examples:
        traced = traced_primary(example.text)
        assert (traced[0] if traced else None) == example.primary, example.text


SYNONYMS = package_table("synonyms").rows


@pytest.mark.parametrize("row", SYNONYMS, ids=lambda r: r[0])
def test_each_synonym_row_brings_in_the_whole_row(row: list[str]) -> None:
    for word in row:
        assert set(row) <= set(search_terms(f"They spoke of the {word} at length")), word


def test_the_weights_add_up_to_one() -> None:
    assert sum(package_table("weights").weights.values()) == pytest.approx(1)


# ---------------------------------------------------------------- merging


def test_a_project_table_extends_the_package_one() -> None:
    base = {"rules": [{"a": 1}], "fragments": {"X": "x", "L": ["a"]}, "share": 0.5}
    extra = {"rules": [{"b": 2}], "fragments": {"Y": "y", "X": "z", "L": ["b"]}, "share": 0.7}
    assert merge_table(base, extra) == {
        "rules": [{"a": 1}, {"b": 2}],  # rows appended
        "fragments": {"X": "z", "L": ["a", "b"], "Y": "y"},  # merged by key, list values concatenated
        "share": 0.7,
    }
    assert base["rules"] == [{"a": 1}], "the package's data is not changed"


def write_rules(root: Path, **files: str) -> Path:
    rules = root / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (rules / f"{name}.yaml").write_text(text, encoding="utf-8")
    return rules


def test_no_rules_folder_is_the_package_vocabulary(tmp_path: Path) -> None:
    assert load_vocabulary(tmp_path / "rules") is package_vocabulary()
    assert load_vocabulary(None).files == ()


def test_a_project_row_is_added_and_changes_the_fingerprint(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, synonyms="rows:\n  - [acquired, bought, takeover]\n")
    vocabulary = load_vocabulary(rules, lambda p: p.relative_to(tmp_path).as_posix())
    assert vocabulary.synonyms.rows[: len(SYNONYMS)] == SYNONYMS
    assert vocabulary.synonyms.rows[-1] == ["acquired", "bought", "takeover"]
    assert vocabulary.wording is package_table("wording")  # tables the project leaves alone are the package's
    assert vocabulary.fingerprint != package_vocabulary().fingerprint
    assert vocabulary.summary() == "rules: rules/synonyms.yaml (+1 row)"
    assert "takeover" in search_terms("Acme acquired Widget Works", synonyms=vocabulary.synonyms)
    assert "takeover" not in search_terms("Acme acquired Widget Works")


def test_replace_true_replaces_the_package_table(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, synonyms="replace: true\nrows:\n  - [acquired, bought]\n")
    vocabulary = load_vocabulary(rules, lambda p: p.relative_to(tmp_path).as_posix())
    assert vocabulary.synonyms.rows == [["acquired", "bought"]]
    assert vocabulary.summary() == "rules: rules/synonyms.yaml (replaces the package table: 1 row)"
    assert "treaty" not in search_terms("The agreement was signed", synonyms=vocabulary.synonyms)


def test_a_project_time_rule_reads_what_the_package_does_not(tmp_path: Path) -> None:
    from factcheck.temporal import find_times

    rules = write_rules(tmp_path, temporal=TIME_RULE)
    vocabulary = load_vocabulary(rules)
    assert [m.value for m in find_times("Acme bought it in April/2015.", None)] == []
    found = find_times("Acme bought it in April/2015.", None, rules=vocabulary.temporal)
    assert [(m.text, m.value, m.precision) for m in found] == [("April/2015", "2015-04", "month")]
    # The package's rules still read as before, ahead of the project's.
    assert [m.value for m in find_times("On April 24, 2018.", None, rules=vocabulary.temporal)] == ["2018-04-24"]


def test_a_project_time_rule_may_open_with_any_word(tmp_path: Path) -> None:
    from factcheck.temporal import find_times

    # "anno" opens no package rule, so the scan's prefilter must learn to stop there too.
    rule = "rules:\n  - name: anno\n    pattern: 'anno\\s+(?P<year>{YEAR4})'\n    resolver: year\n"
    vocabulary = load_vocabulary(write_rules(tmp_path, temporal=rule))
    found = find_times("Founded anno 1911 in Turin.", None, rules=vocabulary.temporal)
    assert [(m.text, m.value) for m in found] == [("anno 1911", "1911")]
    assert [(m.text, m.value) for m in find_times("Founded anno 1911 in Turin.", None)] == [("1911", "1911")]


def test_a_project_fragment_replaces_the_package_one_in_every_rule_that_uses_it(tmp_path: Path) -> None:
    import datetime as dt

    from factcheck.temporal import find_times

    zone = package_table("temporal").fragments["ZONE"].replace("|PKT)", "|PKT|WIB)")
    vocabulary = load_vocabulary(write_rules(tmp_path, temporal=f"fragments:\n  ZONE: '{zone}'\n"))
    text, published = "It struck at 10 a.m. WIB on Friday.", dt.date(2018, 4, 25)
    assert [m.text for m in find_times(text, published)] == ["10 a.m.", "Friday"]
    found = find_times(text, published, rules=vocabulary.temporal)
    assert [(m.text, m.value) for m in found] == [("10 a.m. WIB on Friday", "2018-04-20T10:00")]


# ---------------------------------------------------------------- a project on another beat

CUE = """rules:
  - cue: hedge
    pattern: '\\binsiders whispered\\b'
    explanation: "hedged ('insiders whispered')"
    examples:
      - "The merger is off, insiders whispered."
"""
TIME_RULE = """rules:
  - name: month_slash_year
    pattern: '(?P<month>{MONTH})/(?P<year>{YEAR4})'
    resolver: month_year
"""
CLAIM = "acme-buys-widget"


def source_file(root: Path, source_id: str, publisher: str, published: str, body: str) -> None:
    front = (f"---\nid: {source_id}\npublisher: {publisher}\npublished: {published}\nreliability: B\n"
             f'sha256: "{hash_body(body)}"\n---\n')
    (root / "sources" / f"{source_id}.md").write_text(front + body, encoding="utf-8")


@pytest.fixture
def beat(tmp_path: Path) -> Path:
    """A project on company deals: one claim, its source, and a wire story that says 'takeover'."""
    root = tmp_path / "beat"
    (root / "sources").mkdir(parents=True)
    source_file(root, "acme-news", "Trade Weekly", "2015-06-01",
                "Acme Corp acquired Widget Works in April/2015, insiders whispered at the trade fair.\n\n"
                "The deal makes Acme the largest maker of widgets in Europe.\n")
    source_file(root, "brussels-wire", "Brussels Wire", "2015-06-05",
                "The takeover closed on Friday after regulators in Brussels gave their approval.\n")
    (root / "claims.yaml").write_text(
        f"claims:\n  - id: {CLAIM}\n    text: Acme Corp acquired Widget Works in April/2015.\n    evidence:\n"
        "      - source: acme-news\n        quote: Acme Corp acquired Widget Works in April/2015\n"
        "        stance: supports\n",
        encoding="utf-8",
    )
    return root


def report_claim(root: Path) -> dict:
    result = runner.invoke(app, ["report", "--project", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["claims"][0]


def test_a_wording_cue_in_rules_changes_the_grade_and_its_reason(beat: Path) -> None:
    before = report_claim(beat)
    assert (before["verdict"], before["credibility"]) == ("supported", 2)
    write_rules(beat, wording=CUE)
    after = report_claim(beat)
    assert (after["verdict"], after["credibility"]) == ("unverified", 4)
    assert after["reasons"][0] == "support is only hedged, speculative, anonymous, planned or undetailed"
    assert "hedged ('insiders whispered'): \"insiders whispered\"" in after["reasons"][1]


def test_a_time_rule_added_between_two_runs_is_read_not_the_cached_times(beat: Path) -> None:
    paths = ProjectPaths.at(beat)
    assert check_project(paths).claim_times[CLAIM].label == ""  # the package reads no date in "April/2015"
    write_rules(beat, temporal=TIME_RULE)
    assert check_project(paths).claim_times[CLAIM].label == "2015-04"
    (beat / "rules" / "temporal.yaml").unlink()
    assert check_project(paths).claim_times[CLAIM].label == ""


def test_a_synonym_row_in_rules_finds_evidence_in_other_words(beat: Path) -> None:
    def suggested() -> list[str]:
        return [s.source for s in suggest_evidence(ProjectPaths.at(beat))[CLAIM]]

    assert "brussels-wire" not in suggested()
    write_rules(beat, synonyms="rows:\n  - [acquired, takeover]\n")
    assert "brussels-wire" in suggested()


def test_check_says_which_rules_files_it_loaded(beat: Path) -> None:
    plain = runner.invoke(app, ["check", "--project", str(beat)])
    assert plain.stderr == "1 claims checked: 0 errors, 0 warnings, 0 open conflicts, 0 resolved\n"
    assert "rules" not in json.loads(runner.invoke(app, ["check", "--project", str(beat), "-f", "json"]).stdout)
    write_rules(beat, wording=CUE, synonyms="rows:\n  - [acquired, takeover]\n")
    result = runner.invoke(app, ["check", "--project", str(beat)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "rules: rules/wording.yaml (+1 wording cue), rules/synonyms.yaml (+1 row)"
    data = json.loads(runner.invoke(app, ["check", "--project", str(beat), "--format", "json"]).stdout)
    assert data["rules"] == [
        {"path": "rules/wording.yaml", "table": "wording", "replace": False, "added": {"wording cue": 1}},
        {"path": "rules/synonyms.yaml", "table": "synonyms", "replace": False, "added": {"row": 1}},
    ]


# ---------------------------------------------------------------- a project's own event words (football)

ALIAS = "organisations:\n  Tottenham Hotspur: [Spurs]\n"
TRANSFER = "kinds:\n  transfer:\n    one_off: true\n    words: [transfer, transfers, transferred]\n"
FOOTBALL_CLAIMS = {
    "spurs-globex": "Tottenham Hotspur was bought by Globex in March 2015.",
    "spurs-hooli": "Spurs were bought by Hooli in March 2015.",  # the club by its nickname, another buyer
    "bale-2013": "Gareth Bale transferred to Real Madrid in September 2013.",
    "bale-2012": "Gareth Bale transferred to Real Madrid in July 2012.",  # one transfer, another date
}


def conflicts_found(root: Path) -> tuple[int, list[dict], dict[frozenset[str], str]]:
    """check's exit code, the rules files it says it loaded and its conflicts (claim ids -> reason)."""
    result = runner.invoke(app, ["check", "--project", str(root), "--format", "json"])
    data = json.loads(result.stdout)
    return result.exit_code, data.get("rules", []), {frozenset(c["claims"]): c["reason"] for c in data["conflicts"]}


@pytest.mark.slow
def test_a_club_alias_and_a_transfer_kind_in_rules_events_find_conflicts_the_package_cannot(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()  # claims alone: conflicts between claims are read from their text
    (tmp_path / "claims.yaml").write_text(
        "claims:\n" + "".join(f"  - id: {cid}\n    text: {text}\n" for cid, text in FOOTBALL_CLAIMS.items()),
        encoding="utf-8",
    )
    alias, transfer = frozenset({"spurs-globex", "spurs-hooli"}), frozenset({"bale-2013", "bale-2012"})
    code, _, found = conflicts_found(tmp_path)
    assert (code, found) == (0, {})  # "Spurs" is not known to be the club; a transfer is no event the package knows
    write_rules(tmp_path, events=ALIAS)  # between two runs on one cache: the rules are read, not cached results
    code, rules, found = conflicts_found(tmp_path)
    assert (code, rules[0]["added"], list(found)) == (1, {"organisation": 1}, [alias])
    assert "Globex" in found[alias] and "Hooli" in found[alias]
    write_rules(tmp_path, events=ALIAS + TRANSFER)
    code, rules, found = conflicts_found(tmp_path)
    assert (code, rules[0]["added"], set(found)) == (1, {"event kind": 1, "organisation": 1}, {alias, transfer})
    assert "transfer" in found[transfer] and "2013-09" in found[transfer] and "2012-07" in found[transfer]
    vocabulary = load_vocabulary(tmp_path / "rules", lambda p: p.relative_to(tmp_path).as_posix())
    assert vocabulary.summary() == "rules: rules/events.yaml (+1 event kind, +1 organisation)"


def test_an_opposite_and_an_irregular_verb_in_rules_events_find_conflicts_the_package_cannot(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    claims = {
        "sober": "The driver in the crash was sober.",
        "drunk": "The driver in the crash was drunk.",  # an opposite the package does not know
        "slew": "Sir Lancelot slew the dragon in 1215.",
        "not-slain": "Sir Lancelot did not slay the dragon in 1215.",  # an old past form the package does not know
    }
    (tmp_path / "claims.yaml").write_text(
        "claims:\n" + "".join(f"  - id: {cid}\n    text: {text}\n" for cid, text in claims.items()), encoding="utf-8")
    assert conflicts_found(tmp_path)[::2] == (0, {})
    write_rules(tmp_path, events="opposites:\n  sobriety:\n    positive: [sober]\n    negative: [drunk]\n"
                "irregular_verbs:\n  slay: [slew, slain]\n")
    code, rules, found = conflicts_found(tmp_path)
    assert (code, set(found)) == (1, {frozenset({"sober", "drunk"}), frozenset({"slew", "not-slain"})})
    assert "sober" in found[frozenset({"sober", "drunk"})] and "did not slay" in found[frozenset({"slew", "not-slain"})]


def test_suggest_weighs_a_passage_by_the_projects_event_kinds(tmp_path: Path) -> None:
    from factcheck.discovery import Candidate, rank_candidates
    from factcheck.models import Claim
    from factcheck.timing import claim_time

    text = FOOTBALL_CLAIMS["bale-2013"]
    when = claim_time(Claim(id="bale-2013", text=text))
    passage = [Candidate("wire", 0, 60, "The Welsh winger's transfer from Tottenham was the costliest ever.", -1.0, [],
                         0.5)]
    vocabulary = load_vocabulary(write_rules(tmp_path, events=TRANSFER))
    assert rank_candidates(text, when, passage)[0].reasons == ["search rank 1"]
    (suggestion,) = rank_candidates(text, when, passage, vocabulary=vocabulary)
    assert "same kind of event (transferred≈transfer)" in suggestion.reasons
    assert suggestion.score > rank_candidates(text, when, passage)[0].score


def test_an_entry_the_package_has_already_is_counted_as_changed(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, events="kinds:\n  death:\n    words: [perished]\n  transfer:\n    words: [transfer]\n",
                        countries="countries:\n  GB: {aliases: [Blighty]}\n  XK: {demonyms: [Kosovar]}\n")
    assert load_vocabulary(rules, lambda p: p.relative_to(tmp_path).as_posix()).summary() == (
        "rules: rules/events.yaml (+1 event kind, 1 event kind changed), rules/countries.yaml (2 countries changed)")


# ---------------------------------------------------------------- every error a rules/ file can hold

BAD_FILES = [
    ("yaml syntax", "wording", "rules: [\n",
     "rules/wording.yaml:2:1: error: invalid YAML: expected the node content, but found '<stream end>' "
     "(while parsing a flow node)"),
    ("unknown key", "wording", "rules:\n  - cue: hedge\n    pattern: x\n    explanation: x\n    exmples: []\n",
     "rules/wording.yaml:5:5: error: rules[0].exmples: unknown key 'exmples'; did you mean 'examples'? allowed "
     "keys: cue, pattern, explanation, examples"),
    ("wrong type", "wording", "rules:\n  cue: hedge\n",
     "rules/wording.yaml:1:1: error: rules: must be a list (lines starting with `- `), not a mapping"),
    ("unknown cue", "wording", "rules:\n  - cue: rumour\n    pattern: x\n    explanation: x\n",
     "rules/wording.yaml:2:10: error: rules[0].cue: 'rumour' is not one of hedge, anonymous, unnamed, analyst, "
     "named, planned, no-detail, denial"),
    ("bad regex", "wording", "rules:\n  - cue: hedge\n    pattern: '\\binsiders(\\b'\n    explanation: x\n",
     "rules/wording.yaml:3:14: error: rules[0].pattern: not a valid regular expression: missing ), unterminated "
     "subpattern at position 10; fix the pattern (Python `re` syntax)"),
    ("example the cue misses", "wording",
     "rules:\n  - cue: hedge\n    pattern: whispered\n    explanation: x\n    examples: [They said so.]\n",
     "rules/wording.yaml:5:16: error: rules[0].examples[0]: the pattern does not match this example: "
     "'They said so.'; fix one of them"),
    ("unknown resolver", "temporal", TIME_RULE.replace("month_year", "month_yr"),
     "rules/temporal.yaml:4:15: error: rules[0].resolver: unknown resolver 'month_yr'; did you mean 'month_year'? "
     "known resolvers: iso, numeric, week_of_month, time, month_day, day_month, month_range, month_year, quarter, "
     "half, season, decade, century, holiday, year_range, year, ago, relative, the_year, anaphoric, relative_day, "
     "weekday, month, reference"),
    ("unknown fragment", "temporal", TIME_RULE.replace("{MONTH}", "{MONTHS}"),
     "rules/temporal.yaml:3:14: error: rules[0].pattern: unknown fragment {MONTHS}; did you mean {MONTH}? define "
     "it under `fragments:` or use a known one"),
    ("group the resolver does not read", "temporal", TIME_RULE.replace("P<year>", "P<yr>"),
     "rules/temporal.yaml:3:14: error: rules[0].pattern: resolver 'month_year' does not read the group(s) yr; it "
     "reads: mod, month, relyear, year, yy"),
    ("unknown table file", "synonym", "rows: [[a, b]]\n",
     "rules/synonym.yaml: error: not a vocabulary file: did you mean synonyms.yaml? the files rules/ may hold are "
     "wording.yaml, temporal.yaml, non_article.yaml, tracing.yaml, synonyms.yaml, weights.yaml, events.yaml, "
     "countries.yaml; rename it or move it out of rules/"),
    ("capitalised synonym", "synonyms", "rows:\n  - [Acme, acme corp]\n",
     "rules/synonyms.yaml:2:6: error: rows[0][0]: write 'Acme' in lowercase, as 'acme' (claims are matched "
     "lowercased)"),
    ("replace not a boolean", "synonyms", "replace: yes please\n",
     "rules/synonyms.yaml:1:10: error: replace: must be true or false, not the text 'yes please'"),
    ("weights that do not add up", "weights", "weights: {lexical: 0.5}\n",
     "rules/weights.yaml:1:1: error: weights: the weights must add up to 1, not 1.2: lower or raise some of them"),
    ("unknown key in an event kind", "events", "kinds:\n  transfer:\n    word: [transfer]\n",
     "rules/events.yaml:3:5: error: kinds.transfer.word: unknown key 'word'; did you mean 'words'? allowed keys: "
     "about, words, one_off, named_by_description, per_place, undergone_by_people, rank, examples"),
    ("organisations as a list", "events", "organisations:\n  - Spurs\n",
     "rules/events.yaml:1:1: error: organisations: must be a mapping of `key: value` lines, not a list"),
]

BAD_EVENT_FILES = [
    ("events", "modes:\n  hoax: [a hoax]\n",
     "rules/events.yaml:2:3: error: modes.hoax: unknown mode 'hoax'; add cues to one of denied, untrue, rumoured, "
     "planned"),
    ("events", "outcomes:\n  life:\n    lasting: deceased\n",
     "rules/events.yaml:3:14: error: outcomes.life.lasting: 'deceased' is not one of this set's values: dead, alive"),
    ("events", "units:\n  furlong:\n    words: [furlong]\n",
     "rules/events.yaml:2:3: error: units.furlong: the unit 'furlong' needs `base:`, the base unit of its dimension"),
    ("events", "kinds:\n  transfer:\n    one_off: true\n",
     "rules/events.yaml:2:3: error: kinds.transfer: the kind 'transfer' needs `words:` that name it"),
    ("countries", "countries:\n  Wales: {demonyms: [Welsh]}\n",
     "rules/countries.yaml:2:3: error: countries.Wales: key a country by its ISO 3166 alpha-2 code (RU, GB, XK), "
     "not 'Wales'"),
    ("countries", "countries:\n  GB: {demonym: [Brit]}\n",
     "rules/countries.yaml:2:8: error: countries.GB.demonym: unknown key 'demonym'; did you mean 'demonyms'? "
     "allowed keys: name, aliases, demonyms, capitals"),
]


@pytest.mark.parametrize(("table", "text", "expected"), BAD_EVENT_FILES, ids=[c[2].split(": ")[2] for c in BAD_EVENT_FILES])
def test_a_bad_event_words_file_is_an_error_at_its_line(tmp_path: Path, table: str, text: str, expected: str) -> None:
    with pytest.raises(InvalidVocabularyError) as caught:
        load_vocabulary(write_rules(tmp_path, **{table: text}), lambda p: p.relative_to(tmp_path).as_posix())
    assert [d.format() for d in caught.value.diagnostics] == [expected]


@pytest.mark.parametrize(("case", "table", "text", "expected"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_rules_file_is_an_error_at_its_line(beat: Path, case: str, table: str, text: str, expected: str) -> None:
    write_rules(beat, **{table: text})
    result = runner.invoke(app, ["check", "--project", str(beat)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [expected]
    report = runner.invoke(app, ["report", "--project", str(beat)])
    assert report.exit_code == 2
    assert report.stderr.splitlines() == [expected]


def test_every_bad_file_is_reported_in_one_run(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, wording="rules: [\n", weights="weights: {lexical: 0.5}\n")
    with pytest.raises(InvalidVocabularyError) as caught:
        load_vocabulary(rules, lambda p: p.relative_to(tmp_path).as_posix())
    assert [d.path for d in caught.value.diagnostics] == ["rules/wording.yaml", "rules/weights.yaml"]


def test_claim_add_reads_the_time_with_the_projects_rules_and_a_bad_file_stops_it(beat: Path) -> None:
    write_rules(beat, temporal=TIME_RULE)
    added = runner.invoke(app, ["claim", "add", "acme-buys-gadget", "Acme Corp acquired Gadget Co in May/2015.",
                                "--project", str(beat)])
    assert added.exit_code == 0, added.output
    assert added.stdout == "added claim acme-buys-gadget; time 2015-05 (read from the text)\n"
    write_rules(beat, temporal=TIME_RULE.replace("month_year", "month_yr"))
    before = (beat / "claims.yaml").read_bytes()
    refused = runner.invoke(app, ["claim", "add", "acme-sells", "Acme sold it.", "--project", str(beat)])
    assert refused.exit_code == 2
    assert "rules/temporal.yaml:4:15: error: rules[0].resolver: unknown resolver 'month_yr'" in refused.stderr
    assert (beat / "claims.yaml").read_bytes() == before
