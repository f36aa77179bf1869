"""Verdicts, Admiralty credibility grades and conflicts, each with the reasons behind it (pure)."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from factcheck.events import AssertedOutcome, Assertion, EventSignature, read_event, resolve_names, same_person
from factcheck.eventvocab import DEFAULT_EVENT_VOCABULARY, EventVocabulary
from factcheck.models import (
    Assessment,
    Claim,
    Conflict,
    EvidenceCheck,
    Override,
    Resolution,
    SourceMeta,
    WeighedEvidence,
)
from factcheck.origins import traced_primary
from factcheck.timeline import TimeSpan
from factcheck.timing import ClaimTime, claim_time, relate_times
from factcheck.vocabulary import Vocabulary, package_vocabulary
from factcheck.wording import WEAKENING_CUES, WordingFinding, read_wording, reported_as_done

RELIABLE_GRADES = frozenset("ABC")
RELIABILITY_WORDS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
# The reason line that says a grade rests on sources nobody has graded; reports pick it out by these words.
UNKNOWN_RELIABILITY = "grade rests on sources of unknown reliability (F)"
CREDIBILITY_WORDS = {
    1: "confirmed by other independent sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


def weigh_evidence(
    check: EvidenceCheck,
    meta: SourceMeta | None,
    origin: str,
    claim: ClaimTime | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    about_a_statement: bool = False,
    wording: Sequence[WordingFinding] | None = None,
) -> WeighedEvidence:
    """How much one evidence item can bear, read against the claim's time and kind, and why.

    Args:
        about_a_statement: the claim is that someone said something ("X said that it was a hoax"): a hedge in the
            quote is part of what was said, not a doubt about whether it was said.
        wording: what read_wording finds in the quote's sentence with the vocabulary (from a cache); read when None.
    """
    cues_table = (vocabulary or package_vocabulary()).wording
    reasons: list[str] = []
    grade = meta.reliability if meta else "F"

    def unusable(*why: str) -> WeighedEvidence:
        return WeighedEvidence(
            index=check.index,
            source_id=check.source_id,
            origin=origin,
            stance=check.stance,
            strength="none",
            reasons=list(why),
            reliability=grade,
        )

    if check.anchor is None or check.problem:
        return unusable(check.problem or "quote not found in the source")
    as_written = check.anchor.exact
    if wording is None:
        wording = read_wording(check.sentence or check.quote, check.following, quote=as_written, rules=cues_table)
    if check.stance in ("qualifies", "mentions"):  # context only: its wording is read for the reader, not weighed
        context = list(wording)
        return unusable(
            f"{check.stance}: context, not a verdict either way", *(f'{f.explanation}: "{f.words}"' for f in context)
        ).model_copy(update={"cues": [f.cue for f in context]})
    findings = list(wording)
    if claim and claim.kind == "state":
        # "He gave no further details of the pact" weakens the pact, not the title he holds in the same sentence.
        findings = [f for f in findings if f.cue not in ("no-detail", "planned")]
    if about_a_statement:
        findings = [f for f in findings if not (f.cue == "hedge" and f.words.lower() in as_written.lower())]
    cues = [f.cue for f in findings]
    done = reported_as_done(check.sentence or check.quote, quote=as_written) if "planned" in cues else None
    if done:  # "the visit, scheduled for May, took place": a report that the plan came true
        findings = [f for f in findings if f.cue != "planned"]
        cues = [f.cue for f in findings]
        reasons.append(f'planned, and reported as done: "{done}"')
    if check.stance == "supports" and "planned" in cues and not (claim and claim.planned):
        words = next(f.words for f in findings if f.cue == "planned")
        return unusable(f'a plan or schedule ("{words}") is not evidence that it happened')
    stance = check.stance
    relation, said = relate_times(claim, check.times) if claim else ("unknown", "")
    written_before = (
        claim is not None and claim.span is not None and check.published_by is not None
        and check.published_by < claim.span.earliest
    )
    if written_before and claim and claim.kind == "state":
        return unusable(
            f"written by {check.published_by}, before the claim's time ({claim.label}): a state then says nothing "
            "about later"
        )
    if written_before and check.stance == "supports" and relation != "overlaps":
        # An article cannot report as done what happened after it was written: its event is another one.
        relation, said = "disjoint", said or f"nothing later than its writing ({check.published_by})"
    if relation == "disjoint" and check.stance == "supports" and _spans_sentences(as_written):
        # A quote that runs on into the next sentence may carry that sentence's date: show it, do not decide by it.
        reasons.append(f"another time, in a quote of several sentences: {said} (claim: {claim.label})")  # type: ignore[union-attr]
        relation = "unknown"
    if relation == "overlaps":
        reasons.append(f"time agrees: {said} (claim: {claim.label})")  # type: ignore[union-attr]
    elif relation == "disjoint" and claim and claim.kind == "state":
        return unusable(
            f"about another time: {said} (claim: {claim.label}); a state at one time says nothing about another"
        )
    elif relation == "disjoint" and check.stance == "supports":
        stance = "contradicts"
        reasons.append(
            f"time mismatch: the quote says {said}, the claim says {claim.label}: "  # type: ignore[union-attr]
            "the same event at another time counts against the claim"
        )
    elif relation == "disjoint":
        reasons.append(f"another time: {said} (claim: {claim.label})")  # type: ignore[union-attr]
    strength = "strong"
    weakening = WEAKENING_CUES - {"planned"} if claim and claim.planned else WEAKENING_CUES
    if any(f.cue in weakening for f in findings):
        strength = "weak"
    elif grade not in RELIABLE_GRADES or "unnamed" in cues:
        strength = "fair"
    if grade == "E":
        strength = "weak"
    reasons.append(f"source {check.source_id} is {grade} ({RELIABILITY_WORDS[grade]})")
    reasons.extend(f'{f.explanation}: "{f.words}"' for f in findings)
    if check.anchor.method == "fuzzy":
        reasons.append(f"quote drifted from the source (similarity {check.anchor.similarity:.2f})")
    return WeighedEvidence(
        index=check.index,
        source_id=check.source_id,
        origin=origin,
        stance=check.stance,
        effective_stance=stance if stance != check.stance else None,  # type: ignore[arg-type]
        strength=strength,
        cues=cues,
        reasons=reasons,
        reliability=grade,
    )


_SENTENCE_BREAK = re.compile(r"[.!?;][”’\"']?\s+[“\"']?[A-Z]")


def _spans_sentences(quote: str) -> bool:
    """Whether a quote runs over a sentence end ("... in 2015. It was Gen Bajwa's first visit")."""
    return bool(_SENTENCE_BREAK.search(quote))


# Plain ungraded contradiction from this many times as many independent origins as the plain ungraded support
# outweighs it: one site's story against several that deny it plainly is refuted, not conflicting.
OUTWEIGHED = 2
_SOURCE_NAMED_AFTER = re.compile(
    r"(?:,|\bas)\s+(?:[\w.'’-]+\s+){1,8}(?:said|says|announced|reported|told|claimed|confirmed|stated|wrote)\W*$")


def score_claim(
    claim: Claim,
    checks: Sequence[EvidenceCheck],
    metas: Mapping[str, SourceMeta],
    origin_of: Mapping[str, str],
    when: ClaimTime | None = None,
    text_origin_of: Mapping[str, str] | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    wordings: Mapping[int, Sequence[WordingFinding]] | None = None,
    signature: EventSignature | None = None,
) -> Assessment:
    """A claim's verdict and credibility from its weighed evidence, counting origins, not articles.

    Args:
        vocabulary: the wording cues and tracing rules to read evidence with; the package's by default.
        wordings: what read_wording finds for an evidence item, by its index (from a cache); the others are read.
        signature: the claim's event signature (from a cache); read from its text when None.
    """
    vocabulary = vocabulary or package_vocabulary()
    when = when or claim_time(claim, vocabulary=vocabulary)
    # "X said that ..." is about the saying; "... , as X announced" is about the event, with its source named
    signature = signature or read_event(claim.text, vocabulary.events)
    about_a_statement = signature.reported and not _SOURCE_NAMED_AFTER.search(claim.text)
    weighed = []
    for check in checks:
        origin = origin_of.get(check.source_id, check.source_id)
        traced = (
            traced_primary(check.sentence, rules=vocabulary.tracing) if check.anchor and not check.problem else None
        )
        item = weigh_evidence(
            check, metas.get(check.source_id), traced[0] if traced else origin, when, vocabulary=vocabulary,
            about_a_statement=about_a_statement, wording=(wordings or {}).get(check.index),
        )
        if traced and item.strength != "none":
            # Reported speech counts once however many outlets relay it: its origin is the one who said it.
            item = item.model_copy(
                update={"reasons": [*item.reasons, f'traced to {traced[0]} ("{traced[1]}"), counted as that origin']}
            )
        copies = (text_origin_of or origin_of).get(check.source_id, check.source_id)
        weighed.append(item.model_copy(update={"text_origin": copies}))

    def origins(stance: str, *strengths: str) -> set[str]:
        return {w.origin for w in weighed if (w.effective_stance or w.stance) == stance and w.strength in strengths}

    s_strong, s_fair, s_weak = (
        origins("supports", "strong"),
        origins("supports", "fair"),
        origins("supports", "weak"),
    )
    c_strong, c_fair, c_weak = (
        origins("contradicts", "strong"),
        origins("contradicts", "fair"),
        origins("contradicts", "weak"),
    )
    plain_support = s_strong | s_fair
    # Plain evidence from sources nobody has graded (F): the verdict follows what they say, as far as they agree.
    plain_f = [
        w for w in weighed if w.strength == "fair" and _ungraded(metas.get(w.source_id)) and "unnamed" not in w.cues
    ]
    s_plain_f = {w.origin for w in plain_f if (w.effective_stance or w.stance) == "supports"}
    c_plain_f = {w.origin for w in plain_f if (w.effective_stance or w.stance) == "contradicts"}
    # Reports of a denial relay the denier's word: however many carry it, they outweigh as one voice.
    denials = {w.origin for w in plain_f if (w.effective_stance or w.stance) == "contradicts" and "denial" in w.cues}
    c_voices = len(c_plain_f - s_plain_f - denials) + bool(denials - s_plain_f)
    # Contradiction that only dates the event otherwise ("went missing on September 26" against the 25th) agrees it
    # happened: a disputed date, which more voices for the other date do not settle when none is graded.
    quotes = {check.index: check.quote for check in checks}
    other_dates = {
        w.origin for w in plain_f if (w.effective_stance or w.stance) == "contradicts"
        and (any(r.startswith(("another time:", "time mismatch:")) for r in w.reasons)
             or _another_day(claim.text, quotes.get(w.index, "")))
    }
    dates_only = bool(c_plain_f - s_plain_f) and (c_plain_f - s_plain_f) <= other_dates
    reasons: list[str] = []
    if s_strong and c_strong:
        verdict, grade = "conflicting", 4 if len(c_strong) >= len(s_strong) else 3
        reasons.append(
            f"credible support from {_n(s_strong, 'origin')} and credible contradiction from {_n(c_strong, 'origin')}"
        )
    elif s_strong:
        verdict = "supported"
        if len(plain_support) >= 2:
            grade = 1
            reasons.append(f"supported by {_n(plain_support, 'independent origin')}, none credibly contradicting")
        else:
            grade = 2
            reasons.append("supported by one reliable origin (A-C), not credibly contradicted")
    elif c_strong:
        verdict, grade = "refuted", 5
        reasons.append(f"contradicted by reliable evidence from {_n(c_strong, 'origin')}")
        if s_fair or s_weak:
            reasons.append("the only support is weaker (less reliable, unnamed, hedged or planned)")
    elif (
        # at least one voice against: an origin cited both ways, alone, outweighs nothing
        s_plain_f and c_plain_f and not s_strong and c_voices >= max(1, OUTWEIGHED * len(s_plain_f - c_plain_f))
        and not dates_only
    ):
        verdict, grade = "refuted", 4
        reasons.append(
            f"plain support from {_n(s_plain_f, 'origin')} is outweighed by plain contradiction from "
            f"{_n(c_plain_f - s_plain_f, 'other independent origin')}, none of them graded"
        )
    elif s_plain_f and c_plain_f and (s_plain_f - c_plain_f or c_plain_f - s_plain_f):
        # Support only cited to unnamed officials does not count toward holding contradiction off.
        named = [w for w in weighed if w.strength == "fair" and "unnamed" not in w.cues]
        s_named = {w.origin for w in named if (w.effective_stance or w.stance) == "supports"}
        c_named = {w.origin for w in named if (w.effective_stance or w.stance) == "contradicts"}
        verdict, grade = "conflicting", 4 if len(c_named) >= len(s_named) else 3
        reasons.append(
            f"plain support from {_n(s_fair, 'origin')} and plain contradiction from {_n(c_fair, 'origin')}, "
            "none of them graded"
        )
    elif c_plain_f and not s_fair:
        verdict, grade = "refuted", 4
        reasons.append(
            f"contradicted plainly by {_n(c_plain_f, 'independent origin')} of unknown reliability; "
            + ("the only support is hedged, speculative, anonymous or planned" if s_weak else "nothing supports it")
        )
    elif s_plain_f and c_fair and all(
        "unnamed" in w.cues
        for w in weighed
        if w.strength == "fair" and (w.effective_stance or w.stance) == "contradicts"
    ):
        # Named sources say it plainly; only an unnamed one says otherwise: the record holds it, ungraded.
        verdict, grade = "supported", 3
        reasons.append(
            f"plain support from {_n(s_plain_f, 'origin')}, contradicted only by an unnamed source; none of them graded"
        )
    elif s_fair and c_fair:
        verdict, grade = "unverified", 4
        reasons.append("support and contradiction come only from less reliable or unnamed sources")
    elif s_fair:
        verdict, grade = "supported", 3
        reasons.append("support only from less reliable or ungraded sources, or from unnamed officials")
    elif c_fair:
        verdict, grade = "unverified", 4
        reasons.append("contradicted only by less reliable or unnamed sources; nothing supports it")
    elif s_weak:
        verdict, grade = "unverified", 4
        reasons.append("support is only hedged, speculative, anonymous, planned or undetailed")
    elif c_weak:
        verdict, grade = "unverified", 4
        reasons.append("contradicted only by hedged or speculative evidence; nothing supports it")
    else:
        verdict, grade = "unverified", 6
        plans = [w for w in weighed if w.reasons and w.reasons[0].startswith("a plan or schedule")]
        if plans:
            reasons.append("the only support is a plan or schedule, which is not evidence that it happened")
        else:
            reasons.append("no usable evidence" if not checks else "no usable supporting or contradicting evidence")
    ungraded_sources = sorted({
        w.source_id for w in weighed if w.strength != "none" and w.stance in ("supports", "contradicts")
        and _ungraded(metas.get(w.source_id))
    })
    if ungraded_sources:
        reasons.append(f"{UNKNOWN_RELIABILITY}: {', '.join(ungraded_sources)}; grade them in sources/ to firm it up")
    for w in weighed:
        if w.strength != "none" and w.stance in ("supports", "contradicts"):
            as_ = f" read as {w.effective_stance}" if w.effective_stance else ""
            reasons.append(f"evidence[{w.index}] {w.stance}{as_} ({w.strength}): " + "; ".join(w.reasons))
        elif w.stance in ("supports", "contradicts") and checks[w.index].anchor and not checks[w.index].problem:
            reasons.append(f"evidence[{w.index}] {w.stance} but does not count: {w.reasons[0]}")
        elif w.stance == "qualifies" and w.strength == "none" and checks[w.index].anchor:
            reasons.append(f'evidence[{w.index}] qualifies it (not a refutation): "{_short(checks[w.index].quote)}"')
    articles = {w.source_id for w in weighed if w.strength != "none"}
    independent = {w.origin for w in weighed if w.strength != "none"}
    if len(articles) > len(independent):
        reasons.append(f"{_n(articles, 'article')}, {_n(independent, 'independent origin')}")
    assessment = Assessment(
        claim_id=claim.id,
        verdict=verdict,
        credibility=grade,
        independent_sources=len(independent),
        articles=len(articles),
        reasons=reasons,
        evidence=weighed,
    )
    return apply_override(assessment, claim.override) if claim.override else assessment


_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\b|\b({_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")


def _days(text: str) -> set[tuple[str, int]]:
    """The (month, day) pairs a text names: '26 September', 'September 26, 2014' ('Sept. 26' is left unread)."""
    return {(m[2] or m[3], int(m[1] or m[4])) for m in _DAY_MONTH.finditer(text)}


def _another_day(claim_text: str, quote: str) -> bool:
    """The quote gives another day, in the claim's month or the next or last, and not the claim's day: it dates the
    event otherwise ('September 26' against the 25th, '2 February' against 31 January)."""
    mine, theirs = _days(claim_text), _days(quote)
    months = _MONTH_NAMES.split("|")
    near = {(months.index(m) + step) % 12 for m, _ in mine for step in (-1, 0, 1)}
    return bool(mine and theirs) and not (mine & theirs) and all(months.index(m) in near for m, _ in theirs)


def apply_override(assessment: Assessment, override: Override) -> Assessment:
    """The reviewer's verdict or grade in place of the computed one, keeping the computed one and saying so."""
    verdict = override.verdict or assessment.verdict
    credibility = override.credibility or assessment.credibility
    said = f"{assessment.verdict}, grade {assessment.credibility}"
    return assessment.model_copy(
        update={
            "verdict": verdict,
            "credibility": credibility,
            "computed_verdict": assessment.verdict,
            "computed_credibility": assessment.credibility,
            "override": override,
            "reasons": [
                f"overridden by {override.by} on {override.date.isoformat()} to {verdict}, grade {credibility} "
                f"(the evidence gives {said}): {override.reason}",
                *assessment.reasons,
            ],
        }
    )


