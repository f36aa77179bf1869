"""Independent origins: sources that re-run each other's paragraphs count once (pure)."""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice

from factcheck.vocabulary import TracingTable, package_table

SHINGLE_WORDS = 6
# A shingle found in more sources than this is a stock phrase, not evidence of copying.
MAX_SOURCES_PER_SHINGLE = 25
# Share of the smaller source's shingles two sources must have in common to be one origin.
MIN_SHARED_FRACTION = 0.2
MIN_SHARED_SHINGLES = 12
# Copies share their opening paragraphs; fingerprinting the first words keeps a 50 MB body as cheap as an article.
MAX_FINGERPRINT_WORDS = 20_000

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# British and American spellings ("pressurised", "pressurized") fold together, so light edits still match.
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")
_OUR = re.compile(r"our$")


@dataclass(frozen=True)
class OriginLink:
    """Why one source was merged into another's origin."""

    source_id: str
    other_id: str
    shared: int
    fraction: float
    sample: str
    basis: str = "shared text"  # or "same publisher", with the publisher in `sample`


@dataclass(frozen=True)
class Origins:
    """Which origin each source belongs to, and the links that merged them."""

    origin_of: dict[str, str]
    links: list[OriginLink]

    def text_origin_of(self) -> dict[str, str]:
        """Each source's group of copies (shared text only, not publisher): the smallest id names the group."""
        return connected(
            self.origin_of,
            [(link.source_id, link.other_id) for link in self.links if link.basis == "shared text"],
        )

    def members(self, origin: str) -> list[str]:
        """The sources of one origin."""
        return sorted(s for s, o in self.origin_of.items() if o == origin)

    def reason(self, source_id: str) -> str | None:
        """Why a source shares its origin with others, in words."""
        for link in self.links:
            if source_id in (link.source_id, link.other_id) and link.basis == "same publisher":
                return f"{link.source_id} and {link.other_id} have the same publisher ({link.sample})"
            if source_id in (link.source_id, link.other_id):
                sample = f', e.g. "{link.sample}"' if link.sample else ""
                return (
                    f"{link.source_id} and {link.other_id} share {link.shared} word runs "
                    f"({link.fraction:.0%} of the shorter){sample}"
                )
        return None


