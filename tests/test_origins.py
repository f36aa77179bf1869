"""Independent origins: copies with light edits are one origin, stock phrases merge nothing, reasons name the run."""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter
from pathlib import Path

import pytest

from factcheck import project as project_module
from factcheck.models import Source
from factcheck.origins import (
    MAX_FINGERPRINT_WORDS,
    MAX_SOURCES_PER_SHINGLE,
    MIN_SHARED_SHINGLES,
    SHINGLE_WORDS,
    find_origins,
    fingerprint,
    fold_word,
    packed_fingerprint,
    shared_pairs,
    shared_run,
    shingles,
    traced_primary,
)
from factcheck.project import ProjectPaths, check_project, project_origins
from factcheck.sources import parse_source
from factcheck.store import Store

DAWN = "dawn-2018-04-25-bajwa-moscow"
DESPARDES = "despardes-2018-05-12-defense-treaty"
EURASIA = "eurasia-news-kharakov-russia-pakistan-relations"
WEB_2017 = "web-2017-pakistan-cosying-up-to-russia"
WEB_2018 = "web-2018-04-24-russia-keen-military-ties"

SHARED = (
    "In February, Foreign Minister Khawaja Asif visited Moscow to garner Russia’s support after Trump pressurised "
    "Pakistan to do more.\n\n"
    "Then the defense minister also visited Moscow. And more recently National Security Adviser Lt-Gen (retd) "
    "Nasser Khan Janjua traveled to Russia.\n\n"
    "The flurry of visits suggested a new push by Pakistan to diversify its foreign policy options after the US "
    "expanded its cooperation and strategic ties with India."
)
REPORT = "Russia is keen to expand military ties, its top general tells the visiting army chief in Moscow.\n\n" + SHARED
COPY = (
    "An aggregator headline about a treaty that nobody has detailed, relayed from a television interview.\n\n"
    + SHARED.replace("pressurised", "pressurized")
)
UNRELATED = (
    "The monsoon arrived early this year in the southern provinces, and farmers welcomed the heavy rains after a "
    "long dry spell that had worried them for months."
)


def words(prefix: str, count: int) -> str:
    """Filler words no other text shares."""
    return " ".join(f"{prefix}{i}" for i in range(count))


# ---------------------------------------------------------------- words and shingles


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("pressurised", "pressurized"),
        ("Pressurized", "pressurized"),
        ("organisations", "organizations"),
        ("realising", "realizing"),
        ("colour", "color"),
        ("Favour", "favor"),
        ("humour", "humor"),
        ("Russia", "russia"),
        # Short words are left alone: "rise" and "pour" are no spelling variants.
        ("rise", "rise"),
        ("arise", "arise"),
        ("pour", "pour"),
    ],
)
def test_fold_word(word: str, folded: str) -> None:
    assert fold_word(word) == folded


def test_shingles_are_runs_of_folded_words() -> None:
    assert sorted(shingles("One two, three-four five SIX seven").values()) == [
        "one two three four five six",
        "two three four five six seven",
    ]
    assert shingles("too short to make one") == {}
    assert SHINGLE_WORDS == 6


def test_british_and_american_spellings_give_the_same_fingerprint() -> None:
    assert fingerprint(SHARED) == fingerprint(SHARED.replace("pressurised", "pressurized"))
    assert fingerprint(SHARED) != fingerprint(SHARED.replace("pressurised", "pushed"))


def test_fingerprint_reads_only_the_first_words() -> None:
    long_text = words("w", 30_000)
    assert len(fingerprint(long_text)) == 20_000 - SHINGLE_WORDS + 1
    assert fingerprint(long_text) == fingerprint(long_text + " " + words("x", 100))


# ---------------------------------------------------------------- grouping


