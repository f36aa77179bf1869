"""Evidence discovery: the search terms for a claim, and candidate passages ranked with a proposed stance (pure)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from factcheck.events import EventSignature, read_event
from factcheck.models import Stance, TimeMention
from factcheck.stancemodel import (
    Article,
    ArticleReading,
    StanceModel,
    decide,
    package_model,
    prepare_article,
    read_article,
)
from factcheck.timing import ClaimTime, relate_times
from factcheck.vocabulary import SynonymTable, Vocabulary, package_table, package_vocabulary
from factcheck.wording import Polarity, WordingFinding, compile_stance, read_polarity, read_wording


def compile_synonyms(table: SynonymTable) -> tuple[frozenset[str], ...]:
    """The rows of a synonym table as sets (once per table)."""
    return table.compiled("synonyms", lambda: tuple(frozenset(row) for row in table.rows))


# Words the field writes in several ways (factcheck/data/synonyms.yaml); a claim's word brings in its whole row.
SYNONYMS: tuple[frozenset[str], ...] = compile_synonyms(package_table("synonyms"))
_STOPWORDS = frozenset(
    "a an the and or of in on at to for by with from as is was were be been being that this these those its their "
    "his her it they he she we which who whom whose what when where how not no but also than then there here has "
    "have had do does did will would shall should can could may might must into over under about after before "
    "between during since until while per via new".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_BOTH_SIDES = re.compile(r"\b(?:the two|both) (?:sides|countries|nations|governments|militaries|armies)\b", re.I)

# How much each kind of agreement between claim and passage adds to a candidate's score (they sum to 1), and the
# share of the claim's own words a passage must hold to be about the same thing when no event word decides it
# (factcheck/data/weights.yaml).
WEIGHTS: dict[str, float] = dict(package_table("weights").weights)
TOPICAL_SHARE: float = package_table("weights").topical_share
# A passage that refutes or negates the claim's words bears on it with fewer of them than one that asserts it.
REFUTED_SHARE = 0.5
# A passage contradicts a negated claim by asserting it only when it holds nearly all of the claim's words.
ASSERTED_SHARE = 0.8


@dataclass(frozen=True)
class Candidate:
    """A passage found by lexical search, with its times read against its source's date."""

    source_id: str
    start: int
    end: int
    text: str
    bm25: float  # FTS5 rank: lower (more negative) is better
    times: list[TimeMention] = field(default_factory=list)
    lexical: float | None = None  # 0-1 against the best of its own query, when candidates come from several
    article: float | None = None  # its whole article's BM25, 0-1 against the best article's, when articles were ranked


@dataclass(frozen=True)
class Suggestion:
    """A passage proposed as evidence for a claim: where it is, the stance proposed, a score and why."""

    source: str
    start: int
    end: int
    text: str
    stance: Stance
    score: float
    reasons: list[str]
    # Whether a contradiction rests on the event itself (the same event dated otherwise, or said not to have taken
    # place) rather than on the passage's words: the article model reads words only, so it leaves these alone.
    from_event: bool = False


def own_terms(claim_text: str) -> list[str]:
    """The claim's own content words and years, without expansion: the words that make it specific."""
    words = [w.lower().strip("'’") for w in _WORD.findall(claim_text)]
    terms = [w for w in words if w not in _STOPWORDS and len(w) > 2]
    return list(dict.fromkeys([*terms, *_YEAR.findall(claim_text)]))


def search_terms(claim_text: str, *, synonyms: SynonymTable | None = None) -> list[str]:
    """The claim's content words and phrases, each with the field's synonyms.

    The parties' other names (Islamabad for Pakistan) are left to the reranking: in a corpus about two countries
    nearly every passage names one, so they cost the index much and tell it little.

    Args:
        synonyms: the synonym table (a project's, merged); the package's by default.
    """
    lowered = claim_text.lower()
    terms = own_terms(claim_text)
    for row in SYNONYMS if synonyms is None else compile_synonyms(synonyms):
        if any(re.search(rf"(?<!\w){re.escape(s)}(?!\w)", lowered) for s in row):
            terms.extend(row)
    return list(dict.fromkeys(terms))


