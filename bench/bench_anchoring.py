"""Time quote anchoring on a 50 MB synthetic text: exact, normalized, fuzzy and not found.

Run: python bench/bench_anchoring.py [megabytes]
"""

from __future__ import annotations

import random
import sys
import time

from factcheck.anchoring import anchor_quote, closest_passage

# Words of the seed articles, so that every word of the planted quote is common in the filler.
VOCABULARY = """
Pakistan Russia army chief General Bajwa visit Moscow Islamabad military cooperation defence defense
agreement signed November October February April May 2014 2015 2017 2018 foreign minister security
adviser talks said the of and to in a on for with that was his their between two countries bilateral
strategic ties relations region peace stability terrorism official meeting commander ground forces
Russian Pakistani United States Washington India Afghanistan policy president Trump Putin visited
week month year first new trade arms exercise joint navy drills accord treaty pact announced
reported according source analyst anonymity details development
""".split()

PLANTED = (
    "Rawalpindi hosted the Salyukov delegation, which signed a naval logistics memorandum with Zarb veterans"
)
NORMALIZED = "rawalpindi HOSTED the salyukov   delegation, which signed"
FUZZY = (
    "Rawalpindi hosted the Salyukof delegation which signed a navel logistics memorandum with Zarb veterans"
)
COMMON = "the army chief visited Moscow in October 2017 and signed the defence accord with Russian forces"
COMMON_FUZZY = "the army chief visted Moscow in October 2017 and signed the defence acord with Russian forces"
MISSING = "Quixotic zebras jumped over eleven lazy hydrofoils"


def build(megabytes: int) -> str:
    """Return random sentences of common words, with the planted sentences near the end."""
    rng = random.Random(20180425)
    words = rng.choices(VOCABULARY, k=megabytes * 1_000_000 // 7)
    for i in range(12, len(words), 13):
        words[i] += "."
    filler = " ".join(words)
    cut = int(len(filler) * 0.95)
    cut = filler.index(" ", cut)
    return f"{filler[:cut]}. {PLANTED}. {COMMON}.{filler[cut:]}"


def timed(label: str, call) -> None:
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    found = f"{result.method} {result.similarity} [{result.start}, {result.end})" if result else "None"
    print(f"{label:<34} {seconds:6.2f} s  {found}")


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    text = build(megabytes)
    print(f"text: {len(text) / 1e6:.1f} M characters")
    timed("exact", lambda: anchor_quote(PLANTED, text))
    timed("normalized", lambda: anchor_quote(NORMALIZED, text))
    timed("fuzzy (rare words)", lambda: anchor_quote(FUZZY, text))
    timed("fuzzy (common words only)", lambda: anchor_quote(COMMON_FUZZY, text))
    timed("not found: anchor_quote", lambda: anchor_quote(MISSING, text))
    timed("not found: closest_passage", lambda: closest_passage(MISSING, text))
    timed("short quote: closest_passage", lambda: closest_passage("Bajwa visited Washington in May", text))
    # Quotes far longer than their text (the reliability probe's cases: 144 s and 17 s before anchoring was bounded).
    small = text[:4000]
    for size in (100_000, 1_000_000):
        huge = " ".join(random.Random(size).choices(VOCABULARY, k=size // 6))[:size]
        timed(f"{size // 1000:,} KB quote, 4 KB text: anchor", lambda q=huge: anchor_quote(q, small))
        timed(f"{size // 1000:,} KB quote, 4 KB text: closest", lambda q=huge: closest_passage(q, small))


if __name__ == "__main__":
    main()