def connected(items: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each item's connected group under the pairs, named by its smallest member (union-find)."""
    parent = {item: item for item in items}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in pairs:
        if a in parent and b in parent:
            ra, rb = sorted((root(a), root(b)))
            parent[rb] = ra
    return {item: root(item) for item in parent}


def fold_word(word: str) -> str:
    """Lowercase a word and fold spelling variants that copy editors change."""
    word = word.lower()
    if len(word) > 5:
        word = _ISE.sub(r"iz\1", word)
        word = _OUR.sub("or", word)
    return word


# fold_word over a whole text at once: its words joined by single spaces, lowered together (a space ends a word for
# str.lower's final sigma as a word's end does), then folded where a word of 6 or more letters ends so. Each
# look-behind counts the letters the word needs before its ending, so short words ("rise", "pour") stay as they are.
_ISE_RUN = re.compile(r"is(?:(?<=[^ ]{5})(e)|(?<=[^ ]{4})(ed|es)|(?<=[^ ]{3})(ing)|(ations?))(?= |\Z)")
_OUR_RUN = re.compile(r"our(?<=[^ ]{6})(?= |\Z)")


def folded_text(text: str, max_words: int | None = None) -> str:
    """The text's first `max_words` words (all by default), folded as `fold_word` does, joined by single spaces."""
    joined = " ".join(_words(text, max_words)).lower()
    return _OUR_RUN.sub("or", _ISE_RUN.sub(r"iz\1\2\3\4", joined))


def _words(text: str, max_words: int | None) -> list[str]:
    """The first `max_words` words, read from a growing prefix: a 50 MB body costs what its head costs."""
    if max_words is None:
        return _WORD.findall(text)
    end = max_words * 8
    while True:
        words = _WORD.findall(text, 0, end)
        # More words than wanted: the wanted ones end before the prefix does, so none of them was cut.
        if len(words) > max_words or end >= len(text):
            return words[:max_words]
        end *= 2


def _folded_words(text: str, max_words: int | None = None) -> list[str]:
    folded = folded_text(text, max_words)
    return folded.split(" ") if folded else []


def _runs(folded: str, size: int) -> list[bytes]:
    """Each run of `size` words of a folded text, UTF-8 encoded, joined in C (no Python code per word)."""
    words = folded.encode("utf-8").split(b" ") if folded else []
    return list(map(b" ".join, zip(*(words[i:] for i in range(size)), strict=False)))


def shingles(text: str, size: int = SHINGLE_WORDS, max_words: int | None = None) -> dict[int, str]:
    """Hashed runs of `size` folded words, each mapped to the run itself (for reasons)."""
    out: dict[int, str] = {}
    for run in _runs(folded_text(text, max_words), size):
        out.setdefault(zlib.crc32(run), run.decode("utf-8"))
    return out


def fingerprint(text: str) -> frozenset[int]:
    """The shingle hashes of an article's first MAX_FINGERPRINT_WORDS words: enough to recognise a copy."""
    return frozenset(map(zlib.crc32, _runs(folded_text(text, MAX_FINGERPRINT_WORDS), SHINGLE_WORDS)))


def packed_fingerprint(text: str) -> array:
    """`fingerprint` as unsigned 32-bit ints (in no particular order): 4 bytes a shingle where a frozenset holds
    about 100."""
    return array("I", set(map(zlib.crc32, _runs(folded_text(text, MAX_FINGERPRINT_WORDS), SHINGLE_WORDS))))


def shared_run(text_a: str, text_b: str, hashes_b: Collection[int] | None = None) -> str:
    """One run of words two texts share, as written in the first, to show a reviewer why they were merged.

    Args:
        hashes_b: the second text's fingerprint, when it is at hand.
    """
    b = fingerprint(text_b) if hashes_b is None else set(hashes_b)
    hashes = list(map(zlib.crc32, _runs(folded_text(text_a, MAX_FINGERPRINT_WORDS), SHINGLE_WORDS)))
    common = [i for i, h in enumerate(hashes) if h in b]
    if not common:
        return ""
    # The longest stretch of consecutive shared runs reads best; take its start.
    best_start, best_len, run_start = common[0], 1, common[0]
    for previous, current in zip(common, common[1:], strict=False):
        if current != previous + 1:
            run_start = current
        if current - run_start + 1 > best_len:
            best_start, best_len = run_start, current - run_start + 1
    wanted = best_start + SHINGLE_WORDS - 1 + min(best_len - 1, 6)
    matches = list(islice(_WORD.finditer(text_a), wanted + 1))  # words past the run's end are not needed
    first, last = matches[best_start], matches[min(wanted, len(matches) - 1)]
    return " ".join(text_a[first.start() : last.end()].split())


def find_origins(
    fingerprints: Mapping[str, Collection[int]],
    first: Mapping[str, str] | None = None,
    publishers: Mapping[str, str] | None = None,
) -> Origins:
    """Group sources into independent origins by shared word runs, through an index (never all pairs), and by
    publisher: one newsroom's two reports are not two independent confirmations.

    Args:
        fingerprints: each source's shingle hashes (see `fingerprint`).
        first: a sort key per source (e.g. its ISO publication date); the smallest names the origin.
        publishers: each source's publisher, where known.
    """
    return group_origins(fingerprints, find_links(fingerprints), first, publishers)


def find_links(fingerprints: Mapping[str, Collection[int]]) -> list[OriginLink]:
    """The text links among all the sources, every pair counted (see `shared_pairs`), in pair order (no samples)."""
    order = sorted(fingerprints)
    sizes = {sid: len(hashes) for sid, hashes in fingerprints.items()}
    return count_links(order, [fingerprints[sid] for sid in order], sizes)


def count_links(
    order: Sequence[str], fingerprints: Sequence[Collection[int]], sizes: Mapping[str, int]
) -> list[OriginLink]:
    """`find_links` for the sources `order` names (ids, sorted), given their fingerprints in that order (any sequence
    that can be read forwards and backwards, e.g. one read from a store as it goes) and their sizes."""
    shared = shared_pairs(fingerprints)
    return text_links({(order[a], order[b]): n for (a, b), n in shared.items()}, sizes)


def shared_pairs(fingerprints: Sequence[Collection[int]]) -> dict[tuple[int, int], int]:
    """How many shingles each pair of fingerprints (by position, the first before the second) shares, for the pairs
    that share at least MIN_SHARED_SHINGLES; stock phrases (in more than MAX_SOURCES_PER_SHINGLE) left out.

    Every hash is counted once, in C; only those held by 2 to MAX_SOURCES_PER_SHINGLE fingerprints get a list of
    holders, and each fingerprint counts the later holders of its hashes (source numbers, in C): no pair is made for
    every shingle two sources share.
    """
    counts = Counter(chain.from_iterable(fingerprints))
    pairable = [h for h, n in counts.items() if 1 < n <= MAX_SOURCES_PER_SHINGLE]
    del counts  # before the lists are made: both at once would raise the peak of a large cold run
    holders: dict[int, list[int]] = {h: [] for h in pairable}
    del pairable
    held_by = holders.__getitem__
    out: dict[tuple[int, int], int] = {}
    for a, hashes in zip(range(len(fingerprints) - 1, -1, -1), reversed(fingerprints), strict=True):
        mine = list(map(held_by, holders.keys() & hashes))
        for b, n in Counter(chain.from_iterable(mine)).items():
            if n >= MIN_SHARED_SHINGLES:
                out[a, b] = n
        for later in mine:
            later.append(a)
    return out


def text_links(shared: Mapping[tuple[str, str], int], sizes: Mapping[str, int]) -> list[OriginLink]:
    """The pairs that share enough of the shorter text to be one origin, in pair order (no sample yet)."""
    links = []
    # Only pairs with enough shared runs can merge; sorting just those keeps the merge order stable and cheap.
    for (a, b), count in sorted(item for item in shared.items() if item[1] >= MIN_SHARED_SHINGLES):
        fraction = count / (min(sizes[a], sizes[b]) or 1)
        if fraction >= MIN_SHARED_FRACTION:
            links.append(OriginLink(a, b, count, round(fraction, 3), ""))
    return links


def shared_counts(
    source_id: str, hashes: Iterable[int], postings: Mapping[int, Sequence[str]]
) -> Counter[tuple[str, str]]:
    """The shingles one source shares with each other source, from the postings of its hashes (those of stock
    phrases, in more than MAX_SOURCES_PER_SHINGLE sources, left out); pairs in id order as `count_shared` gives."""
    others: Counter[str] = Counter()
    for h in hashes:
        sids = postings.get(h)
        if sids is not None and len(sids) <= MAX_SOURCES_PER_SHINGLE:
            others.update(sids)
    others.pop(source_id, None)
    return Counter({(min(source_id, o), max(source_id, o)): n for o, n in others.items()})


def relink(
    previous: Iterable[OriginLink],
    affected: Collection[str],
    shared: Mapping[tuple[str, str], int],
    sizes: Mapping[str, int],
) -> list[OriginLink]:
    """The text links after some sources changed, without counting every pair again.

    A pair of unaffected sources keeps its link (or its lack of one): its shingles and their counts are as they were.
    `shared` holds the counts of every pair with an affected source; `sizes` every source's shingle count (a source
    not in it is gone). Kept links keep their sample; new ones have none yet.
    """
    kept = {
        (link.source_id, link.other_id): link
        for link in previous
        if link.basis == "shared text" and link.source_id not in affected and link.other_id not in affected
        and link.source_id in sizes and link.other_id in sizes
    }
    fresh = {pair: n for pair, n in shared.items() if pair[0] in sizes and pair[1] in sizes}
    for link in text_links(fresh, sizes):
        kept[link.source_id, link.other_id] = link
    return [kept[pair] for pair in sorted(kept)]


def group_origins(
    source_ids: Iterable[str],
    links: Iterable[OriginLink],
    first: Mapping[str, str] | None = None,
    publishers: Mapping[str, str] | None = None,
) -> Origins:
    """Origins from text links (in pair order) and publishers: each group is named by its earliest source."""
    rank = {sid: ((first or {}).get(sid) or "9999", sid) for sid in source_ids}
    parent = {sid: sid for sid in rank}

    def root(sid: str) -> str:
        while parent[sid] != sid:
            parent[sid] = parent[parent[sid]]
            sid = parent[sid]
        return sid

    links = list(links)
    for link in links:
        ra, rb = sorted((root(link.source_id), root(link.other_id)), key=rank.__getitem__)
        if ra != rb:
            parent[rb] = ra
    by_publisher: dict[str, list[str]] = defaultdict(list)
    for sid, publisher in sorted((publishers or {}).items()):
        if sid in parent and publisher and publisher.strip():
            by_publisher[" ".join(publisher.lower().split())].append(sid)
    for sids in by_publisher.values():
        for other in sids[1:]:
            links.append(OriginLink(sids[0], other, 0, 0.0, (publishers or {})[sids[0]], "same publisher"))
            ra, rb = sorted((root(sids[0]), root(other)), key=rank.__getitem__)
            if ra != rb:
                parent[rb] = ra
    return Origins(origin_of={sid: root(sid) for sid in rank}, links=links)


# Reported speech points back to the one who said it first: "according to ISPR", "reported Radio Pakistan",
# "Pakistan daily Dawn cited a diplomatic source", "the press service of the Russian Security Council reported".
def compile_tracing(table: TracingTable) -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    """The patterns of a tracing table with {WHO} written out, compiled, and its words that name no primary."""
    return table.compiled(
        "tracing",
        lambda: (
            tuple(re.compile(rule.pattern.replace("{WHO}", table.who)) for rule in table.rules),
            frozenset(table.not_a_primary),
        ),
    )


# The package's table (factcheck/data/tracing.yaml), and the capitalised words that open a sentence or name a
# person's role, not an outlet or an office.
TRACING_RULES, _NOT_A_PRIMARY = compile_tracing(package_table("tracing"))


def traced_primary(sentence: str, *, rules: TracingTable | None = None) -> tuple[str, str] | None:
    """The outlet or office a passage attributes its words to, and the words that say so, if any.

    Args:
        rules: the tracing table (a project's, merged); the package's by default.
    """
    patterns, not_a_primary = (TRACING_RULES, _NOT_A_PRIMARY) if rules is None else compile_tracing(rules)
    for rule in patterns:
        for match in rule.finditer(sentence):
            who = match.group("who").strip()
            words = who.split()
            while words and words[0].lower() in not_a_primary:
                words = words[1:]
            if words and words[0].lower() in ("pakistan", "russia", "pakistani", "russian") and len(words) > 1 and (
                words[1] in ("daily", "newspaper")
            ):
                words = words[2:]
            if words:
                return " ".join(words).rstrip(".,;:"), match.group(0).strip().rstrip(".,;:")
    return None