# Words too common in news to carry a story from one article to another ("said", "would"), beside the stop words.
_FEEDBACK_STOPWORDS = _STOPWORDS | frozenset(
    "said says that this with from have were which their there about would could after they been also more than "
    "into when will what other some them these just only over most such like very where while being those because "
    "through year years told according reported report people time first last week".split()
)
_FEEDBACK_WORD = re.compile(r"[a-z]{4,}")


def feedback_terms(texts: Sequence[str], known: set[str], count: int) -> list[str]:
    """Words that the best articles share (in at least two of them) and the query lacks, most frequent first.

    Pseudo-relevance feedback: the articles that match a claim best name what the claim leaves out (a person's
    name, a place, the outlet that broke the story), and other articles on the same story use those words too.
    """
    counts = [Counter(w for w in _FEEDBACK_WORD.findall(text.lower()) if w not in known and w not in
                      _FEEDBACK_STOPWORDS) for text in texts]
    total: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for words in counts:
        total.update(words)
        spread.update(words.keys())
    shared = [(word, n) for word, n in total.items() if spread[word] >= 2]
    return [word for word, _ in sorted(shared, key=lambda item: (-item[1], item[0]))[:count]]


def rank_candidates(
    claim_text: str,
    when: ClaimTime,
    candidates: list[Candidate],
    top: int = 5,
    *,
    vocabulary: Vocabulary | None = None,
    per_source: int | None = None,
    events: dict[str, EventSignature] | None = None,
    wordings: dict[str, list[WordingFinding]] | None = None,
) -> list[Suggestion]:
    """The best candidates for a claim, best first, each with a proposed stance and the reasons for both.

    When articles were ranked, a candidate whose whole article was (`Candidate.article`) has its score fused with
    its article's, since a claim's words spread over an article find it better than any one sentence does; an
    article's best passage then stands for it even when another article carries the same words. Without article
    scores, passages are ranked on their own: in a project about one story every article matches the claim's
    words, and several passages of one article may each bear on it.

    Args:
        vocabulary: the weights, wording cues and event words to judge passages with; the package's by default.
        per_source: at most this many passages of one source (None: no limit).
        events: the passages' events read so far, by text, with this vocabulary: a caller ranking many claims'
            candidates passes one dict, and a passage found for several claims is read once.
        wordings: the passages' wording cues read so far, by text, with this vocabulary (as `events`).
    """
    if not candidates:
        return []
    vocabulary = vocabulary or package_vocabulary()
    claim_event = read_event(claim_text, vocabulary.events)
    claim_words = {_stem(w) for w in own_terms(claim_text) if not w.isdigit()}
    patterns = compile_stance(vocabulary.wording)

    def is_claim_word(word: str) -> bool:
        return _stem(word) in claim_words

    # A question asserts nothing ("Was the video a hoax?"); a claim about what someone says or denies is read as
    # reported, so that a passage saying the opposite of the words it relays does not contradict it.
    claim_polarity = Polarity() if "?" in claim_text else read_polarity(
        claim_text, is_claim_word, patterns, negated_words=1)
    speech = _SPEECH.search(claim_text)
    if speech and not claim_polarity.reported:
        claim_polarity = replace(claim_polarity, reported=speech.group(0))
    best_bm25 = min(c.bm25 for c in candidates)
    articles = sorted({(-c.article, c.source_id) for c in candidates if c.article is not None})
    article_ranks = {source_id: rank for rank, (_, source_id) in enumerate(articles, start=1)}
    suggestions: list[tuple[Suggestion, float | None]] = []
    for rank, candidate in enumerate(candidates, start=1):
        lexical = candidate.lexical if candidate.lexical is not None else (
            candidate.bm25 / best_bm25 if best_bm25 < 0 else 0.0
        )
        polarity = read_polarity(candidate.text, is_claim_word, patterns)
        if events is None or candidate.text not in events:
            passage = read_event(candidate.text, vocabulary.events)
            if events is not None:
                events[candidate.text] = passage
        else:
            passage = events[candidate.text]
        findings = wordings.get(candidate.text) if wordings is not None else None
        if findings is None:
            findings = read_wording(candidate.text, rules=vocabulary.wording)
            if wordings is not None:
                wordings[candidate.text] = findings
        judged = _judge(claim_event, passage, when, candidate, lexical, rank, claim_words, vocabulary,
                        (claim_polarity, polarity), findings)
        suggestions.append((judged, candidate.article))
    suggestions = _fuse_articles(suggestions, article_ranks)
    # A syndicated copy of a passage already listed adds nothing: keep the best-scored copy only. When articles are
    # ranked, an article's first passage stands for the article, copy or not: one more outlet carries the story.
    ranked_articles = any(c.article is not None for c in candidates)
    seen: set[str] = set()
    shown: dict[str, int] = {}
    distinct = []
    for suggestion in suggestions:
        words = " ".join(re.findall(r"\w+", suggestion.text.lower()))
        copy = words in seen and not (ranked_articles and suggestion.source not in shown)
        if copy or (per_source and shown.get(suggestion.source, 0) >= per_source):
            continue
        seen.add(words)
        shown[suggestion.source] = shown.get(suggestion.source, 0) + 1
        distinct.append(suggestion)
    return distinct[:top]