def conflict_id(members: Sequence[str]) -> str:
    """A stable id for a conflict, from its members, whatever their order."""
    key = "|".join(sorted(set(members)))
    return "cf-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class ResolutionProblem:
    """A resolution that names no conflict, or names a side the conflict does not have."""

    index: int
    field: str
    message: str


def find_conflicts(
    claims: Sequence[Claim],
    assessments: Mapping[str, Assessment],
    times: Mapping[str, ClaimTime] | None = None,
    vocabulary: EventVocabulary | None = None,
    signatures: Mapping[str, EventSignature] | None = None,
    rivals: Sequence[Conflict] | None = None,
) -> list[Conflict]:
    """Conflicts within a claim (plain support and contradiction from other origins) and declared ones.

    `signatures` holds claims' events as read_event reads them with `vocabulary`, by claim id (from a cache); the
    claims it lacks are read here. `rivals` is what find_rivals returns for these claims (from a cache), else it
    is found here.
    """
    times = times or {}
    conflicts: dict[str, Conflict] = {}
    by_id = {claim.id: claim for claim in claims}
    for claim in claims:
        assessment = assessments.get(claim.id)
        if assessment:
            plain = [w for w in assessment.evidence if w.strength in ("strong", "fair")]
            # Copies of one text cannot disagree; one outlet's two reports, or two relays of one statement, can.
            pro = {w.text_origin or w.origin for w in plain if (w.effective_stance or w.stance) == "supports"}
            con = {w.text_origin or w.origin for w in plain if (w.effective_stance or w.stance) == "contradicts"}
            # Ungraded support outweighed by plain ungraded contradiction is refuted, not in dispute (OUTWEIGHED).
            outweighed = assessment.verdict == "refuted" and all(w.reliability == "F" for w in plain)
            # Named support against an unnamed source's word only: not a dispute between the record's voices.
            unnamed_against = assessment.verdict == "supported" and all(
                "unnamed" in w.cues for w in plain if (w.effective_stance or w.stance) == "contradicts")
            if pro and con and (pro - con or con - pro) and not outweighed and not unnamed_against:
                cid = conflict_id([claim.id])
                conflicts[cid] = Conflict(
                    id=cid,
                    claims=[claim.id],
                    kind="within-claim",
                    status="open",
                    reason=f"'{claim.id}' is supported by {', '.join(sorted(pro))} "
                    f"and contradicted by {', '.join(sorted(con))}",
                )
        for other in claim.conflicts_with:
            cid = conflict_id([claim.id, other])
            if cid not in conflicts:
                settled = _settled_by_time(claim, by_id.get(other), times)
                conflicts[cid] = Conflict(
                    id=cid,
                    claims=sorted([claim.id, other]),
                    kind="declared",
                    status="resolved" if settled else "open",
                    reason=settled or f"declared incompatible: '{claim.id}' conflicts_with '{other}'",
                )
    for found in find_undeclared_conflicts(claims, assessments, times, vocabulary, signatures, rivals):
        declared = conflicts.get(found.id)
        if declared is not None and declared.status == "resolved":
            continue  # settled by time: what was declared is answered already
        if declared is not None:
            found = found.model_copy(update={"reason": f"{found.reason} (also declared with conflicts_with)"})
        conflicts[found.id] = found
    return list(conflicts.values())


