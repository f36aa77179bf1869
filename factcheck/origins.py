"""Independent origins: sources that re-run each other's paragraphs count once (pure)."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

SHINGLE_WORDS = 6
# A shingle found in more sources than this is a stock phrase, not evidence of copying.
MAX_SOURCES_PER_SHINGLE = 25
# Share of the smaller source's shingles two sources must have in common to be one origin.
MIN_SHARED_FRACTION = 0.2
MIN_SHARED_SHINGLES = 12

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


@dataclass(frozen=True)
class Origins:
    """Which origin each source belongs to, and the links that merged them."""

    origin_of: dict[str, str]
    links: list[OriginLink]

    def members(self, origin: str) -> list[str]:
        """The sources of one origin."""
        return sorted(s for s, o in self.origin_of.items() if o == origin)

    def reason(self, source_id: str) -> str | None:
        """Why a source shares its origin with others, in words."""
        for link in self.links:
            if source_id in (link.source_id, link.other_id):
                return (
                    f"{link.source_id} and {link.other_id} share {link.shared} word runs "
                    f"({link.fraction:.0%} of the shorter), e.g. \"{link.sample}\""
                )
        return None


def fold_word(word: str) -> str:
    """Lowercase a word and fold spelling variants that copy editors change."""
    word = word.lower()
    if len(word) > 5:
        word = _ISE.sub(r"iz\1", word)
        word = _OUR.sub("or", word)
    return word


def shingles(text: str, size: int = SHINGLE_WORDS) -> dict[int, str]:
    """Hashed runs of `size` folded words, each mapped to the run itself (for reasons)."""
    words = [fold_word(w) for w in _WORD.findall(text)]
    out: dict[int, str] = {}
    for i in range(len(words) - size + 1):
        run = " ".join(words[i : i + size])
        out.setdefault(zlib.crc32(run.encode("utf-8")), run)
    return out


def find_origins(article_texts: Mapping[str, str], first: Mapping[str, str] | None = None) -> Origins:
    """Group sources into independent origins by shared word runs, through an index (never all pairs).

    Args:
        first: a sort key per source (e.g. its ISO publication date); the smallest names the origin.
    """
    rank = {sid: ((first or {}).get(sid) or "9999", sid) for sid in article_texts}
    source_shingles = {sid: shingles(text) for sid, text in article_texts.items()}
    index: dict[int, list[str]] = defaultdict(list)
    for sid in sorted(source_shingles):
        for h in source_shingles[sid]:
            index[h].append(sid)
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for h, sids in index.items():
        if len(sids) < 2 or len(sids) > MAX_SOURCES_PER_SHINGLE:
            continue
        for i, a in enumerate(sids):
            for b in sids[i + 1 :]:
                shared[(a, b)].append(h)
    parent = {sid: sid for sid in article_texts}

    def root(sid: str) -> str:
        while parent[sid] != sid:
            parent[sid] = parent[parent[sid]]
            sid = parent[sid]
        return sid

    links = []
    for (a, b), hashes in sorted(shared.items()):
        smaller = min(len(source_shingles[a]), len(source_shingles[b])) or 1
        fraction = len(hashes) / smaller
        if len(hashes) >= MIN_SHARED_SHINGLES and fraction >= MIN_SHARED_FRACTION:
            sample = source_shingles[a][hashes[len(hashes) // 2]]
            links.append(OriginLink(a, b, len(hashes), round(fraction, 3), sample))
            ra, rb = sorted((root(a), root(b)), key=rank.__getitem__)
            if ra != rb:
                parent[rb] = ra
    return Origins(origin_of={sid: root(sid) for sid in article_texts}, links=links)
