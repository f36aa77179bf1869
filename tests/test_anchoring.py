"""Tests for quote anchoring: exact, normalized and fuzzy matches, excluded text, context, and large texts."""

from __future__ import annotations

import random
import string
import time

import pytest

from factcheck import anchoring
from factcheck.anchoring import anchor_quote, closest_passage, keeps_meaning

# Passages copied from the seed articles 000, 001, 002 and 003, with their own typography.
EXPRESS = (
    "Russia Keen to Expand Military Ties with Pakistan, Top Military Official Tells Gen Bajwa\n\n"
    "“Pakistan would continue to play its part to keep conflicts away from the region and seek approaches "
    "which bring regional convergences into play rather than divergences”\n\n"
    "April 24, 2018 — Russia’s military chief says Pakistan was geostrategically an important country and "
    "Moscow is keen to expand its existing military-to-military cooperation– a significant development at a "
    "time when Islamabad’s relationship with Washington continues to deteriorate.\n\n"
    "He said Pakistan would continue to play its part to keep conflicts away from the region and seek "
    "approaches which bring regional convergences into play rather than divergences.\n\n"
    "In February, Foreign Minister Khawaja Asif visited Moscow to garner Russia’s support after Trump "
    "pressurised Pakistan to do more.\n\n"
    "Growing Pakistan-Russia Relations at a Glance\n\n"
    "Stalemate as fresh round of negotiations with US ends\n\n"
    "A senior official of the State Department’s Bureau of South and Central Asian Affairs Ambassador Alice "
    "Wells visited the capital on Monday on a daylong trip for continuing her talks with Pakistani officials "
    "on the US list of expectations."
)
DAWN = (
    "The two countries had in February agreed to set up a military cooperation commission for promoting "
    "military cooperation. Both sides had signed a defence cooperation agreement in November 2014 and later "
    "inked military-technical cooperation accord, which allows arms trade between the two countries and "
    "cooperation in weapon development, in October 2015.\n\n"
    "Gen Bajwa praised Russia’s “positive role” in resolving “complex situations in the region”. The army "
    "chief, according to ISPR, told the Russian Ground Forces commander that Pakistan would continue to play "
    "its part to “keep conflicts away from the region and seek approaches which bring regional convergences "
    "into play rather than divergences”.\n\n"
    "Published in Dawn, April 25th, 2018\n\n"
    "Opinion\n\nEditorial\n\nGeopolitical games\nUpdated 18 Dec, 2024\n\nGeopolitical games\n\n"
    "While Assad may be gone — and not many are mourning the end of his brutal rule — Syria’s future does "
    "not look promising."
)
PKOBS = (
    "ISLAMABAD:\xa0As the US-India embrace tightens, former Cold War foes – Pakistan and Russia – are "
    "warming up bilateral ties. In a major policy shift, Chief of Army Staff General Qamar Javed Bajwa will "
    "be visiting Russia in the first week of October.\n\n"
    "Pakistan and Russia would also conduct joint military exercises\xa0for a second successive year "
    "soon.\n\n\n\n"
    "  1. Poor Pakis! They still dont know that there are no camps anymore. Every thing is dealt at issues "
    "level. India will ensure that Russia cannot sell any critical weapons to Pakistan. Anyhow Pakistan does "
    "not have the $$$ to pay for them. What use is Pakistan to Russia? Russia will never harm its to India "
    "because it impacts Russia economically. Pakistan has nothing to offer….Wake up and smell the coffee…\n\n"
    "Comments are closed."
)
DESPARDES = (
    "May 12, 2018 (DESPARDES/PKONWEB) — Foreign Minister Khurram Dastgir Khan has revealed that Pakistan and "
    "Russia have signed a defense treaty. He however gave no further details of the pact while talking to a "
    "private news TV channel.\n\n"
    "In February, Foreign Minister Khawaja Asif visited Moscow to garner Russia’s support after Trump "
    "pressurized Pakistan to do more."
)

DAWN_SIDEBAR = (DAWN.index("Opinion\n"), len(DAWN))
EXPRESS_PULL_QUOTE = (EXPRESS.index("“Pakistan would"), EXPRESS.index("April 24"))
PKOBS_COMMENTS = (PKOBS.index("  1. Poor"), len(PKOBS))