def test_copies_with_spelling_changes_are_one_origin_named_by_the_earliest() -> None:
    prints = {"report": fingerprint(REPORT), "copy": fingerprint(COPY), "other": fingerprint(UNRELATED)}
    origins = find_origins(prints, {"report": "2018-04-24", "copy": "2018-05-12", "other": "2017-09-01"})
    assert origins.origin_of == {"report": "report", "copy": "report", "other": "other"}
    assert origins.members("report") == ["copy", "report"]
    assert origins.members("other") == ["other"]


def test_the_earliest_date_wins_over_the_alphabet() -> None:
    prints = {"a-copy": fingerprint(COPY), "z-report": fingerprint(REPORT)}
    assert find_origins(prints, {"a-copy": "2018-05-12", "z-report": "2018-04-24"}).origin_of == {
        "a-copy": "z-report",
        "z-report": "z-report",
    }
    # A source with no date comes after a dated one; with no dates at all the smallest id names the origin.
    assert find_origins(prints, {"z-report": "2018-04-24"}).origin_of["a-copy"] == "z-report"
    assert find_origins(prints).origin_of["z-report"] == "a-copy"


def test_a_chain_of_copies_is_one_origin() -> None:
    middle = SHARED + "\n\n" + UNRELATED
    prints = {"first": fingerprint(REPORT), "second": fingerprint(middle), "third": fingerprint("Intro. " + UNRELATED)}
    origins = find_origins(prints, {"first": "2018-01-01", "second": "2018-02-01", "third": "2018-03-01"})
    assert origins.origin_of == {"first": "first", "second": "first", "third": "first"}
    assert [(link.source_id, link.other_id) for link in origins.links] == [("first", "second"), ("second", "third")]


def test_unrelated_texts_are_separate_origins() -> None:
    prints = {"a": fingerprint(REPORT), "b": fingerprint(UNRELATED), "c": fingerprint(words("c", 200))}
    origins = find_origins(prints)
    assert origins.origin_of == {"a": "a", "b": "b", "c": "c"}
    assert origins.links == []
    assert origins.reason("a") is None


@pytest.mark.parametrize(
    ("run_words", "merged"),
    [(MIN_SHARED_SHINGLES + SHINGLE_WORDS - 2, False), (MIN_SHARED_SHINGLES + SHINGLE_WORDS - 1, True)],
)
def test_a_shared_run_needs_enough_shingles(run_words: int, merged: bool) -> None:
    run = words("shared", run_words)
    prints = {"a": fingerprint(f"{words('a', 3)} {run}"), "b": fingerprint(f"{words('b', 3)} {run}")}
    assert (find_origins(prints).origin_of["b"] == "a") is merged


def test_a_shared_run_must_be_a_fair_share_of_the_shorter_text() -> None:
    run = words("shared", MIN_SHARED_SHINGLES + SHINGLE_WORDS - 1)  # 12 shared shingles
    prints = {"a": fingerprint(f"{words('a', 60)} {run}"), "b": fingerprint(f"{words('b', 60)} {run}")}
    assert find_origins(prints).origin_of == {"a": "a", "b": "b"}  # 12 of 77 is under 20%


@pytest.mark.parametrize(
    ("sources", "merged"),
    [(MAX_SOURCES_PER_SHINGLE, True), (MAX_SOURCES_PER_SHINGLE + 1, False), (40, False)],
)
def test_a_stock_phrase_in_many_sources_merges_nothing(sources: int, merged: bool) -> None:
    stock = "The views and opinions expressed in this article are those of the author and do not reflect policy"
    prints = {f"s{i:02d}": fingerprint(f"{words(f's{i}w', 15)} {stock}") for i in range(sources)}
    origins = find_origins(prints)
    assert len(set(origins.origin_of.values())) == (1 if merged else sources)


def test_the_reason_names_the_sources_and_the_share() -> None:
    origins = find_origins({"report": fingerprint(REPORT), "copy": fingerprint(COPY)})
    [link] = origins.links
    assert (link.source_id, link.other_id) == ("copy", "report")
    assert origins.reason("report") == origins.reason("copy") == (
        f"copy and report share {link.shared} word runs ({link.fraction:.0%} of the shorter)"
    )