# Descriptions this alike name the same instrument ("defence cooperation agreement" twice); the 2014 defence
# cooperation agreement and the 2015 military-technical cooperation accord share half their words and are two.
SAME_EVENT_LIKENESS = 2 / 3
# A weak claim at least this like one well-evidenced instrument is set against that one alone.
CLEARLY_ALIKE = 0.5
# Two values of one measure this far apart (the larger over the smaller) are two answers, not one rounded twice.
MEASURE_RATIO = 1.2


def find_undeclared_conflicts(
    claims: Sequence[Claim],
    assessments: Mapping[str, Assessment],
    times: Mapping[str, ClaimTime] | None = None,
    vocabulary: EventVocabulary | None = None,
    signatures: Mapping[str, EventSignature] | None = None,
    rivals: Sequence[Conflict] | None = None,
) -> list[Conflict]:
    """Conflicts no reviewer declared: one event at two times, restatements, two office holders, exclusive outcomes.

    `signatures`, `rivals`: as find_conflicts takes them.
    """
    times = times or {}
    v = vocabulary or DEFAULT_EVENT_VOCABULARY
    every = resolved_signatures(claims, vocabulary, signatures)
    signatures = {c.id: every[c.id] for c in claims if c.kind == "event"}
    buckets: dict[tuple[str, frozenset[str]], list[str]] = {}
    for claim_id, signature in signatures.items():
        # A claim that the event was denied ("the foreign office denied a new treaty") is about the denial.
        if not (signature.by_description and signature.one_off) or signature.mode in ("denied", "untrue"):
            continue
        if len(signature.parties) >= 2:
            buckets.setdefault((signature.kind, signature.parties), []).append(claim_id)  # type: ignore[arg-type]
        elif len(signature.parties | _bodies(signature)) >= 2:
            # Companies, armed groups: their instruments at two dates are one too ("Gazprom and CNPC signed ...").
            key = (signature.kind, signature.parties | _bodies(signature))
            buckets.setdefault(key, []).append(claim_id)  # type: ignore[arg-type]
    by_id = {c.id: c for c in claims}
    found: list[Conflict] = []
    for (_, parties), members in buckets.items():
        between = " and ".join(p.title() if p.islower() else p for p in sorted(parties))
        countries_only = all(p.islower() for p in parties)
        when = {m: times.get(m) or claim_time(by_id[m]) for m in members}
        same_event: set[frozenset[str]] = set()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if not _one_instrument(signatures[a], signatures[b], v):
                    continue
                likeness = signatures[a].likeness(signatures[b])
                ta, tb = when[a].span, when[b].span
                if likeness >= SAME_EVENT_LIKENESS and ta and tb and not ta.overlaps(tb):
                    same_event.add(frozenset((a, b)))
                    found.append(_conflict(
                        [a, b], "same-event",
                        f"'{a}' and '{b}' name the same {signatures[a].phrase} between {between} at times that "
                        "do not overlap "
                        f"({ta.label} and {tb.label}): one event cannot have both dates",
                    ))
        if not countries_only:
            continue  # a restatement is weighed between states' instruments only, where it was built and measured
        strong = [m for m in members if _well_evidenced(assessments.get(m))]
        for weak in (m for m in members if _weakly_evidenced(assessments.get(m))):
            # A restatement repeats an event that came before it (or at the same time), never a later one.
            earlier = [
                m for m in strong
                if frozenset((weak, m)) not in same_event
                and not (when[weak].span and when[m].span and when[m].span.earliest > when[weak].span.latest)
            ]
            if not earlier:
                continue
            best = max(signatures[weak].likeness(signatures[m]) for m in earlier)
            for m in earlier:
                # A weak claim that names its instrument much like one of them restates that one; one that shares
                # little with any (a "defence treaty" against an "agreement" and an "accord") may restate any.
                if best < CLEARLY_ALIKE or signatures[weak].likeness(signatures[m]) == best:
                    found.append(_conflict(
                        [weak, m], "restatement",
                        f"possible restatement or conflation: '{weak}' is weakly evidenced and names "
                        f"{_a(signatures[weak].phrase)} between {between}, like the well-evidenced '{m}'"
                        + (f" ({when[m].label})" if when[m].span else "")
                        + "; it may be the same instrument, named or announced again",
                    ))
    found.extend(_firsts_at_two_times(claims, signatures, times))
    found.extend(_two_holders_of_one_office(claims, times, every))
    seen = {c.id for c in found}
    for conflict in find_rivals(claims, times, vocabulary, every) if rivals is None else rivals:
        if conflict.id not in seen:
            seen.add(conflict.id)
            found.append(conflict)
    return found