@pytest.mark.parametrize(
    ("text", "quote", "start", "end"),
    [
        pytest.param(
            DAWN,
            "Both sides had signed a defence cooperation agreement in November 2014",
            121,
            191,
            id="dawn",
        ),
        pytest.param(EXPRESS, "Trump pressurised Pakistan", 812, 838, id="express"),
        pytest.param(DAWN, "military cooperation", 53, 73, id="first-of-several"),
        pytest.param(PKOBS, "  Pakistan and Russia\n", 68, 87, id="quote-stripped"),
    ],
)
def test_exact(text: str, quote: str, start: int, end: int) -> None:
    anchor = anchor_quote(quote, text)
    assert anchor is not None
    assert (anchor.method, anchor.similarity, anchor.start, anchor.end) == ("exact", 1.0, start, end)
    assert anchor.exact == quote.strip()


@pytest.mark.parametrize(
    ("text", "quote", "start", "exact"),
    [
        pytest.param(
            DAWN,
            'Gen Bajwa praised Russia\'s "positive role"',
            354,
            "Gen Bajwa praised Russia’s “positive role”",
            id="straight-quotes",
        ),
        pytest.param(
            PKOBS,
            "former Cold War foes - Pakistan and Russia - are warming up",
            45,
            "former Cold War foes – Pakistan and Russia – are warming up",
            id="hyphen-for-en-dash",
        ),
        pytest.param(
            PKOBS,
            "former Cold War foes—Pakistan and Russia—are warming up",
            45,
            "former Cold War foes – Pakistan and Russia – are warming up",
            id="em-dash-unspaced",
        ),
        pytest.param(
            EXPRESS,
            "military-to-military cooperation — a significant development",
            400,
            "military-to-military cooperation– a significant development",
            id="dash-spacing",
        ),
        pytest.param(
            DAWN,
            "Both sides had signed a defence cooperation\nagreement in  November 2014",
            121,
            "Both sides had signed a defence cooperation agreement in November 2014",
            id="newline-double-space",
        ),
        pytest.param(
            DAWN,
            "BOTH SIDES HAD SIGNED A DEFENCE COOPERATION AGREEMENT",
            121,
            "Both sides had signed a defence cooperation agreement",
            id="case",
        ),
        pytest.param(
            PKOBS,
            "ISLAMABAD: As the US-India embrace tightens",
            0,
            "ISLAMABAD:\xa0As the US-India embrace tightens",
            id="nbsp",
        ),
        pytest.param(
            PKOBS,
            "Pakistan has nothing to offer....Wake up and smell the coffee...",
            697,
            "Pakistan has nothing to offer….Wake up and smell the coffee…",
            id="ellipsis",
        ),
    ],
)
def test_normalized(text: str, quote: str, start: int, exact: str) -> None:
    anchor = anchor_quote(quote, text)
    assert anchor is not None
    assert (anchor.method, anchor.similarity, anchor.start, anchor.end) == (
        "normalized",
        1.0,
        start,
        start + len(exact),
    )
    assert anchor.exact == exact


@pytest.mark.parametrize(
    ("text", "quote", "start", "end", "similarity"),
    [
        pytest.param(
            EXPRESS, "after Trump pressurized Pakistan to do more", 806, 849, 0.977, id="pressurized"
        ),
        pytest.param(
            DESPARDES, "after Trump pressurised Pakistan to do more", 318, 361, 0.977, id="pressurised"
        ),
        pytest.param(
            DAWN,
            "Both sides had signed a defence agreement in November 2014",
            121,
            191,
            0.906,
            id="dropped-word",
        ),
        pytest.param(
            DAWN,
            "Both sides had formally signed a defence cooperation agreement in November 2014",
            121,
            191,
            0.94,
            id="added-word",
        ),
        pytest.param(
            DAWN,
            "Both sides had signed a defense cooperation agreement in Novmber 2014",
            121,
            191,
            0.978,
            id="typos",
        ),
        pytest.param(
            EXPRESS,
            "Foreign Minister Khawaja Asif visted Moscow to garner Russia's support",
            734,
            805,
            0.993,
            id="typo-and-apostrophe",
        ),
    ],
)
def test_fuzzy(text: str, quote: str, start: int, end: int, similarity: float) -> None:
    anchor = anchor_quote(quote, text)
    assert anchor is not None
    assert (anchor.method, anchor.similarity, anchor.start, anchor.end) == ("fuzzy", similarity, start, end)
    assert anchor.exact == text[start:end]


