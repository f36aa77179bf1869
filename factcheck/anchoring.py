"""Quote anchoring: locate a quote in a source body (exact, normalized or fuzzy), or its closest passage."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from factcheck.models import Anchor, MatchMethod

__all__ = ["anchor_quote", "closest_passage"]

# Characters that typography swaps for one another; a quote typed by hand rarely has the source's ones.
_SINGLE_QUOTES = "'‘’‛′‚`´"
_DOUBLE_QUOTES = '"“”„‟″'
_DASHES = "-‐‑‒–—―−"
# Unicode whitespace that `\s` matches; folded to a plain space one-to-one so that offsets survive.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

_FOLD_TABLE = str.maketrans(
    {c: "'" for c in _SINGLE_QUOTES}
    | {c: '"' for c in _DOUBLE_QUOTES}
    | {c: "-" for c in _DASHES}
    | {c: " " for c in _SPACES}
)

# A token of the normalized-match pattern: a whitespace run, a dash run, an ellipsis, or any other character.
_QUOTE_TOKEN = re.compile(rf"\s+|[{re.escape(_DASHES)}]+|\.\.\.|…|.", re.DOTALL)
# Where a fuzzy span may begin or end: a word, or a single punctuation mark (an opening quote, a full stop).
_SPAN_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w+")

_COUNTED_WORDS = 16  # quote words (and word pairs) counted in the text; the longest, as they tend to be rarer
_COMMON = 500  # when even the rarest quote word occurs more often than this, word pairs are counted too
_SEEDS = 6  # rarest occurring words or pairs whose occurrences vote for where the quote starts
_MAX_OCCURRENCES = 100_000  # bounds the voting work on huge texts made of common words
_CANDIDATES = 8  # windows scored with rapidfuzz
_MAX_SCAN_WINDOWS = 20_000  # bounds the word-less fallback scan; beyond it the scan samples the text
_WHOLE_ALIGNMENT = 256  # longer quotes are aligned by their head and tail
_EDGE = 64  # the head and tail length; rapidfuzz is fastest with needles of at most 64 characters
_REFINE_ROUNDS = 4
_PREFIX_PARTS = 64  # a long quote's normalized pattern is compiled only where its first parts match
# Characters compared per refining step (quote length x span length) above which only the quote's head and tail are
# compared while refining; rapidfuzz's cost grows with that product (a 5,000-character quote stays under it).
_REFINE_BUDGET = 40_000_000


def anchor_quote(
    quote: str,
    text: str,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    min_similarity: float = 0.85,
    context: int = 32,
) -> Anchor | None:
    """Locate a quote in a text: exact, then normalized, then fuzzy at or above `min_similarity`; else None.

    Args:
        exclude: half-open [start, end) ranges of `text` that are not the article; no match may overlap one.
        min_similarity: the lowest fuzzy similarity (0-1) accepted as the quote; a poorer match is None.
        context: how many characters of prefix and suffix the anchor keeps.
    """
    quote = quote.strip()
    if not quote or not text:
        return None
    ranges = _merge(exclude)
    span = _find_exact(quote, text, ranges)
    if span is not None:
        return _anchor(text, *span, "exact", 1.0, context)
    span = _find_normalized(quote, text, ranges)
    if span is not None:
        return _anchor(text, *span, "normalized", 1.0, context)
    if _similarity(_best_possible_ratio(len(" ".join(quote.split())), len(text))) < min_similarity:
        return None  # the quote is so much longer than the text that no span of it can be similar enough
    best = _closest(quote, text, ranges, floor=100 * min_similarity - 0.1)
    if best is None:
        return None
    similarity = _similarity(best[0])
    if similarity < min_similarity or not keeps_meaning(quote, text[best[1] : best[2]]):
        return None
    return _anchor(text, best[1], best[2], "fuzzy", similarity, context)


_NUMBER = re.compile(r"\d+")
_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|without|cannot)\b|n[’']t\b", re.IGNORECASE)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]{2,}")


def keeps_meaning(quote: str, passage: str) -> bool:
    """Whether a fuzzy match keeps what matters: the same numbers, negations, and names.

    A drifted "pressurized" is fine; "2015" for "2014", a dropped "not", or a missing "May" is another claim.
    """
    if sorted(_NUMBER.findall(quote)) != sorted(_NUMBER.findall(passage)):
        return False
    if len(_NEGATION.findall(quote)) != len(_NEGATION.findall(passage)):
        return False
    passage_words = re.findall(r"[\w’'-]+", passage)
    for name in _NAME.findall(quote):
        if not any(fuzz.ratio(name.lower(), word.lower()) >= 75 for word in passage_words):
            return False
    return True


def closest_passage(
    quote: str,
    text: str,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    context: int = 32,
) -> Anchor | None:
    """Return the best fuzzy alignment of a quote in a text, whatever its similarity; None for empty text."""
    quote = quote.strip()
    if not quote or not text:
        return None
    best = _closest(quote, text, _merge(exclude))
    if best is None:
        return None
    return _anchor(text, best[1], best[2], "fuzzy", _similarity(best[0]), context)


# ---------------------------------------------------------------- exact and normalized


def _find_exact(quote: str, text: str, ranges: _Ranges) -> tuple[int, int] | None:
    """Return the first occurrence of the quote that overlaps no excluded range."""
    pos = text.find(quote)
    while pos >= 0:
        end = pos + len(quote)
        blocked = ranges.overlap(pos, end)
        if blocked is None:
            return pos, end
        # Every later occurrence starting before the blocking range's end overlaps it too.
        pos = text.find(quote, max(pos + 1, blocked))
    return None


def _find_normalized(quote: str, text: str, ranges: _Ranges) -> tuple[int, int] | None:
    """Return the first match of the quote modulo quotes, dashes, ellipses, whitespace and case."""
    if len("".join(quote.split())) > 3 * len(text):
        return None  # every character but an ellipsis's three dots matches one or more; don't compile its pattern
    parts = _normalized_parts(quote)
    if len(parts) > _PREFIX_PARTS and not re.search("".join(parts[:_PREFIX_PARTS]), text, re.IGNORECASE):
        return None  # where the whole quote matches, its beginning does: a long pattern is compiled only then
    pattern = re.compile("".join(parts), re.IGNORECASE)
    match = pattern.search(text)
    while match:
        if ranges.overlap(match.start(), match.end()) is None:
            return match.start(), match.end()
        # Matches vary in length, so a later one may still fit before the excluded range: step by one.
        match = pattern.search(text, match.start() + 1)
    return None


def _normalized_parts(quote: str) -> list[str]:
    """Build the regex, in parts, that matches the quote's typographic variants in the original text, offsets intact."""
    tokens = _QUOTE_TOKEN.findall(quote)
    parts: list[str] = []
    for i, token in enumerate(tokens):
        if token[0].isspace():
            # Spacing around a dash varies ("cooperation– a", "cooperation — a"): the dash absorbs it.
            if _is_dash(tokens[i - 1]) or (i + 1 < len(tokens) and _is_dash(tokens[i + 1])):
                continue
            parts.append(r"\s+")
        elif _is_dash(token):
            inner = i > 0 and i + 1 < len(tokens)
            dash = f"[{re.escape(_DASHES)}]+"
            parts.append(rf"\s*{dash}\s*" if inner else dash)
        elif token in ("...", "…"):
            parts.append(r"(?:\.\.\.|…)")
        elif token in _SINGLE_QUOTES:
            parts.append(f"[{re.escape(_SINGLE_QUOTES)}]")
        elif token in _DOUBLE_QUOTES:
            parts.append(f"[{re.escape(_DOUBLE_QUOTES)}]")
        else:
            parts.append(re.escape(token))
    return parts