def resolved_signatures(
    claims: Sequence[Claim],
    vocabulary: EventVocabulary | None = None,
    signatures: Mapping[str, EventSignature] | None = None,
) -> dict[str, EventSignature]:
    """Every claim's event signature (from `signatures` when there), with names resolved across the claims."""
    read = signatures or {}
    return resolve_names(
        {c.id: read[c.id] if c.id in read else read_event(c.text, vocabulary) for c in claims}, vocabulary
    )


def find_rivals(
    claims: Sequence[Claim],
    times: Mapping[str, ClaimTime] | None = None,
    vocabulary: EventVocabulary | None = None,
    every: Mapping[str, EventSignature] | None = None,
) -> list[Conflict]:
    """Exclusive outcomes and rival accounts: the pairwise conflicts, which read the claims (text, kind, time,
    evidence), their times and events, and no assessment, so a caller may keep them while those are unchanged.

    `every` is resolved_signatures(claims, vocabulary, ...), read here when None.
    """
    times = times or {}
    every = resolved_signatures(claims, vocabulary) if every is None else every
    return [*_exclusive_outcomes(claims, every, times, vocabulary), *_rival_accounts(claims, every)]


def _rival_accounts(claims: Sequence[Claim], signatures: Mapping[str, EventSignature]) -> list[Conflict]:
    """Two claims the ledger's own evidence sets against each other: one passage cited for one and against the other
    (the Analysis of Competing Hypotheses' reading of a passage, on any topic). A claim about what someone said,
    denied or rumoured is not a rival of the thing said: the passage can support the saying and refute the thing."""
    cited: dict[str, list[tuple[str, str, str]]] = {}  # claim -> (source, folded quote, stance)
    statements: set[str] = set()
    for claim in claims:
        signature = signatures.get(claim.id)
        if signature is None or signature.reported or signature.mode in ("denied", "rumoured"):
            continue
        if _ABOUT_A_STATEMENT.search(claim.text):
            statements.add(claim.id)
        words = _gist(claim.text)
        # A passage cited for a claim it shares no word with (only its date: "a week after the Sept. 26 attack") backs
        # the claim's time, not its account: it sets no rival against it.
        cited[claim.id] = [(e.source, _folded_quote(e.quote), e.stance) for e in claim.evidence
                           if e.stance == "contradicts" or e.stance == "supports" and words & _gist(e.quote)]
    found = []
    ids = list(cited)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if (a in statements) != (b in statements):
                continue  # "the WHO issued its statement that there were no cases" and "five were infected": the
                # passage backs the statement and refutes the cases; two accounts of one statement can still rival
            kinds = {signatures[a].kind, signatures[b].kind}
            if None not in kinds and len(kinds) == 2:
                continue  # jets gone missing, an airport captured: one passage tells both, neither excludes the other
            for source, quote, stance in cited[a]:
                rival = next((q for s, q, st in cited[b] if s == source and st != stance and _one_passage(quote, q)),
                             None)
                if rival is None:
                    continue
                backed, refuted = (a, b) if stance == "supports" else (b, a)
                found.append(_conflict([a, b], "rival-accounts", (
                    f"one passage of {source} is cited for '{backed}' and against '{refuted}': the evidence sets "
                    "them against each other, so at most one of them holds as stated"
                )))
                break
    return found


# A claim whose event is a statement, a report or what someone called one: no rival of what the statement is about.
_ABOUT_A_STATEMENT = re.compile(
    r"\b(?:statement|announcement|report|claims?)\s+that\b"
    r"|\b(?:called|described|dismissed)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}(?:report|reports|story|stories|claims?)\b",
    re.IGNORECASE,
)
_NOT_GIST = frozenset(
    "the a an of in on at to by for with from and or but that this these those it its his her their he she they was "
    "were is are be been has have had not no as after before about into than then there which who what when".split())


def _gist(text: str) -> frozenset[str]:
    """A text's content words, cut to five letters so that forms meet ("burrowed", "burrow"); no dates or numbers."""
    return frozenset(
        w[:5] for w in re.findall(r"[a-z][a-z'-]+", text.lower())
        if w not in _NOT_GIST and w.capitalize() not in _MONTH_NAMES.split("|") and len(w) > 2
    )


def _folded_quote(quote: str) -> str:
    return " ".join(re.findall(r"\w+", quote.lower()))


def _one_passage(a: str, b: str) -> bool:
    """Two quotes of one passage: one holds the other, as cited by different reviewers."""
    return a in b or b in a


def _one_instrument(sa: EventSignature, sb: EventSignature, v: EventVocabulary) -> bool:
    """Whether two claims may date one instrument: not two told apart by a word ("an interim deal" and "a deal"), not
    two stages of it ("signed" and "ratified"), and neither a claim about what someone said of it."""
    if (sa.description ^ sb.description) & set(v.distinct_modifiers):
        return False
    if bool(sa.stage) != bool(sb.stage):
        return False
    return not (sa.reported or sb.reported)