def test_fuzzy_below_min_similarity_is_none() -> None:
    quote = "Both sides had signed a defence agreement in November 2014"  # 0.906 by default
    assert anchor_quote(quote, DAWN, min_similarity=0.95) is None


@pytest.mark.parametrize(
    ("text", "quote", "exact", "similarity"),
    [
        pytest.param(
            DAWN,
            "Pakistan signed a defence treaty with Russia in May 2018",
            "sides had signed a defence cooperation agreement in November 2014",
            0.595,
            id="different-event",
        ),
        pytest.param(
            DESPARDES,
            "Pakistan signed a defence treaty with Russia in May 2018",
            "Pakistan and Russia have signed a defense treaty. He however gave no",
            0.613,
            id="different-wording",
        ),
        pytest.param(
            DAWN,
            "The weather in Moscow was cold and rainy all week",
            "The two countries had in February agreed",
            0.494,
            id="unrelated",
        ),
        pytest.param(
            DAWN,
            "Quixotic zebras jumped over lazy hydrofoils",
            "in February agreed to set up a military cooperation",
            0.426,
            id="no-shared-word",
        ),
    ],
)
def test_poor_match_is_none_and_closest_passage_shows_it(
    text: str, quote: str, exact: str, similarity: float
) -> None:
    assert anchor_quote(quote, text) is None
    closest = closest_passage(quote, text)
    assert closest is not None
    assert (closest.method, closest.exact, closest.similarity) == ("fuzzy", exact, similarity)
    assert text[closest.start : closest.end] == exact


@pytest.mark.parametrize(
    ("text", "quote", "exclude", "expected"),
    [
        pytest.param(DAWN, "Updated 18 Dec, 2024", [DAWN_SIDEBAR], None, id="only-in-sidebar"),
        pytest.param(DAWN, "Updated 18 Dec, 2024", [], ("exact", 775, 795), id="sidebar-not-excluded"),
        pytest.param(
            DAWN,
            "Syria's future does not look promising",
            [DAWN_SIDEBAR],
            None,
            id="normalized-only-in-sidebar",
        ),
        pytest.param(PKOBS, "Pakistan has nothing to offer", [PKOBS_COMMENTS], None, id="only-in-comments"),
        pytest.param(
            PKOBS, "Pakistan has nothng to offer", [PKOBS_COMMENTS], None, id="fuzzy-only-in-comments"
        ),
        pytest.param(
            EXPRESS,
            "Pakistan would continue to play its part to keep conflicts away from the region",
            [],
            ("exact", 91, 170),
            id="pull-quote-not-excluded",
        ),
        pytest.param(
            EXPRESS,
            "Pakistan would continue to play its part to keep conflicts away from the region",
            [EXPRESS_PULL_QUOTE],
            ("exact", 551, 630),
            id="exact-outside",
        ),
        pytest.param(
            EXPRESS,
            "PAKISTAN WOULD CONTINUE to play its part",
            [EXPRESS_PULL_QUOTE],
            ("normalized", 551, 591),
            id="normalized-outside",
        ),
        pytest.param(
            EXPRESS,
            "Pakistan would continue to play it's part to keep conflict away from the region",
            [EXPRESS_PULL_QUOTE],
            ("fuzzy", 551, 630),
            id="fuzzy-outside",
        ),
        pytest.param(PKOBS, "Pakistan and Russia", [(0, 100)], ("exact", 247, 266), id="later-occurrence"),
        pytest.param(
            PKOBS,
            "former Cold War foes – Pakistan and Russia",
            [(300, 400), (80, 90), (0, 5), (75, 82)],
            None,
            id="unsorted-overlapping-ranges",
        ),
        pytest.param(
            PKOBS, "Pakistan and Russia", [(87, 90), (40, 68)], ("exact", 68, 87), id="touching-ranges"
        ),
    ],
)
def test_exclude(
    text: str, quote: str, exclude: list[tuple[int, int]], expected: tuple[str, int, int] | None
) -> None:
    anchor = anchor_quote(quote, text, exclude=exclude)
    assert (anchor and (anchor.method, anchor.start, anchor.end)) == expected