def test_shared_run_names_words_both_texts_have() -> None:
    run = shared_run(REPORT, COPY)
    # Words as the first text writes them (not folded), at least one whole shingle, found verbatim in it.
    assert len(re.findall(r"[^\W_]+", run)) >= SHINGLE_WORDS
    assert run in " ".join(REPORT.split())
    folded = " ".join(fold_word(w) for w in re.findall(r"[^\W_]+", SHARED))
    assert " ".join(fold_word(w) for w in re.findall(r"[^\W_]+", run)) in folded
    assert shared_run(REPORT, UNRELATED) == ""


# ---------------------------------------------------------------- the bundled project


def test_bundled_project_origins(project: Path) -> None:
    origins = check_project(ProjectPaths.at(project)).origins
    assert origins.origin_of == {
        DAWN: DAWN,
        DESPARDES: WEB_2018,
        EURASIA: EURASIA,
        WEB_2017: WEB_2017,
        WEB_2018: WEB_2018,
    }
    assert origins.members(WEB_2018) == [DESPARDES, WEB_2018]
    for alone in (DAWN, EURASIA, WEB_2017):
        assert origins.reason(alone) is None
    reason = origins.reason(DESPARDES)
    assert reason == origins.reason(WEB_2018)
    assert reason == (
        f"{DESPARDES} and {WEB_2018} share 130 word runs (38% of the shorter), "
        'e.g. "The visit of the army chief was the latest in a series"'
    )


# ---------------------------------------------------------------- same publisher, reported speech


def test_one_publishers_reports_are_one_origin_and_the_reason_says_so() -> None:
    prints = {"dawn-a": fingerprint("The army chief met the commander in Moscow on Tuesday."),
              "dawn-b": fingerprint("Pakistan and Russia agreed to set up a military commission."),
              "other": fingerprint("An unrelated story about something else entirely, told differently.")}
    origins = find_origins(prints, publishers={"dawn-a": "Dawn", "dawn-b": " dawn ", "other": "The News"})
    assert origins.origin_of == {"dawn-a": "dawn-a", "dawn-b": "dawn-a", "other": "other"}
    assert origins.reason("dawn-b") == "dawn-a and dawn-b have the same publisher (Dawn)"


@pytest.mark.parametrize(
    ("sentence", "primary"),
    [
        ("The army chief, according to ISPR, told the Russian Ground Forces commander", ("ISPR", "according to ISPR")),
        ("The press service of the Russian Security Council reported that in their meeting",
         ("Russian Security Council", "the Russian Security Council reported")),
        ("Pakistan daily Dawn cited a diplomatic source saying there was no forward movement.", ("Dawn", "Dawn cited")),
        ("The deal was signed in Moscow, reported Radio Pakistan.", ("Radio Pakistan", "reported Radio Pakistan")),
        ("Reuters reported the deal.", ("Reuters", "Reuters reported")),
        ("Officials reported progress.", None),
        ("Both sides had signed a defence cooperation agreement in November 2014.", None),
        ("A senior official said the MoU was signed.", None),
    ],
)
def test_reported_speech_is_traced_to_whoever_said_it_first(sentence: str, primary: tuple | None) -> None:
    assert traced_primary(sentence) == primary


def test_two_outlets_relaying_one_primary_count_once() -> None:
    from factcheck.models import Anchor, Claim, EvidenceCheck, SourceMeta
    from factcheck.scoring import score_claim

    def relayed(index: int, source: str, sentence: str) -> EvidenceCheck:
        anchor = Anchor(start=0, end=len(sentence), method="exact", similarity=1.0, exact=sentence, prefix="",
                        suffix="")
        return EvidenceCheck(claim_id="c", index=index, source_id=source, stance="supports", quote=sentence,
                             anchor=anchor, sentence=sentence)

    checks = [
        relayed(0, "a", "The chiefs met in Rawalpindi on Monday, according to ISPR."),
        relayed(1, "b", "According to ISPR, the two army chiefs met in Rawalpindi."),
    ]
    metas = {s: SourceMeta(id=s, reliability="B") for s in "ab"}
    assessment = score_claim(Claim(id="c", text="The army chiefs met in Rawalpindi."), checks, metas, {"a": "a", "b": "b"})
    assert (assessment.articles, assessment.independent_sources, assessment.credibility) == (2, 1, 2)
    assert 'traced to ISPR ("according to ISPR"), counted as that origin' in assessment.evidence[0].reasons