def _bodies(signature: EventSignature) -> frozenset[str]:
    """The participants that are neither people, places nor countries: companies, groups, institutions."""
    return frozenset(
        p for p in signature.participants
        if p not in signature.people and p not in signature.places and p.lower() not in signature.parties
    )


def _firsts_at_two_times(
    claims: Sequence[Claim], signatures: Mapping[str, EventSignature], times: Mapping[str, ClaimTime]
) -> list[Conflict]:
    """'His first visit' in October 2017 and in April 2018: a first happens once."""
    firsts = [c for c in claims if c.id in signatures and signatures[c.id].first and signatures[c.id].kind]
    found = []
    for i, a in enumerate(firsts):
        for b in firsts[i + 1 :]:
            sa, sb = signatures[a.id], signatures[b.id]
            shared = sa.shared_people(sb)
            if sa.kind != sb.kind or not (sa.parties & sb.parties) or (sa.people or sb.people) and not shared:
                continue
            ta, tb = (times.get(a.id) or claim_time(a)).span, (times.get(b.id) or claim_time(b)).span
            if ta and tb and not ta.overlaps(tb):
                who = " and ".join(sorted(shared)) or " and ".join(p.title() for p in sorted(
                    sa.parties & sb.parties))
                found.append(_conflict(
                    [a.id, b.id], "same-event",
                    f"'{a.id}' and '{b.id}' both name the first {sa.kind} of {who}, at times that do not overlap "
                    f"({ta.label} and {tb.label}): a first happens once",
                ))
    return found


def _two_holders_of_one_office(
    claims: Sequence[Claim], times: Mapping[str, ClaimTime], signatures: Mapping[str, EventSignature]
) -> list[Conflict]:
    """Two people named to one office at overlapping times (both `kind: state`)."""
    holders = [(c, signatures[c.id]) for c in claims if c.kind == "state" and c.id in signatures]
    # "Tim Cook was not chief executive", "X denied that Y was minister": they name no holder
    holders = [(c, e) for c, e in holders if e.office and e.people and e.mode not in ("denied", "untrue")]
    found = []
    for i, (a, ea) in enumerate(holders):
        for b, eb in holders[i + 1 :]:
            # One office of one body: "president" of FIFA and of UEFA are two offices.
            where_a = {p.lower() for p in ea.participants - ea.people}
            where_b = {p.lower() for p in eb.participants - eb.people}
            if ea.office != eb.office or ea.shared_people(eb) or not (where_a & where_b):
                continue
            ta, tb = (times.get(a.id) or claim_time(a)).span, (times.get(b.id) or claim_time(b)).span
            if ta and tb and ta.overlaps(tb):
                found.append(_conflict(
                    [a.id, b.id], "same-office",
                    f"'{a.id}' and '{b.id}' name different holders of one office ({ea.office}) at times that "
                    f"overlap ({ta.label} and {tb.label}): one person holds it at a time",
                ))
    return found


def _shared(a: frozenset[str], b: frozenset[str]) -> list[str]:
    """The names in both sets, a surname alone matching the full name."""
    return sorted({max(x, y, key=len) for x in a for y in b if same_person(x, y)})


def _exclusive_outcomes(
    claims: Sequence[Claim],
    signatures: Mapping[str, EventSignature],
    times: Mapping[str, ClaimTime],
    vocabulary: EventVocabulary | None = None,
) -> list[Conflict]:
    """Outcomes that cannot both hold: dead and alive, in and out of a role, two buyers, two dates, two values."""
    v = vocabulary or DEFAULT_EVENT_VOCABULARY
    span = {c.id: (times.get(c.id) or claim_time(c)).span for c in claims}
    found: list[Conflict] = []
    ids = [c.id for c in claims if c.id in signatures]
    for i, j in _candidate_pairs([signatures[cid] for cid in ids]):
        a, b = ids[i], ids[j]
        sa, sb, ta, tb = signatures[a], signatures[b], span[a], span[b]
        if sa.reported or sb.reported:
            # A claim about a statement ("X said ...", "X has not confirmed ...") can be true whatever the event
            # was: it rivals no outcome, value or identity. Its speaker still acts, which the dead cannot.
            reason = (None if sa.reported else _dead_then_acting(a, b, sa, sb, ta, tb)) or (
                None if sb.reported else _dead_then_acting(b, a, sb, sa, tb, ta))
            if reason:
                found.append(_conflict([a, b], "exclusive-outcome", reason))
            continue
        reason = (
            _one_off_twice(a, b, sa, sb, ta, tb, v)
            or _opposite_outcomes(a, b, sa, sb, ta, tb, v)
            or _opposite_outcomes(b, a, sb, sa, tb, ta, v)
            or _dead_then_acting(a, b, sa, sb, ta, tb)
            or _dead_then_acting(b, a, sb, sa, tb, ta)
            or _two_values(a, b, sa, sb, ta, tb)
            or _two_identities(a, b, sa, sb)
            or _said_and_denied(a, b, sa, sb, ta, tb)
            or _contrary_assertions(a, b, sa, sb, ta, tb)
        )
        if reason:
            found.append(_conflict([a, b], "exclusive-outcome", reason))
    return found


def _surname(name: str) -> str:
    """The last word of a name: same_person matches only names that end alike."""
    words = name.split()
    return words[-1] if words else name


def _pair_keys(s: EventSignature) -> tuple[set[tuple[str, object]], set[str], set[str]]:
    """What a claim can be a rival by in _exclusive_outcomes: keys a rival must share; the surnames of those it says
    died; the surnames of those it has acting. Each rule there needs a shared key, or a death and an act of one name."""
    keys: set[tuple[str, object]] = set()
    if s.kind and s.one_off and not s.by_description and s.mode == "happened":
        keys.add(("one-off", s.kind))  # _one_off_twice: one kind (one_off and by_description follow from it)
    if s.measures and s.mode == "happened":
        keys.add(("values", s.kind))  # _two_values: one kind, both with figures
    keys.update(("outcome", o.set) for o in s.outcomes)  # _opposite_outcomes, _rival_holders: one set of outcomes
    keys.update(("identity", _surname(who)) for who, _ in s.identities)  # _two_identities: one person named
    keys.update(("predicate", what) for _, what, _, _ in s.predications)  # _said_and_denied: one predicate
    keys.update(("verb", (x.verb, x.passive)) for x in s.assertions)  # _contrary_assertions: one verb, one voice
    keys.update(("role", w) for x in s.assertions for w in x.role if w.startswith("="))  # _one_role: one role
    dead = {_surname(h) for o in s.outcomes if o.set == "life" and o.value == "dead" for h in o.holders}
    return keys, dead, {_surname(actor) for actor in s.actors}  # _dead_then_acting


def _candidate_pairs(signatures: Sequence[EventSignature]) -> Iterator[tuple[int, int]]:
    """The pairs (i < j, in order) that a rule of _exclusive_outcomes may hold as rivals; the others cannot be, so
    400 claims make the comparisons their shared keys call for instead of all 80,000."""
    by_key: dict[tuple[str, object], list[int]] = {}
    dying: dict[str, list[int]] = {}
    acting: dict[str, list[int]] = {}
    facts = [_pair_keys(signature) for signature in signatures]
    for i, (keys, dead, actors) in enumerate(facts):
        for key in keys:
            by_key.setdefault(key, []).append(i)
        for name in dead:
            dying.setdefault(name, []).append(i)
        for name in actors:
            acting.setdefault(name, []).append(i)
    # One claim's later partners at a time, not every pair in one set: 4,000 claims share keys in millions of pairs
    # (a tuple each, 0.5 GB). Each list above is in claim order, so a claim's later partners follow it there.
    for i, (keys, dead, actors) in enumerate(facts):
        later: set[int] = set()
        for members in itertools.chain((by_key[key] for key in keys), (acting.get(name, ()) for name in dead),
                                       (dying.get(name, ()) for name in actors)):
            later.update(members[bisect.bisect_right(members, i):])
        for j in sorted(later):
            yield i, j