def test_closest_passage_skips_excluded_text() -> None:
    closest = closest_passage("Syria's future does not look promising", DAWN, exclude=[DAWN_SIDEBAR])
    assert closest is not None
    assert closest.end <= DAWN_SIDEBAR[0]
    assert (closest.exact, closest.similarity) == ("Russia’s “positive role” in resolving", 0.507)


def test_excluded_range_ending_inside_a_word_does_not_cut_it() -> None:
    # The range ends inside "Pakistan" (247-255): the passage must start at the next whole word.
    closest = closest_passage("Pakistan and Russia would also conduct", PKOBS, exclude=[(0, 250)])
    assert closest is not None
    assert (closest.start, closest.end, closest.exact) == (256, 285, "and Russia would also conduct")


@pytest.mark.parametrize(
    ("text", "quote", "context", "prefix", "suffix"),
    [
        pytest.param(
            DAWN,
            "in November 2014",
            32,
            "a defence cooperation agreement ",
            " and later inked military-techni",
            id="default",
        ),
        pytest.param(DAWN, "in November 2014", 10, "agreement ", " and later", id="short"),
        pytest.param(DAWN, "in November 2014", 0, "", "", id="none"),
        pytest.param(PKOBS, "ISLAMABAD", 10, "", ":\xa0As the U", id="clipped-at-start"),
        pytest.param(PKOBS, "Comments are closed.", 10, " coffee…\n\n", "", id="clipped-at-end"),
        pytest.param(
            PKOBS,
            "US-India",
            32,
            "ISLAMABAD:\xa0As the ",
            " embrace tightens, former Cold W",
            id="short-prefix",
        ),
    ],
)
def test_prefix_and_suffix(text: str, quote: str, context: int, prefix: str, suffix: str) -> None:
    anchor = anchor_quote(quote, text, context=context)
    assert anchor is not None
    assert (anchor.prefix, anchor.exact, anchor.suffix) == (prefix, quote, suffix)


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        pytest.param("", DAWN, id="empty-quote"),
        pytest.param(" \n\t", DAWN, id="blank-quote"),
        pytest.param("Both sides", "", id="empty-text"),
        pytest.param(DAWN + " And more.", "Both sides had signed", id="quote-longer-than-text"),
    ],
)
def test_nothing_to_anchor_is_none(quote: str, text: str) -> None:
    assert anchor_quote(quote, text) is None


def test_closest_passage_of_empty_text_is_none() -> None:
    assert closest_passage("Both sides", "") is None
    assert closest_passage("Both sides", DAWN, exclude=[(0, len(DAWN))]) is None


@pytest.fixture(scope="module")
def large_text() -> tuple[str, int]:
    """Return about 5 MB of one article repeated, with the Dawn passage near the end, and its offset."""
    filler = (EXPRESS + "\n\n") * (5_000_000 // len(EXPRESS))
    return filler + DAWN + "\n\n" + EXPRESS * 10, len(filler)


@pytest.mark.parametrize(
    ("quote", "method", "similarity", "start", "end"),
    [
        pytest.param(
            "Both sides had signed a defence cooperation agreement in November 2014",
            "exact",
            1.0,
            121,
            191,
            id="exact",
        ),
        pytest.param(
            "both sides had signed a defence cooperation  agreement",
            "normalized",
            1.0,
            121,
            174,
            id="normalized",
        ),
        pytest.param(
            "Both sides had signed a defense cooperation agreement in Novmber 2014",
            "fuzzy",
            0.978,
            121,
            191,
            id="fuzzy",
        ),
    ],
)
def test_large_text(
    large_text: tuple[str, int], quote: str, method: str, similarity: float, start: int, end: int
) -> None:
    text, offset = large_text
    anchor = anchor_quote(quote, text)
    assert anchor is not None
    assert (anchor.method, anchor.similarity, anchor.start - offset, anchor.end - offset) == (
        method,
        similarity,
        start,
        end,
    )


def test_large_text_fuzzy_repeated_passage_takes_the_first(large_text: tuple[str, int]) -> None:
    text, _ = large_text
    anchor = anchor_quote("after Trump pressurized Pakistan to do more", text)
    assert anchor is not None
    assert (anchor.method, anchor.similarity, anchor.start, anchor.end) == ("fuzzy", 0.977, 806, 849)


@pytest.mark.slow
def test_large_text_poor_match(large_text: tuple[str, int]) -> None:
    text, _ = large_text
    assert anchor_quote("The weather in Moscow was cold and rainy all week", text) is None
    closest = closest_passage("The weather in Moscow was cold and rainy all week", text)
    assert closest is not None
    assert closest.similarity < 0.85


DAWN_AGREEMENTS = (
    "Both sides had signed a defence cooperation agreement in November 2014 and later inked military-technical "
    "cooperation accord, which allows arms trade between the two countries and cooperation in weapon development, "
    "in October 2015."
)
PUTIN = "President Putin was planning to visit Pakistan two years ago but visit did not take place because Pakistan"


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("Both sides had signed a defence cooperation agreement in November 2015", DAWN_AGREEMENTS),
        ("President Putin was planning to visit Pakistan two years ago but visit did take place", PUTIN),
        ("Both sides had signed a defence cooperation agreement in December 2014", DAWN_AGREEMENTS),
    ],
    ids=["changed year", "dropped negation", "changed month"],
)
def test_fuzzy_match_that_changes_a_number_negation_or_name_is_refused(quote: str, text: str) -> None:
    assert anchor_quote(quote, text) is None
    closest = closest_passage(quote, text)
    assert closest is not None and closest.similarity >= 0.85  # close in letters, not in meaning