# The share of a candidate's score its whole article's BM25 gives when articles are ranked (the passage's own reading
# gives the rest). Tuned on FNC-1 development headlines (bench/retrieval_fnc.py): 0.3, 0.5, 0.7, 0.85 and 1.0 gave
# recall@10 0.730, 0.727, 0.732, 0.719 and 0.715 against 0.728 for BM25 over whole bodies.
ARTICLE_WEIGHT = 0.7


def _with_article(suggestion: Suggestion, article: float, ranks: dict[str, int]) -> Suggestion:
    """The suggestion with its score fused with its article's BM25 (0-1), and the article's rank among its reasons."""
    score = (1 - ARTICLE_WEIGHT) * suggestion.score + ARTICLE_WEIGHT * article
    reasons = [*suggestion.reasons[:1], f"article rank {ranks[suggestion.source]}", *suggestion.reasons[1:]]
    return replace(suggestion, score=round(score, 3), reasons=reasons)


def _fuse_articles(judged: list[tuple[Suggestion, float | None]], ranks: dict[str, int]) -> list[Suggestion]:
    """The suggestions best first, each fused with its article's score (when articles were ranked).

    An article's score counts once, with its best passage: its other passages rank on their own reading, so the
    next article's best passage comes before them unless they bear on the claim far more (FNC-1 development, top 10
    passages: 10.0 distinct articles, against 6.2 when every passage carried its article's score). Which articles
    come first, and in what order, is the same either way.
    """
    fused = sorted(((_with_article(s, a, ranks) if a is not None else s, s, a) for s, a in judged),
                   key=lambda f: (-f[0].score, f[0].source, f[0].start))
    out = []
    led: set[str] = set()
    for suggestion, own, article in fused:
        if article is not None and suggestion.source in led:
            suggestion = replace(suggestion, score=round((1 - ARTICLE_WEIGHT) * own.score, 3))
        led.add(suggestion.source)
        out.append(suggestion)
    return sorted(out, key=lambda s: (-s.score, s.source, s.start))