# ---------------------------------------------------------------- fingerprints in bulk, regrouping by the index


def _word_by_word(text: str, max_words: int | None = None) -> frozenset[int]:
    """The fingerprint as it was first written: each word matched, folded and joined in Python."""
    words = [fold_word(w) for w in re.findall(r"[^\W_]+", text)][:max_words]
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


@pytest.mark.parametrize(
    "text",
    [
        SHARED,
        COPY,
        "",
        "one two three four five",
        "one two three four five six",
        # Whole-text lowering must not differ from lowering word by word: dotted I, final sigma, ligatures.
        "İstanbul ΟΔΟΣ'Α ΣΑΣ_Σ the ﬁnancial ﬂavour STRASSE ǅemal organisations ise wise rise arise praise pour colour",
        "snake_case_words and_underscores _lead trail_ promise promised promises surmising realisations abcour our",
        "Favourite HUMOUR isation isations Ising otherwise Pressurised the hour of our armour " * 3,
    ],
)
def test_fingerprint_in_bulk_is_the_word_by_word_one(text: str) -> None:
    assert fingerprint(text) == _word_by_word(text)
    assert set(shingles(text)) == _word_by_word(text)


def test_fingerprint_in_bulk_stops_at_the_same_word() -> None:
    text = " ".join(f"w{i % 997}x{i}" for i in range(MAX_FINGERPRINT_WORDS + 50))
    assert fingerprint(text) == _word_by_word(text, MAX_FINGERPRINT_WORDS)
    assert len(fingerprint(text)) == MAX_FINGERPRINT_WORDS - SHINGLE_WORDS + 1


def _source(sid: str, body: str, published: str = "2018-05-01", publisher: str | None = None) -> Source:
    lines = ["---", f"id: {sid}", f"title: {sid}", f"published: {published}", "kind: news"]
    if publisher:
        lines.append(f"publisher: {publisher}")
    return parse_source("\n".join([*lines, "---", body]) + "\n", f"sources/{sid}.md")


def _corpus() -> dict[str, str]:
    stock = "according to people familiar with the matter the ministry did not respond"
    bodies = {f"s{i:02d}": f"{words(f'own{i}x', 60)} {stock}." for i in range(MAX_SOURCES_PER_SHINGLE)}
    bodies["orig"] = f"{SHARED} {words('origx', 40)}"
    bodies["copy"] = f"{COPY} {words('copyx', 30)}"
    bodies["lone"] = UNRELATED
    return bodies


def _regrouped_from_scratch(sources: dict[str, Source]) -> tuple[dict, list]:
    store = Store.in_memory()
    try:
        origins = project_origins(sources, store)
        return origins.origin_of, origins.links
    finally:
        store.close()


def _count_full_regroupings(monkeypatch) -> list[int]:
    """A list that grows each time every pair of sources is counted again."""
    counted: list[int] = []
    real = project_module.count_links

    def count(order, fingerprints, sizes):  # noqa: ANN001, ANN202
        counted.append(len(order))
        return real(order, fingerprints, sizes)

    monkeypatch.setattr(project_module, "count_links", count)
    return counted