@pytest.mark.parametrize(
    ("quote", "passage", "kept"),
    [
        ("Trump pressurized Pakistan to do more", "Trump pressurised Pakistan to do more", True),
        ("signed in November 2014", "signed in November 2015", False),
        ("the visit did not take place", "the visit did take place", False),
        ("Gen Bajwa visited Moscow", "Gen Bajva visited Moscow", True),
        ("Gen Bajwa visited Moscow", "Gen Bajwa visited Beijing", False),
    ],
)
def test_keeps_meaning(quote: str, passage: str, kept: bool) -> None:
    assert keeps_meaning(quote, passage) is kept


# ---------------------------------------------------------------- bounded work


def words_of(text: str, size: int, seed: int = 1) -> str:
    """`size` characters of the text's own words in a random order: shares every word, matches no passage."""
    rng = random.Random(seed)
    pool = text.split()
    out: list[str] = []
    length = 0
    while length < size:
        out.append(rng.choice(pool))
        length += len(out[-1]) + 1
    return " ".join(out)[:size]


def test_a_quote_far_longer_than_its_text_is_answered_at_once() -> None:
    # The probe's cases: 1 MB and 100 KB quotes not in a 4 KB text took 144 s and 17 s in the fuzzy refining.
    text = (EXPRESS + "\n\n" + DAWN)[:4000]
    started = time.perf_counter()
    for size in (100_000, 1_000_000):
        quote = words_of(text, size)
        assert anchor_quote(quote, text) is None
        closest = closest_passage(quote, text)
        assert closest is not None and closest.similarity < 0.1
    assert anchor_quote(text * 250, text) is None  # the text itself, over and over: no span can be 0.85 of it
    assert time.perf_counter() - started < 3.0  # about 0.3 s; 80 s before the bounds


def test_a_quote_a_little_longer_than_its_text_can_still_match_fuzzily() -> None:
    text = "signed a defence cooperation agreement in November 2014"
    anchor = anchor_quote("they signed a defence cooperation agreement in November 2014", text)
    assert anchor is not None and (anchor.method, anchor.start, anchor.end) == ("fuzzy", 0, len(text))


def test_a_long_quote_is_refined_by_its_ends_to_the_same_span(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(10)
    text = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(9000))
    start, end = text.index(" ", 20_000) + 1, text.index(" ", 30_000)
    quote = " ".join(w[:-1] if i % 25 == 0 else w for i, w in enumerate(text[start:end].split()))  # typos
    within_budget = anchor_quote(quote, text)  # 10,000 characters: over the budget, so refined by head and tail
    monkeypatch.setattr(anchoring, "_REFINE_BUDGET", 10**12)
    whole = anchor_quote(quote, text)  # every candidate boundary scored against the whole quote
    assert within_budget is not None and whole is not None
    assert (within_budget.method, within_budget.start, within_budget.end) == ("fuzzy", start, end)
    assert within_budget == whole