def _where(signature: EventSignature) -> frozenset[str]:
    """The places and countries a claim names."""
    return signature.places | frozenset(p for p in signature.participants if p.lower() in signature.parties)


def _not_people(signature: EventSignature) -> frozenset[str]:
    """Its organisations, places and countries."""
    return signature.organisations | signature.places | frozenset(
        p for p in signature.participants if p.lower() in signature.parties)


def _label(span: TimeSpan | None) -> str:
    return span.label if span else "no time given"


def _one_off_twice(
    a: str, b: str, sa: EventSignature, sb: EventSignature, ta: TimeSpan | None, tb: TimeSpan | None,
    v: EventVocabulary = DEFAULT_EVENT_VOCABULARY,
) -> str | None:
    """The same one-off event of the same participant at two times, or a one-thing acquisition by two at once."""
    if sa.kind != sb.kind or not sa.one_off or sa.by_description or sa.mode != "happened" or sb.mode != "happened":
        return None
    if bool(sa.stage) != bool(sb.stage):
        return None  # "bought in February", "completed its acquisition in October": two stages of one deal
    if {sa.stage, sb.stage} & {*v.reports, *v.statements}:
        return None  # "confirmed the death on 6 September": the date of a statement, which each party makes once
    if v.kinds[sa.kind].per_place and _where(sa) != _where(sb):  # type: ignore[index]
        return None  # "launched in China in October", "launched in September": one launch per market
    group = _one_group(sa, sb)
    if group:
        # "The 43 Ayotzinapa students went missing on 25 September", "Forty-three students disappeared on the 26th":
        # one group, known as such, undergoes a one-off event once
        if ta is not None and tb is not None and not ta.overlaps(tb):
            return (
                f"'{a}' and '{b}' both say the {sa.kind} of the {group} happened, at times that do not overlap "
                f"({_label(ta)} and {_label(tb)}): it happens once, so one date is wrong"
            )
        return None
    if any(m.dimension.startswith("count:") for m in (*sa.measures, *sb.measures)):
        return None  # "21 schoolgirls were freed", "two of the ten buildings": parts of a group, each once
    undergoers = _shared(sa.undergoers, sb.undergoers)
    if v.kinds[sa.kind].undergone_by_people:  # type: ignore[index]
        # "al-Shabaab fighters were killed" in September and in December: a group loses members more than once
        undergoers = [u for u in undergoers if u not in _not_people(sa) | _not_people(sb)]
    if not undergoers and sa.thing and sa.thing == sb.thing:
        undergoers = [f"the {sa.thing}"]  # "aired the recording" and "the recording was made public": one thing
    if not undergoers or ta is None or tb is None:
        return None
    what = " and ".join(undergoers)
    if sa.agents and sb.agents and sa.patients and sb.patients and not _shared(sa.agents, sb.agents):
        if ta.overlaps(tb):
            return (
                f"'{a}' and '{b}' give two different parties the same {sa.kind} of {what} at overlapping times "
                f"({', '.join(sorted(sa.agents))} in {_label(ta)}; {', '.join(sorted(sb.agents))} in {_label(tb)}): "
                "one of them did not"
            )
        return None  # bought by one, then sold on to another: two events
    if not ta.overlaps(tb):
        return (
            f"'{a}' and '{b}' both say the {sa.kind} of {what} happened, at times that do not overlap "
            f"({_label(ta)} and {_label(tb)}): it happens once, so one date is wrong"
        )
    return None


def _one_group(sa: EventSignature, sb: EventSignature) -> str | None:
    """The group both claims count alike, one of them as a group already known ('the 43 students'): '43 students';
    None when either counts anything else (two tolls of six people are two groups)."""
    counts_a = {(m.dimension, m.value) for m in sa.measures if m.dimension.startswith("count:")}
    counts_b = {(m.dimension, m.value) for m in sb.measures if m.dimension.startswith("count:")}
    if len(counts_a) != 1 or counts_a != counts_b or any(m.added for m in (*sa.measures, *sb.measures)):
        return None
    if sa.another or sb.another:
        return None  # "Twelve miners disappeared in another mine": not the known group
    if not any(m.definite for m in (*sa.measures, *sb.measures) if m.dimension.startswith("count:")):
        return None
    if _where(sa) and _where(sb) and not _where(sa) & _where(sb):
        return None  # "the 12 miners in Chile", "12 miners in China": two groups
    dimension, value = next(iter(counts_a))
    return f"{value:g} {dimension.removeprefix('count:')}s"


def _opposite_outcomes(
    a: str, b: str, sa: EventSignature, sb: EventSignature, ta: TimeSpan | None, tb: TimeSpan | None, v: EventVocabulary
) -> str | None:
    """One participant with two outcomes of one set that exclude each other at the claims' times."""
    for oa in sa.outcomes:
        for ob in sb.outcomes:
            if oa.set != ob.set:
                continue
            if oa.value == ob.value:
                rival = _rival_holders(a, b, sa, sb, oa, ob, ta, tb, v)
                if rival:
                    return rival
                continue
            holders = _shared(oa.holders, ob.holders)
            if not holders:
                continue
            rules = v.outcomes[oa.set]
            if rules.context and not _shared(sa.participants - oa.holders, sb.participants - ob.holders):
                continue  # out of one role, in another: both can hold
            # The lasting outcome ("dead", "out"), once reached, holds at every later time; the other may precede it.
            if ob.value == rules.lasting and ta is not None and tb is not None and ta.latest < tb.earliest:
                continue
            if oa.value == rules.lasting and ta is not None and tb is not None and tb.latest < ta.earliest:
                continue
            if not rules.lasting and (ta is None or tb is None or not ta.overlaps(tb)):
                continue  # arrested and at large, won and lost: at one known time, or they may both be right
            who = " and ".join(holders)
            return (
                f"'{a}' says {who} {_is(oa.value)} (\"{oa.words}\", {_label(ta)}) and '{b}' that {who} "
                f"{_is(ob.value)} (\"{ob.words}\", {_label(tb)}): {oa.value} and {ob.value} exclude each other "
                f"({rules.about or oa.set})"
            )
    return None


def _is(value: str) -> str:
    """'dead' -> 'is dead'; 'has left the role' and 'won' as they are."""
    return value if value.split()[0] in ("has", "holds", "won", "lost", "accepted", "rejected") else f"is {value}"


def _rival_holders(
    a: str, b: str, sa: EventSignature, sb: EventSignature, oa: AssertedOutcome, ob: AssertedOutcome,
    ta: TimeSpan | None, tb: TimeSpan | None, v: EventVocabulary,
) -> str | None:
    """Two participants with an outcome only one can have in one context: two winners of one contest."""
    if oa.value not in v.outcomes[oa.set].one_holder or _shared(oa.holders, ob.holders):
        return None
    if not oa.object or oa.object != ob.object:
        return None  # one contest, named alike: "won FDA approval for Sovaldi" and "for Olysio" are two
    # The contest both speak of: a shared participant that is not where it happened ("won in Miami" twice may be two
    # tournaments; "won India's election" twice is one).
    context = (sa.participants & sb.participants) - oa.holders - ob.holders - sa.places - sb.places
    if not context and not (sa.participants == sb.participants and len(sa.participants) > 1):
        return None
    if ta is None or tb is None or not ta.overlaps(tb):
        return None  # "Real Madrid won the Champions League" and "Atletico won it": in which years?
    about = ", ".join(sorted(context or sa.participants))
    return (
        f"'{a}' says {' and '.join(sorted(oa.holders))} {oa.words} and '{b}' says {' and '.join(sorted(ob.holders))} "
        f"{ob.words} ({about}; {_label(ta)} and {_label(tb)}): only one can have {oa.value}"
    )