def _judge(
    claim: EventSignature,
    passage: EventSignature,
    when: ClaimTime,
    candidate: Candidate,
    lexical: float,
    rank: int,
    claim_words: set[str],
    vocabulary: Vocabulary,
    polarities: tuple[Polarity, Polarity],
    findings: list[WordingFinding],
) -> Suggestion:
    passage_words = {_stem(w) for w in re.findall(r"[a-z]+", candidate.text.lower())}
    topical = len(claim_words & passage_words) / len(claim_words) if claim_words else 0.0
    reasons = [f"search rank {rank}"]
    shared_parties = claim.parties & passage.parties
    parties = len(shared_parties) / len(claim.parties) if claim.parties else 0.0
    if claim.parties and not passage.parties and _BOTH_SIDES.search(candidate.text):
        parties = 1.0  # "the two countries", "both sides": the parties its paragraph named
        reasons.append("'both sides' stands for the parties")
    elif claim.parties and not passage.parties:
        parties = 0.5  # names none: it leaves them to its paragraph
    if shared_parties:
        reasons.append("same parties" if parties == 1 else "shares parties" + f" ({', '.join(sorted(shared_parties))})")
    shared_people = claim.shared_people(passage)
    people = min(1.0, len(shared_people) / len(claim.people)) if claim.people else 0.0
    if shared_people:
        reasons.append(f"names {', '.join(sorted(shared_people))}")
    same_kind = claim.kind is not None and claim.kind == passage.kind
    if same_kind and claim.kind in ("visit", "meeting") and claim.people and not claim.shared_people(passage):
        same_kind = False  # someone else's visit: the same kind of event, not the same event
    event = 0.0
    if same_kind:
        event = 0.5 + 0.5 * claim.likeness(passage)
        words = f"{claim.head}≈{passage.head}" if claim.head != passage.head else claim.head
        reasons.append(f"same kind of event ({words})")
    relation, said = relate_times(when, candidate.times)
    # A date that meets the claim's, or the same event's date that misses it, both bear on the claim.
    time = {"overlaps": 1.0, "disjoint": 0.8 if same_kind else 0.3, "unknown": 0.0}[relation]
    if relation == "overlaps":
        reasons.append(f"time agrees: {said} (claim {when.label})")
    elif relation == "disjoint":
        reasons.append(f"time {said} vs claim {when.label}")
    cues = {f.cue for f in findings}
    hedge = next((f.words for f in findings if f.cue == "hedge"), "")
    if hedge and not polarities[1].reported:  # "might have been signed" relays no more than "reportedly" does
        polarities = (polarities[0], replace(polarities[1], reported=hedge))
    weights, share = vocabulary.weights.weights, vocabulary.weights.topical_share
    stance, from_event = _propose_stance(
        claim, passage, when, candidate, same_kind, parties, relation, reasons, cues, topical, share, polarities
    )
    # A passage that withholds detail or denies bears on the claim more than its few shared words say.
    bearing = 1.0 if stance in ("contradicts", "qualifies") else 0.0
    score = (
        weights["lexical"] * lexical + weights["parties"] * parties + weights["people"] * people
        + weights["event"] * event + weights["time"] * time + weights["bearing"] * bearing
    )
    return Suggestion(candidate.source_id, candidate.start, candidate.end, candidate.text, stance, round(score, 3),
                      reasons, from_event)


# An explicit denial of the event itself; "efforts to get those cancelled" is not one.
_DENIAL = re.compile(
    r"\b(?:denied|denies|no such (?:agreement|treaty|deal|pact|visit)|did not take place|never (?:signed|visited|"
    r"took place)|(?:was|were) not signed|(?:was|were) (?:called off|cancelled|canceled|postponed))\b",
    re.IGNORECASE,
)


# "Iraq says the woman is not his wife": a claim about what someone says is not contradicted by the opposite.
_SPEECH = re.compile(r"\b(?:says?|said|insists?|insisted|claims?|claimed|tells|told|according to|den(?:y|ies|ied))\b",
                     re.IGNORECASE)