def test_a_few_edited_sources_regroup_through_the_index_as_a_fresh_cache_would(monkeypatch) -> None:
    bodies = _corpus()
    store = Store.in_memory()
    sources = {sid: _source(sid, body) for sid, body in bodies.items()}
    project_origins(sources, store)
    # From here on, every regrouping must go through the index: counting all pairs again would fail.
    counted = _count_full_regroupings(monkeypatch)
    stock = "according to people familiar with the matter the ministry did not respond"
    edits = [
        ("copy", f"{COPY.replace('Moscow', 'the Russian capital')} {words('copyx', 30)}"),  # still a copy
        ("lone", f"{SHARED} but rewritten later by a third outlet"),  # becomes a copy of orig
        ("copy", UNRELATED + " A different story now."),  # stops being one
        ("extra", f"{words('extrax', 60)} {stock}."),  # the stock phrase is now in 26 sources: it counts no more
        ("s03", words("gonex", 80)),  # ... and in 25 again
        ("orig", f"{SHARED} {words('origx', 40)} {stock}."),
    ]
    for sid, body in edits:
        bodies[sid] = body
        sources = {s: _source(s, b) for s, b in bodies.items()}
        origins = project_origins(sources, store)
        assert not counted, sid
        assert (origins.origin_of, origins.links) == _regrouped_from_scratch(sources), sid
        counted.clear()
    del bodies["lone"]
    sources = {s: _source(s, b) for s, b in bodies.items()}
    origins = project_origins(sources, store)
    assert (origins.origin_of, origins.links) == _regrouped_from_scratch(sources)
    assert origins.origin_of["copy"] == "copy" and origins.members("orig") == ["orig"]
    store.close()


def test_a_stock_phrase_crossing_the_limit_links_and_unlinks_sources_no_edit_touched(monkeypatch) -> None:
    # a and b share only a run that c, d, ... also carry: once too many sources hold it, a and b are no copies.
    run = words("sharedx", 30)
    bodies = {"a": f"{run} {words('ax', 20)}", "b": f"{run} {words('bx', 20)}"}
    bodies |= {f"m{i:02d}": f"{run} {words(f'm{i}x', 20)}" for i in range(MAX_SOURCES_PER_SHINGLE - 2)}
    store = Store.in_memory()
    sources = {s: _source(s, b) for s, b in bodies.items()}
    assert project_origins(sources, store).origin_of["b"] == "a"
    counted = _count_full_regroupings(monkeypatch)
    bodies["late"] = f"{run} {words('latex', 20)}"
    sources = {s: _source(s, b) for s, b in bodies.items()}
    origins = project_origins(sources, store)
    assert not counted
    assert origins.origin_of["b"] == "b"
    assert (origins.origin_of, origins.links) == _regrouped_from_scratch(sources)
    del bodies["late"]
    sources = {s: _source(s, b) for s, b in bodies.items()}
    counted.clear()
    origins = project_origins(sources, store)
    assert not counted
    assert origins.origin_of["b"] == "a"
    assert (origins.origin_of, origins.links) == _regrouped_from_scratch(sources)
    store.close()


def test_an_edit_copying_a_text_only_one_source_held_finds_that_source(monkeypatch) -> None:
    # Every shingle of "held" is in it alone; the edit must still find it, with no index of every shingle kept.
    bodies = {"held": f"{SHARED} {words('heldx', 40)}", "other": UNRELATED, "third": words("thirdx", 80)}
    store = Store.in_memory()
    sources = {s: _source(s, b) for s, b in bodies.items()}
    assert project_origins(sources, store).links == []
    counted = _count_full_regroupings(monkeypatch)
    bodies["other"] = f"{COPY} {words('otherx', 10)}"
    sources = {s: _source(s, b) for s, b in bodies.items()}
    origins = project_origins(sources, store)
    assert not counted
    assert origins.origin_of["other"] == "held" and origins.reason("other").startswith("held and other share ")
    assert (origins.origin_of, origins.links) == _regrouped_from_scratch(sources)
    store.close()


def _all_pairs(prints: list[frozenset[int]]) -> dict[tuple[int, int], int]:
    """Every pair's shared shingles counted the slow, obvious way, stock phrases left out."""
    held = Counter(h for hashes in prints for h in hashes)
    pairable = [frozenset(h for h in hashes if held[h] <= MAX_SOURCES_PER_SHINGLE) for hashes in prints]
    counts = {(a, b): len(pairable[a] & pairable[b]) for a in range(len(prints)) for b in range(a + 1, len(prints))}
    return {pair: n for pair, n in counts.items() if n >= MIN_SHARED_SHINGLES}