def _two_identities(a: str, b: str, sa: EventSignature, sb: EventSignature) -> str | None:
    """One name said to be two different people: 'identified as A' and 'identified as B'."""
    for who_a, is_a in sa.identities:
        for who_b, is_b in sb.identities:
            if same_person(who_a, who_b) and not same_person(is_a, is_b):
                return (
                    f"'{a}' says {who_a} is {is_a} and '{b}' says {who_b} is {is_b}: one cannot be two different "
                    "people"
                )
    return None


def _said_and_denied(
    a: str, b: str, sa: EventSignature, sb: EventSignature, ta: TimeSpan | None, tb: TimeSpan | None
) -> str | None:
    """One thing said to be something and said not to be it: 'the 28 bodies were those of the students' and 'were
    not'. The subjects must be named alike and the predicates word for word, at times that may overlap."""
    if ta is not None and tb is not None and not ta.overlaps(tb):
        return None
    for subject_a, what_a, negated_a, said_a in sa.predications:
        for subject_b, what_b, negated_b, said_b in sb.predications:
            if negated_a == negated_b or what_a != what_b:
                continue
            if len(subject_a & subject_b) / min(len(subject_a), len(subject_b)) >= SAME_EVENT_LIKENESS:
                return (
                    f"'{a}' says of one thing that it \"{said_a}\" and '{b}' that it \"{said_b}\" (both of "
                    f"{', '.join(sorted(subject_a & subject_b))}): one of them is wrong"
                )
    return None


def _contrary_assertions(
    a: str, b: str, sa: EventSignature, sb: EventSignature, ta: TimeSpan | None, tb: TimeSpan | None
) -> str | None:
    """One subject said to do a thing and not to do it ("was stolen", "was not stolen"), or to do it with two sums
    that cannot both be right ("made $72 million", "made a few million dollars"), at times that may overlap."""
    if ta is not None and tb is not None and not ta.overlaps(tb):
        return None  # true then, untrue later: both may hold
    for x in sa.assertions:
        for y in sb.assertions:
            role = _one_role(x, y)
            if role and not any(same_person(p, q) for p in x.role_of for q in y.role_of):
                return (
                    f"'{a}' says the {role} was {' or '.join(sorted(x.role_of))} and '{b}' that it was "
                    f"{' or '.join(sorted(y.role_of))}: one cannot be two different people"
                )
            if x.verb != y.verb or x.passive != y.passive or not _one_subject(x, y):
                continue
            if x.negated != y.negated:
                said, unsaid = (x, y) if y.negated else (y, x)
                if unsaid.state and (ta is None or tb is None):
                    continue  # "has not yet been found": true until a day no one gave
                if unsaid.object <= said.object:
                    first, second = (a, b) if x is said else (b, a)
                    return (
                        f"'{first}' says {_subject_words(said)} {said.words}"
                        + (f" ({_label(ta if first == a else tb)})" if (ta if first == a else tb) else "")
                        + f" and '{second}' that {_subject_words(unsaid)} {unsaid.words}"
                        + (f" {' '.join(sorted(unsaid.object))}" if unsaid.object else "")
                        + ": one of them is wrong"
                    )
                continue
            if x.negated:
                continue
            if x.is_name and y.is_name and not same_person(x.is_name, y.is_name):
                return (
                    f"'{a}' says {x.said_of} was {x.is_name} and '{b}' that {y.said_of} was {y.is_name}: "
                    "one cannot be two different people"
                )
            sums = _rival_sums(x, y, one_time=ta is not None and tb is not None)
            if sums and _one_object(x, y):
                return (
                    f"'{a}' says {_subject_words(x)} {x.words} {sums[0]} and '{b}' {sums[1]}: one measure of one "
                    "thing cannot have both values"
                )
    return None


def _one_role(x: Assertion, y: Assertion) -> str:
    """The words of one role both fill ("masked militant"), when their descriptions share two or more, at least
    half of the shorter one's; "" when they do not."""
    if not (x.role and y.role and x.role_of and y.role_of):
        return ""
    heads = {w for w in x.role if w.startswith("=")}
    if heads != {w for w in y.role if w.startswith("=")}:
        return ""  # "the masked militant" and "the masked rapper": two roles
    shared = (x.role & y.role) - heads
    if len(shared) < 2 or len(shared) < (min(len(x.role), len(y.role)) - 1) / 2:
        return ""
    return " ".join(sorted(shared))


def _one_subject(x: Assertion, y: Assertion) -> bool:
    """The same subject: a shared name (a plural or a surname alone matching), or, with no names, the same nouns."""
    if x.names and y.names:
        fold = {n: n.removesuffix("s") for n in (*x.names, *y.names)}
        if not any(same_person(fold[p], fold[q]) for p in x.names for q in y.names):
            return False
        # "the Managua crater" and "the Managua lake": one name, two things named by the nouns beside it
        small, large = sorted((x.subject, y.subject), key=len)
        return small <= large
    if x.names or y.names:
        return False
    small, large = sorted((x.subject, y.subject), key=len)
    return len(small) >= 2 and small <= large


def _one_object(x: Assertion, y: Assertion) -> bool:
    """What the verbs are done to or with, without the words of the sums: the same, or one of them says nothing."""
    ox, oy = x.object - _SUM_WORDS, y.object - _SUM_WORDS
    small, large = sorted((ox, oy), key=len)
    return not small or len(small & large) / len(small) >= 0.5


_SUM_WORDS = frozenset(
    "million billion thousand trillion dollar pound euro few several couple estimated about around nearly roughly "
    "approximately more than less".split()
)


def _rival_sums(x: Assertion, y: Assertion, one_time: bool) -> tuple[str, str] | None:
    """Two sums or measures of one dimension whose ranges lie apart by more than rounding: their words. Ages are
    exact, and advance a year a year: apart by one at one known time, or by two when a time is not known."""
    for mx in x.measures:
        for my in y.measures:
            if mx.dimension != my.dimension or mx.measured and my.measured and mx.measured != my.measured:
                continue
            if mx.dimension == "age":
                if abs(mx.value - my.value) >= (1 if one_time else 2):
                    return mx.words, my.words
                continue
            if mx.dimension.startswith("count:") and not (x.approximate or y.approximate):
                if mx.value != my.value:  # "captured 11 gunshots" and "10 gunshots": a count is exact
                    return mx.words, my.words
                continue
            (lx, hx), (ly, hy) = (mx.value, mx.high or mx.value), (my.value, my.high or my.value)
            if ly > 0 and lx > 0 and (ly / hx >= MEASURE_RATIO or lx / hy >= MEASURE_RATIO):
                return mx.words, my.words
    return None


def _subject_words(x: Assertion, unnamed: str = "it") -> str:
    return " and ".join(sorted(x.names)) if x.names else unnamed