def _is_dash(token: str) -> bool:
    return token[0] in _DASHES


# ---------------------------------------------------------------- fuzzy


def _closest(quote: str, text: str, ranges: _Ranges, floor: float = 0.0) -> tuple[float, int, int] | None:
    """Return (ratio, start, end) of the best fuzzy alignment outside the excluded ranges, if any.

    Args:
        floor: the ratio below which a long quote's alignments need not be scored exactly (they may score 0).
    """
    collapsed = " ".join(quote.split())
    quote_f = _fold(collapsed)
    best: tuple[float, int, int] | None = None
    # Seed windows are over twice the quote's length: for a quote as long as the text, the text is the window.
    whole = len(collapsed) >= len(text)
    windows = [(0, len(text))] if whole else list(dict.fromkeys(_seed_windows(collapsed, text, ranges)))
    for lo, hi in windows:
        found = _align(quote_f, text, lo, hi, ranges, max(floor, best[0] if best else 0.0))
        # Ties go to the earlier passage, as with exact matches.
        if found and (best is None or (found[0], -found[1]) > (best[0], -best[1])):
            best = found
    if best is None:
        window = _scan_window(quote_f, text, ranges)
        if window is not None:
            best = _align(quote_f, text, *window, ranges, floor)
    return best


def _seed_windows(quote: str, text: str, ranges: _Ranges) -> list[tuple[int, int]]:
    """Return the windows of text most likely to hold the quote, by votes of its rarest word runs."""
    # Each occurrence of a rare quote word (or pair of words) predicts where the quote would start; the
    # buckets of predicted starts that the most distinct seeds agree on are the candidates. `str.count` and
    # `str.find` on one lowercased copy keep this linear and in C, even for a 50 MB text.
    hay = text.lower()
    if len(hay) == len(text):
        quote = quote.lower()
    else:
        # A few characters lowercase to two, so positions would drift: search case-sensitively instead.
        hay = text
    words = list(_WORD.finditer(quote))
    offsets: dict[str, list[int]] = {}
    for match in words:
        offsets.setdefault(match.group(), []).append(match.start())
    singles = [w for w in offsets if len(w) >= 3] or list(offsets)
    counts = {w: hay.count(w) for w in sorted(singles, key=len, reverse=True)[:_COUNTED_WORDS]}
    if min((c for c in counts.values() if c), default=0) > _COMMON:
        # Common words alone vote everywhere; two adjacent words are far rarer than either.
        pairs: dict[str, list[int]] = {}
        for first, second in itertools.pairwise(words):
            if quote[first.end() : second.start()] == " ":
                pairs.setdefault(quote[first.start() : second.end()], []).append(first.start())
        offsets |= pairs
        counts |= {p: hay.count(p) for p in sorted(pairs, key=len, reverse=True)[:_COUNTED_WORDS]}

    seeds: list[str] = []
    total = 0
    for needle in sorted((n for n, c in counts.items() if c), key=lambda n: (counts[n], -len(n))):
        if seeds and (len(seeds) == _SEEDS or total + counts[needle] > _MAX_OCCURRENCES):
            break
        seeds.append(needle)
        total += counts[needle]
    if not seeds:
        return []

    width = max(16, len(quote) // 2)
    votes: dict[int, int] = {}  # bucket of predicted start -> bitmask of the seeds voting for it
    budget = _MAX_OCCURRENCES  # binds only when the rarest seed alone is that common
    for bit, needle in enumerate(seeds):
        pos = hay.find(needle)
        while pos >= 0 and budget > 0:
            budget -= 1
            if ranges.overlap(pos, pos + len(needle)) is None:
                for offset in offsets[needle]:
                    bucket = (pos - offset) // width
                    votes[bucket] = votes.get(bucket, 0) | (1 << bit)
            pos = hay.find(needle, pos + 1)

    def agreement(bucket: int) -> int:
        # Neighbouring buckets count too: dropped or added words shift the predicted start.
        return (votes.get(bucket - 1, 0) | votes[bucket] | votes.get(bucket + 1, 0)).bit_count()

    ranked = sorted(votes, key=lambda b: (-agreement(b), b))
    chosen: list[int] = []
    for bucket in ranked:
        if all(abs(bucket - other) > 1 for other in chosen):
            chosen.append(bucket)
            if len(chosen) == _CANDIDATES:
                break
    pad = 16 + len(quote) // 4
    return [(max(0, (b - 1) * width - pad), min(len(text), (b + 2) * width + len(quote) + pad)) for b in chosen]


def _scan_window(quote_f: str, text: str, ranges: _Ranges) -> tuple[int, int] | None:
    """Return the fixed window most like the quote, for quotes that share no word with the text."""
    size = max(2 * len(quote_f), 64)
    step = max(size - len(quote_f), len(text) // _MAX_SCAN_WINDOWS + 1)
    windows = {
        lo: _mask(_fold(text[lo : lo + size]), lo, ranges) for lo in range(0, max(1, len(text) - size + step), step)
    }
    best = process.extractOne(quote_f, windows, scorer=fuzz.partial_ratio)
    if best is None:
        return None
    lo = best[2]
    return lo, min(len(text), lo + size)


def _align(
    quote_f: str, text: str, lo: int, hi: int, ranges: _Ranges, floor: float = 0.0
) -> tuple[float, int, int] | None:
    """Align the quote in text[lo:hi], refined to token boundaries; None if the span hits excluded text.

    Args:
        floor: the ratio to beat; a long quote's span scoring below it may score 0 (it is not worked out).
    """
    lo, hi = _widen(text, lo, hi)
    folded = _fold(text[lo:hi])
    window = _mask(folded, lo, ranges)
    if len(quote_f) <= _WHOLE_ALIGNMENT:
        whole = fuzz.partial_ratio_alignment(quote_f, window)
        start, end = whole.dest_start, whole.dest_end
    else:
        # partial_ratio's cost grows with the square of the quote's length: align its head and tail instead.
        head = fuzz.partial_ratio_alignment(quote_f[:_EDGE], window)
        after = head.dest_start + len(quote_f) // 2
        tail = fuzz.partial_ratio_alignment(quote_f[-_EDGE:], window[after:]) if after < len(window) else None
        start, end = head.dest_start, (after + tail.dest_end if tail else len(window))
    # Span boundaries come from the unmasked text, so that masking never makes a word start mid-word, and
    # skip excluded words, so that a quote cut by an excluded range still finds its part outside it.
    tokens = [
        (m.start(), m.end())
        for m in _SPAN_TOKEN.finditer(folded)
        if ranges.overlap(lo + m.start(), lo + m.end()) is None
    ]
    refined = _refine(quote_f, window, tokens, start, end, floor)
    if refined is None:
        return None
    ratio, start, end = refined
    start, end = lo + start, lo + end
    if ranges.overlap(start, end) is not None:
        return None
    return ratio, start, end


def _refine(
    quote_f: str, window: str, tokens: list[tuple[int, int]], start: int, end: int, floor: float = 0.0
) -> tuple[float, int, int] | None:
    """Move both ends to the token boundaries that maximise `fuzz.ratio` with the quote."""
    # partial_ratio aligns a quote-length slice, which cuts words and misses dropped or added words;
    # moving the start and the end in turn settles on the true span.
    if not tokens:
        return None
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    reach = 24 + min(len(quote_f) // 4, 80)
    start = _nearest(starts, start)
    end = _nearest(ends, end)
    if end <= start:
        end = ends[bisect_right(ends, start)]  # the end of the token that begins at `start`

    def score(a: int, b: int) -> float:
        return fuzz.ratio(quote_f, window[a:b]) if b > a else 0.0

    score_start = score_end = score
    over_budget = len(quote_f) * (end - start + 2 * reach) > _REFINE_BUDGET
    if over_budget:
        # Scoring the whole quote at each candidate boundary would cost the budget many times over: settle the
        # start by the quote's head and the end by its tail, then score the whole span once.
        head, tail = quote_f[:_EDGE], quote_f[-_EDGE:]

        def score_start(a: int, b: int) -> float:
            return fuzz.ratio(head, window[a : min(b, a + len(head))])

        def score_end(a: int, b: int) -> float:
            return fuzz.ratio(tail, window[max(a, b - len(tail)) : b])

    for _ in range(_REFINE_ROUNDS):
        options = starts[bisect_left(starts, start - reach) : bisect_right(starts, start + reach)]
        new_start = max((a for a in options if a < end), key=lambda a: (score_start(a, end), -abs(a - start)))
        options = ends[bisect_left(ends, end - reach) : bisect_right(ends, end + reach)]
        new_end = max((b for b in options if b > new_start), key=lambda b: (score_end(new_start, b), -abs(b - end)))
        if (new_start, new_end) == (start, end):
            break
        start, end = new_start, new_end
    if over_budget:  # a cutoff lets rapidfuzz stop early on a span that cannot beat the best one found
        return fuzz.ratio(quote_f, window[start:end], score_cutoff=floor), start, end
    return score(start, end), start, end


def _best_possible_ratio(quote_length: int, text_length: int) -> float:
    """The highest `fuzz.ratio` a quote can reach against any span of a text (a span is never longer than it)."""
    if quote_length <= text_length:
        return 100.0
    return 200.0 * text_length / (quote_length + text_length)


def _nearest(sorted_positions: list[int], target: int) -> int:
    i = bisect_left(sorted_positions, target)
    near = sorted_positions[max(0, i - 1) : i + 1]
    return min(near, key=lambda p: abs(p - target))


def _widen(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Push window edges out to whitespace (a few dozen characters at most), so no word is cut in two."""
    for _ in range(64):
        if lo == 0 or text[lo - 1].isspace():
            break
        lo -= 1
    for _ in range(64):
        if hi >= len(text) or text[hi].isspace():
            break
        hi += 1
    return lo, hi


def _fold(s: str) -> str:
    """Fold quotes, dashes and whitespace one character for one, and case only when that keeps the length."""
    s = s.translate(_FOLD_TABLE)
    lower = s.lower()
    return lower if len(lower) == len(s) else s


def _mask(window: str, lo: int, ranges: _Ranges) -> str:
    """Blank out excluded text in a window with a character no quote holds, keeping offsets."""
    for start, end in ranges.within(lo, lo + len(window)):
        a, b = max(start, lo) - lo, min(end, lo + len(window)) - lo
        window = window[:a] + "\0" * (b - a) + window[b:]
    return window


def _similarity(ratio: float) -> float:
    """Turn a rapidfuzz ratio into 0-1; a fuzzy match that is not identical never rounds up to 1.0."""
    return 1.0 if ratio >= 100 else min(round(ratio / 100, 3), 0.999)


# ---------------------------------------------------------------- shared


class _Ranges:
    """Excluded half-open ranges, merged and sorted for binary search."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in ranges]
        self.ends = [e for _, e in ranges]

    def overlap(self, start: int, end: int) -> int | None:
        """Return the end of the excluded range that [start, end) overlaps, or None."""
        i = bisect_left(self.starts, end) - 1
        if i >= 0 and self.ends[i] > start:
            return self.ends[i]
        return None

    def within(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Return the excluded ranges that overlap [lo, hi)."""
        first = bisect_right(self.ends, lo)
        last = bisect_left(self.starts, hi)
        return list(zip(self.starts[first:last], self.ends[first:last], strict=True))


def _merge(exclude: Sequence[tuple[int, int]]) -> _Ranges:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((s, e) for s, e in exclude if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return _Ranges(merged)


def _anchor(text: str, start: int, end: int, method: MatchMethod, similarity: float, context: int) -> Anchor:
    return Anchor(
        start=start,
        end=end,
        method=method,
        similarity=similarity,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
