"""Evidence discovery: the search terms for a claim, and candidate passages ranked with a proposed stance (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.events import PARTIES, EventSignature, read_event
from factcheck.models import Stance, TimeMention
from factcheck.timing import ClaimTime, relate_times
from factcheck.wording import read_wording

# Words the field writes in several ways; a claim's word brings in its whole row.
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(row.split("|"))
    for row in (
        "agreement|treaty|accord|pact|mou|memorandum|deal|protocol",
        "defence|defense|military|security",
        "visit|visited|trip|travel|travelled|traveled|toured|tour",
        "met|meeting|talks|held talks",
        "exercise|exercises|drill|drills|manoeuvres|maneuvers",
        "signed|inked|concluded|sealed",
        "army chief|coas|chief of army staff",
        "foreign minister|fm|foreign office",
        "embargo|ban|sanctions",
        "cooperation|co-operation|ties|relations",
    )
)
_STOPWORDS = frozenset(
    "a an the and or of in on at to for by with from as is was were be been being that this these those its their "
    "his her it they he she we which who whom whose what when where how not no but also than then there here has "
    "have had do does did will would shall should can could may might must into over under about after before "
    "between during since until while per via new".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Descriptions this alike ("defence cooperation agreement" and "defense cooperation pact") name one instrument.
SAME_EVENT_WORDS = 0.5
# How much each kind of agreement between claim and passage adds to a candidate's score (they sum to 1).
WEIGHTS = {"lexical": 0.35, "parties": 0.2, "people": 0.15, "event": 0.15, "time": 0.15}


@dataclass(frozen=True)
class Candidate:
    """A passage found by lexical search, with its times read against its source's date."""

    source_id: str
    start: int
    end: int
    text: str
    bm25: float  # FTS5 rank: lower (more negative) is better
    times: list[TimeMention] = field(default_factory=list)


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


def search_terms(claim_text: str) -> list[str]:
    """The claim's content words and phrases, each with the field's synonyms and the parties' other names."""
    lowered = claim_text.lower()
    words = [w.lower().strip("'’") for w in _WORD.findall(claim_text)]
    terms = [w for w in words if w not in _STOPWORDS and len(w) > 2]
    for row in SYNONYMS:
        if any(re.search(rf"(?<!\w){re.escape(s)}(?!\w)", lowered) for s in row):
            terms.extend(row)
    for names in PARTIES.values():
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", lowered) for n in names):
            terms.extend(n for n in names if len(n) > 3)
    return list(dict.fromkeys(terms))


def rank_candidates(
    claim_text: str, when: ClaimTime, candidates: list[Candidate], top: int = 5
) -> list[Suggestion]:
    """The best candidates for a claim, best first, each with a proposed stance and the reasons for both."""
    if not candidates:
        return []
    claim_event = read_event(claim_text)
    best_bm25 = min(c.bm25 for c in candidates)
    suggestions = []
    for rank, candidate in enumerate(candidates, start=1):
        lexical = candidate.bm25 / best_bm25 if best_bm25 < 0 else 0.0
        suggestions.append(_judge(claim_event, when, candidate, lexical, rank))
    suggestions.sort(key=lambda s: (-s.score, s.source, s.start))
    return suggestions[:top]


def _judge(claim: EventSignature, when: ClaimTime, candidate: Candidate, lexical: float, rank: int) -> Suggestion:
    passage = read_event(candidate.text)
    reasons = [f"search rank {rank}"]
    shared_parties = claim.parties & passage.parties
    parties = len(shared_parties) / len(claim.parties) if claim.parties else 0.0
    if shared_parties:
        reasons.append("same parties" if parties == 1 else "shares parties" + f" ({', '.join(sorted(shared_parties))})")
    people = len(claim.people & passage.people) / len(claim.people) if claim.people else 0.0
    if claim.people & passage.people:
        reasons.append(f"names {', '.join(sorted(claim.people & passage.people))}")
    same_kind = claim.kind is not None and claim.kind == passage.kind
    event = 0.0
    if same_kind:
        event = 0.5 + 0.5 * claim.likeness(passage)
        words = f"{claim.head}≈{passage.head}" if claim.head != passage.head else claim.head
        reasons.append(f"same kind of event ({words})")
    relation, said = relate_times(when, candidate.times)
    time = {"overlaps": 1.0, "disjoint": 0.5, "unknown": 0.0}[relation]
    if relation == "overlaps":
        reasons.append(f"time agrees: {said} (claim {when.label})")
    elif relation == "disjoint":
        reasons.append(f"time {said} vs claim {when.label}")
    score = (
        WEIGHTS["lexical"] * lexical + WEIGHTS["parties"] * parties + WEIGHTS["people"] * people
        + WEIGHTS["event"] * event + WEIGHTS["time"] * time
    )
    stance = _propose_stance(claim, when, candidate, same_kind, parties, relation, reasons)
    return Suggestion(candidate.source_id, candidate.start, candidate.end, candidate.text, stance, round(score, 3),
                      reasons)


_DENIAL = re.compile(r"\b(?:denied|denies|deny|no such (?:agreement|treaty|deal|pact|visit)|did not take place|"
                     r"never (?:signed|visited|took place)|was not signed|called off|cancelled|canceled)\b", re.I)


def _propose_stance(
    claim: EventSignature,
    when: ClaimTime,
    candidate: Candidate,
    same_kind: bool,
    parties: float,
    relation: str,
    reasons: list[str],
) -> Stance:
    """supports when parties, event and time agree; contradicts for the same event at another time or a denial."""
    passage = read_event(candidate.text)
    cues = {f.cue for f in read_wording(candidate.text)}
    # "Both sides had signed ...": a passage that names no parties leaves them to its paragraph, so it may still be it.
    about_it = same_kind and (parties > 0 or not passage.parties)
    if claim.kind in ("visit", "meeting", "exercise") and claim.people:
        same_event = about_it and bool(claim.people & passage.people)  # a visit is someone's visit
    else:
        same_event = about_it and claim.likeness(passage) >= SAME_EVENT_WORDS
    denial = _DENIAL.search(candidate.text)
    planned = "planned" in cues and not when.planned
    if about_it and denial:
        reasons.append(f'denial: "{denial.group(0)}"')
        return "contradicts"
    if same_event and relation == "disjoint" and when.kind == "event" and not when.planned and not planned:
        reasons.append("the same event at another time")
        return "contradicts"
    withheld = {"no-detail", "denial"} & cues or planned
    if about_it and withheld and relation != "disjoint":
        reasons.append("hedges or withholds: " + ", ".join(sorted({"no-detail", "denial", "planned"} & cues)))
        return "qualifies"
    if (same_event and relation != "disjoint") or (about_it and relation == "overlaps"):
        return "supports"
    return "mentions"