def _dead_then_acting(
    a: str, b: str, sa: EventSignature, sb: EventSignature, ta: TimeSpan | None, tb: TimeSpan | None
) -> str | None:
    """A person said to have died, and said to do something later."""
    if ta is None or tb is None or sb.mode not in ("happened", "denied") or not (tb.earliest > ta.latest):
        return None
    for outcome in sa.outcomes:
        if outcome.set != "life" or outcome.value != "dead":
            continue
        actors = _shared(outcome.holders, sb.actors)
        if actors:
            return (
                f"'{a}' says {' and '.join(actors)} {outcome.words} ({_label(ta)}), and '{b}' has them acting later "
                f"({_label(tb)}): the dead do not act, so one of the two is wrong"
            )
    return None


def _two_values(
    a: str, b: str, sa: EventSignature, sb: EventSignature, ta: TimeSpan | None, tb: TimeSpan | None
) -> str | None:
    """The same measure of one thing with two values: 5 metres deep and 1.5 metres deep."""
    if not sa.measures or not sb.measures:  # most claims give no figure: nothing to compare, and nothing to pay for
        return None
    if sa.kind != sb.kind or sa.mode != "happened" or sb.mode != "happened":
        return None
    # A count is of things an event happens to: compared when both name whom (the same people arrested), or, when
    # nobody is named, for one place on one day ("killed 12 people in Kabul on 3 March"); two rounds of arrests in a
    # month, or 43 students missing and 57 students found, are counts of two things.
    counts = False
    if sa.kind is None:
        if sa.participants != sb.participants:
            return None
        if not sa.participants:  # "the crater is 12 metres wide": one unnamed thing, named alike in both
            named = {m.measured for m in (*sa.measures, *sb.measures)}
            if len(named) != 1 or "" in named:
                return None
        if ta is not None and tb is not None and not ta.overlaps(tb):
            return None  # a measure at one time and another later: it may have changed
        measured = next((m.measured for m in (*sa.measures, *sb.measures) if m.measured), "")
        what = (f"the {measured}" if measured else "it") + (
            f" ({' and '.join(sorted(sa.participants))})" if sa.participants else "")
    elif not sa.undergoers and not sb.undergoers:
        # "A bomb killed 12 people in Kabul on Monday": no one named undergoes it; the same place and day name it.
        if not sa.participants or sa.participants != sb.participants or ta is None or tb is None or not (
            ta.overlaps(tb)
        ):
            return None
        what = f"the {sa.kind} in {' and '.join(sorted(sa.participants))} ({_label(ta)})"
        counts = ta.earliest == ta.latest and tb.earliest == tb.latest
    else:
        if not (_shared(sa.undergoers, sb.undergoers) and (not sa.agents or not sb.agents
                                                           or _shared(sa.agents, sb.agents))):
            return None
        if ta is None or tb is None or not ta.overlaps(tb):
            return None  # an event's figures are compared at one known time: "sold 10 million" over which days?
        what = f"the {sa.kind} of {' and '.join(_shared(sa.undergoers, sb.undergoers))}"
        counts = bool(_shared(sa.patients, sb.patients))
    for ma in sa.measures:
        for mb in sb.measures:
            if ma.dimension != mb.dimension or (ma.measured and mb.measured and ma.measured != mb.measured):
                continue
            if ma.dimension.startswith("count:") and (not counts or ma.added or mb.added):
                continue
            if sa.kind is None and not (ma.measured and mb.measured):
                continue  # no event to tie them to: "revenue was €550 million" and "€250 million" on wages are two
            low, high = sorted((ma.value, mb.value))
            if low > 0 and high / low >= MEASURE_RATIO:
                noun = ma.dimension.removeprefix("count:")
                plural = noun if noun.endswith("s") or noun in ("people", "children", "men", "women") else noun + "s"
                dimension = f"number of {plural}" if ma.dimension.startswith("count:") else {"money": "sum"}.get(
                    ma.dimension, ma.dimension)
                return (
                    f"'{a}' gives {ma.words} and '{b}' gives {mb.words} for {what}: one {dimension} of one thing "
                    "cannot have both values"
                )
    return None


def _conflict(members: list[str], kind: str, reason: str) -> Conflict:
    return Conflict(id=conflict_id(members), claims=sorted(members), kind=kind, status="open", reason=reason)  # type: ignore[arg-type]


def _ungraded(meta: SourceMeta | None) -> bool:
    """Whether nobody has graded the source (reliability F, the default)."""
    return meta is None or meta.reliability == "F"


def _well_evidenced(assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.verdict == "supported" and assessment.credibility <= 2


# Sources graded as not usually reliable (D) or unreliable (E): who said it makes their support weak.
DOUBTFUL_GRADES = frozenset("DE")


def _firm_support(w: WeighedEvidence) -> bool:
    """Support that stands by its words and its speaker: plain, on the record, from a source not known to be poor.

    A source nobody has graded yet (F) is not a reason for doubt: what it says and who said it are.
    """
    return (
        (w.effective_stance or w.stance) == "supports"
        and w.strength in ("strong", "fair")
        and "unnamed" not in w.cues
        and w.reliability not in DOUBTFUL_GRADES
    )


def _weakly_evidenced(assessment: Assessment | None) -> bool:
    """Some support, none of it firm: hedged, anonymous, planned, undetailed, or from D/E sources or unnamed people."""
    if assessment is None or assessment.verdict not in ("supported", "unverified"):
        return False
    support = [
        w for w in assessment.evidence if (w.effective_stance or w.stance) == "supports" and w.strength != "none"
    ]
    return bool(support) and not any(_firm_support(w) for w in support)


def _a(phrase: str) -> str:
    phrase = phrase or "event"
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def _settled_by_time(claim: Claim, other: Claim | None, times: Mapping[str, ClaimTime]) -> str | None:
    """Why two declared-incompatible claims both stand when one is a state and their times do not overlap."""
    if other is None:
        return None
    mine = times.get(claim.id) or claim_time(claim)
    theirs = times.get(other.id) or claim_time(other)
    if "state" not in (mine.kind, theirs.kind) or mine.span is None or theirs.span is None:
        return None
    if mine.span.overlaps(theirs.span):
        return None
    return (
        f"declared incompatible, but settled by time: '{claim.id}' holds at {mine.label} and '{other.id}' at "
        f"{theirs.label}; a state at one time does not conflict with another at a time that does not overlap"
    )


def apply_resolutions(
    conflicts: Sequence[Conflict], resolutions: Sequence[Resolution]
) -> tuple[list[Conflict], list[ResolutionProblem]]:
    """Close the conflicts that reviewers resolved; report resolutions that name no conflict or a wrong side."""
    by_id = {c.id: c for c in conflicts}
    problems: list[ResolutionProblem] = []
    closed: dict[str, Resolution] = {}
    for index, resolution in enumerate(resolutions):
        conflict = by_id.get(resolution.conflict)
        if conflict is None:
            known = ", ".join(sorted(by_id)) or "none"
            problems.append(
                ResolutionProblem(
                    index,
                    "conflict",
                    f"no conflict '{resolution.conflict}'; conflicts now: {known} (see `factcheck check`)",
                )
            )
            continue
        if resolution.conflict in closed:
            problems.append(ResolutionProblem(index, "conflict", f"conflict '{resolution.conflict}' is resolved twice"))
            continue
        if resolution.outcome == "preferred":
            sides = ["supports", "contradicts"] if conflict.kind == "within-claim" else conflict.claims
            if resolution.preferred not in sides:
                problems.append(
                    ResolutionProblem(
                        index,
                        "preferred",
                        f"'{resolution.preferred}' is not a side of {conflict.id}; use one of {', '.join(sides)}",
                    )
                )
                continue
        closed[resolution.conflict] = resolution
    out = [
        c.model_copy(update={"status": "resolved", "resolution": closed[c.id]}) if c.id in closed else c
        for c in conflicts
    ]
    return out, problems


def _n(items: set[str] | Sequence[str], noun: str) -> str:
    count = len(items)
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