# Kept: a suggest run stems each of its articles' words (some 100,000 calls at 2,000 sources), and the words repeat;
# bounded, since a long-lived process may stem a whole archive's vocabulary.
@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude stem, enough to match 'visited' with 'visit' and 'agreements' with 'agreement'."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _propose_stance(
    claim: EventSignature,
    passage: EventSignature,
    when: ClaimTime,
    candidate: Candidate,
    same_kind: bool,
    parties: float,
    relation: str,
    reasons: list[str],
    cues: set[str],
    topical: float,
    topical_share: float = TOPICAL_SHARE,
    polarities: tuple[Polarity, Polarity] = (Polarity(), Polarity()),
) -> tuple[Stance, bool]:
    """The stance, and whether the event itself (not the wording) decided a contradiction.

    supports when parties, event and time agree or the passage asserts most of the claim's words; contradicts for
    the same event at another time, a denial, or a passage whose polarity on the claim's words is not the claim's
    (negated, refuted, retracted); qualifies when it only reports or hedges what it says; mentions otherwise.
    """
    # "Both sides had signed ...": a passage that names no parties leaves them to its paragraph, so it may still be it.
    about_it = same_kind and (parties > 0 or not passage.parties)
    if claim.kind in ("visit", "meeting", "exercise") and claim.people:
        same_event = about_it and bool(claim.shared_people(passage))  # a visit is someone's visit
    else:
        # An agreement, a treaty or a pact: any instrument of the same parties whose qualifying words agree.
        same_event = about_it and claim.modifiers_meet(passage)
    denial = _DENIAL.search(candidate.text)
    planned = "planned" in cues and not when.planned
    if about_it and denial:
        reasons.append(f'denial: "{denial.group(0)}"')
        return "contradicts", True  # the event is known by its kind and parties, and said not to have happened
    if same_event and relation == "disjoint" and when.kind == "event" and not when.planned and not planned:
        reasons.append("the same event at another time")
        return "contradicts", True
    # Negation, denial and refutation on any topic: the passage's polarity on the claim's words against the claim's.
    said, it = polarities
    about = about_it or topical >= topical_share * REFUTED_SHARE
    if about and it.negative and not said.negative:
        if said.reported:  # "Media report X": that X is false does not make the report up
            reasons.append(f'{it.deciding}, of what the claim reports ("{said.reported}")')
            return "qualifies", False
        reasons.append(it.deciding)
        return "contradicts", False
    if about and it.negative and said.negative:
        reasons.append(f"{it.deciding}, as the claim does ({said.deciding})")
        return "supports", False
    if about and it.unconfirmed and not said.negative:
        reasons.append(f'withholds confirmation: "{it.unconfirmed}"')
        return "qualifies", False
    hedged = it.reported
    asserts = topical >= topical_share and relation != "disjoint" and not hedged and not planned
    if about and said.refuted and not said.negated and it.cancelled:
        reasons.append(f'takes back the claim\'s refutation: "{it.cancelled}"')
        return "contradicts", False
    if (said.negated and not it.negative and asserts and topical >= ASSERTED_SHARE
            and not ({"no-detail", "denial"} & cues) and not said.reported):
        reasons.append(f'asserts what the claim denies ({said.deciding})')
        return "contradicts", False
    withheld = {"no-detail", "denial"} & cues or planned
    if about_it and withheld and relation != "disjoint":
        reasons.append("hedges or withholds: " + ", ".join(sorted({"no-detail", "denial", "planned"} & cues)))
        return "qualifies", False
    if (same_event and relation != "disjoint") or (about_it and relation == "overlaps"):
        if it.reported:
            reasons.append(f'reports it: "{it.reported}"')
            return "qualifies", False
        # The passage is about the event, but its article may still call it a hoax: the model may read it again.
        return "supports", False
    # No event word decides it ("Kabulov defended Pakistan at the Amritsar conference"): most of the claim's own
    # words, its people and no clashing date make a passage that asserts it.
    people_ok = not claim.people or bool(claim.shared_people(passage))
    if topical >= topical_share and people_ok and relation != "disjoint" and not withheld:
        if hedged:
            reasons.append(f'holds {topical:.0%} of the claim\'s words, but reports it: "{hedged}"')
            return "qualifies", False
        reasons.append(f"holds {topical:.0%} of the claim's words")
        return "supports", False
    return "mentions", False


class ArticleReader:
    """Reads suggestions again in their articles with the stance model, preparing each article once."""

    def __init__(self, sentences_of: Callable[[str], Sequence[str]], *, vocabulary: Vocabulary | None = None,
                 model: StanceModel | None = None) -> None:
        """`sentences_of` gives a source id's article sentences, in order; the model is the package's by default."""
        self.sentences_of = sentences_of
        self.vocabulary = vocabulary or package_vocabulary()
        self.model = model or package_model()
        self.patterns = compile_stance(self.vocabulary.wording)
        self.articles: dict[str, Article] = {}

    def __call__(self, claim_text: str, suggestions: list[Suggestion]) -> list[Suggestion]:
        """The suggestions, each stance the model changed with the reason it names (none shipped: as they are)."""
        if self.model is None or not suggestions:
            return suggestions
        claim_words = {_stem(w) for w in own_terms(claim_text) if not w.isdigit()}
        readings: dict[str, ArticleReading] = {}
        out = []
        for suggestion in suggestions:
            if suggestion.from_event:  # the model reads words; the event's kind, parties and time decided this one
                out.append(suggestion)
                continue
            if suggestion.source not in readings:
                if suggestion.source not in self.articles:
                    self.articles[suggestion.source] = prepare_article(
                        self.sentences_of(suggestion.source), _stem, self.model, self.patterns)
                readings[suggestion.source] = read_article(claim_text, claim_words, _stem,
                                                           self.articles[suggestion.source], self.model, self.patterns)
            stance, why = decide(suggestion.stance, readings[suggestion.source], self.model)
            out.append(replace(suggestion, stance=stance, reasons=[*suggestion.reasons, why]) if why else suggestion)
        return out