def test_shared_pairs_counts_what_comparing_every_pair_counts() -> None:
    rng = random.Random(14)
    stock = words("stockx", 20)
    texts = [f"{words(f'own{i}x', rng.randint(0, 60))} {stock}" for i in range(MAX_SOURCES_PER_SHINGLE + 3)]
    passages = [words(f"passage{p}x", rng.randint(8, 40)) for p in range(12)]
    for i in range(len(texts)):  # copies of a few passages each, in any order, some of them cut short
        picked = rng.sample(passages, rng.randint(0, 4))
        texts[i] += " " + " ".join(p[: rng.randint(len(p) // 2, len(p))] for p in picked)
    prints = [fingerprint(text) for text in texts]
    expected = _all_pairs(prints)
    assert len(expected) > 20  # copies enough to mean something, stock phrase or not
    assert shared_pairs(prints) == expected
    assert shared_pairs([packed_fingerprint(text) for text in texts]) == expected


@pytest.mark.parametrize("text", [SHARED, COPY, "", "one two three four five six", words("w", 30_000)])
def test_a_packed_fingerprint_holds_each_hash_of_the_fingerprint_once(text: str) -> None:
    packed = packed_fingerprint(text)
    assert packed.typecode == "I" and sorted(packed) == sorted(fingerprint(text))


def test_a_cold_run_stores_one_fingerprint_row_a_source_and_finds_holders_from_them() -> None:
    bodies = _corpus()
    store = Store.in_memory()
    project_origins({sid: _source(sid, body) for sid, body in bodies.items()}, store)
    rows = store.db.execute("select source_id, size from fingerprints order by source_id").fetchall()
    assert rows == [(sid, len(fingerprint(bodies[sid]))) for sid in sorted(bodies)]
    assert "shingles" not in store.db.table_names()
    stock = next(iter(fingerprint("according to people familiar with the matter the ministry")))
    only_lone = next(iter(fingerprint(UNRELATED) - fingerprint(COPY)))
    assert store.shingle_holders({stock, only_lone, 7}, MAX_SOURCES_PER_SHINGLE) == {
        stock: [f"s{i:02d}" for i in range(MAX_SOURCES_PER_SHINGLE)],
        only_lone: ["lone"],
    }
    assert store.shingle_holders({stock}, 3) == {stock: ["s00", "s01", "s02", "s03"]}  # enough to say "more than 3"
    store.close()


def test_staged_fingerprints_take_no_lock_and_are_read_back_in_id_order_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "factcheck.db"
    store, other = Store(path), Store(path)
    prints = {sid: packed_fingerprint(body) for sid, body in _corpus().items()}
    store.stage_fingerprints(((sid, f"key-{sid}", prints[sid]) for sid in prints), first=True)
    assert not store.db.conn.in_transaction
    other.set_state("meanwhile", "written")  # would wait for a lock, then fail, had staging taken one
    assert store.db.execute("select count(*) from fingerprints").fetchone() == (0,)  # staged is not stored yet
    with store.writing():
        store.index_staged()
    stored = store.stored_fingerprints()
    assert stored.ids == sorted(prints)
    assert [sorted(h) for h in stored] == [sorted(prints[sid]) for sid in sorted(prints)]
    assert [sorted(h) for h in reversed(stored)] == [sorted(prints[sid]) for sid in sorted(prints, reverse=True)]
    assert sorted(stored[3]) == sorted(prints[sorted(prints)[3]])
    assert other.fingerprint_keys() == {sid: (f"key-{sid}", len(prints[sid])) for sid in prints}
    assert store.db.execute("select count(*) from temp.staged_fingerprints").fetchone() == (0,)
    store.close()
    other.close()
