"""Benchmark `factcheck check`: generate a synthetic ledger, then time cold, warm and incremental runs.

Run from the repository root with the project's interpreter:

    python bench/bench_check.py                      # 2000 sources, 400 claims
    python bench/bench_check.py --big-source-mb 50   # also time a ledger with one 50 MB source
    python bench/bench_check.py --generate-only --keep --workdir /tmp/ledger
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20180425
WARM_TARGET_S = 1.5
COLD_TARGET_S = 30.0
SETTLE_S = 3.2  # factcheck.warm.SETTLE_NS, and a little
EXPECTED_EXIT = 1  # some declared conflicts are left unresolved on purpose, so `check` must report findings

# ---------------------------------------------------------------- word lists

PARTIES = (
    "Norway", "Chile", "Kenya", "Vietnam", "Portugal", "Canada", "Indonesia", "Morocco", "Peru", "Finland",
    "Ghana", "New Zealand", "Uruguay", "Poland", "Tunisia", "Mongolia", "Senegal", "Ireland", "Malaysia",
    "Colombia", "Estonia", "Namibia", "Jordan", "Iceland", "Bolivia", "Slovenia", "Botswana", "Laos",
)  # fmt: skip
PLACES = (
    "Geneva", "Vienna", "Nairobi", "Lisbon", "Santiago", "Hanoi", "Oslo", "Rabat", "Lima", "Helsinki",
    "Accra", "Montevideo", "Warsaw", "Tunis", "Ulaanbaatar", "Wellington", "Jakarta", "Ottawa", "The Hague",
    "Brussels", "Addis Ababa", "Dakar", "Dublin", "Kuala Lumpur", "Bogotá", "Tallinn", "Windhoek", "Amman",
    "Reykjavík",
)  # fmt: skip
PACT_KINDS = (
    "agreement", "treaty", "accord", "protocol", "memorandum of understanding", "framework agreement",
    "trade pact", "cooperation agreement",
)  # fmt: skip
MEETING_KINDS = ("visit", "state visit", "summit", "round of talks")
TOPICS = (
    "fisheries", "water-sharing", "energy", "rail freight", "vaccine supply", "border demarcation", "customs",
    "student exchange", "satellite data", "grain export", "labour mobility", "defence procurement",
    "tax information", "civil aviation", "cultural heritage", "electricity interconnection",
)  # fmt: skip
FIRST_NAMES = (
    "Ana", "Jonas", "Amina", "Tran", "Marta", "Olu", "Ingrid", "Rafael", "Leila", "Kwame", "Sofia", "Piotr",
    "Hana", "Mateo", "Aroha", "Youssef", "Eithne", "Batbayar", "Lucía", "Siti",
)  # fmt: skip
LAST_NAMES = (
    "Ferreira", "Lund", "Odhiambo", "Van Minh", "Kowalska", "Mensah", "Halvorsen", "Quispe", "Benali",
    "Asante", "Rautio", "Nowak", "Tamm", "Rojas", "Ngata", "Haddad", "Byrne", "Dorj", "Salleh", "Mbeki",
)  # fmt: skip
ROLES = (
    "Foreign Minister", "Trade Minister", "Prime Minister", "President", "Deputy Foreign Minister",
    "Energy Minister", "chief negotiator",
)  # fmt: skip
SPEECHES = (
    "This is a good day for both our peoples", "We've worked for years to reach this point",
    "Nothing is settled until everything is settled", "The door remains open to further talks",
    "It's a first step, not the last", "Our fishermen will be the first to feel the benefits",
    "We did not get everything we wanted", "This honours a promise we made to our voters",
    "Today's meeting was frank and useful", "We'll judge it by what happens on the ground",
    "There's still a great deal of work ahead", "Both sides showed real courage",
)  # fmt: skip
CRITICISMS = (
    "gave away too much", "was negotiated in secret", "ignored the concerns of coastal towns",
    "would cost more than the government admits", "did not go far enough",
    "was rushed through before the elections",
)  # fmt: skip
COMMITMENTS = (
    "cut tariffs on machinery", "open two new border crossings", "share monitoring data every month",
    "double the number of student places", "build a joint research centre", "halve inspection times at ports",
)  # fmt: skip
SUBJECTS = (
    "Analysts", "Diplomats in the capital", "Opposition lawmakers", "Business groups", "Local officials",
    "Several economists", "Trade unions", "Farmers' associations", "Shipping companies",
    "Environmental campaigners", "The central bank", "Regional governors",
)  # fmt: skip
VERBS = (
    "have questioned", "expect", "welcomed", "warned about", "have long pushed for", "remain divided over",
    "are watching", "criticised", "called for a review of", "played down",
)  # fmt: skip
OBJECTS = (
    "the cost of the programme", "new rules on {topic}", "the pace of the negotiations", "the defence budget",
    "tariffs on imported machinery", "the labour market", "a new trade centre in {place}",
    "the organisation of the next round", "cuts to the research programme", "the price of diesel",
    "growth forecasts of {n} per cent", "the favour shown to state firms", "the timetable for ratification",
)  # fmt: skip
ADJUNCTS = (
    "in recent months", "ahead of elections next year", "according to people familiar with the matter",
    "since the spring", "despite a slowing economy", "for the second year running",
    "at a briefing in {place}",
)  # fmt: skip
STANDALONE = (
    "The ministry did not respond to a request for comment.",
    "Markets in {place} were little changed on the news.",
    "Negotiators had met {n} times since {year}.",
    "Officials declined to give further details.",
    "Talks on a separate customs arrangement are expected to resume in the autumn.",
    "The full text has not been published.",
    "Bad weather delayed several flights into {place}, the airport said.",
    "A parliamentary vote is expected within {n} months.",
    "The organisers said the venue had been booked for weeks.",
)  # fmt: skip
COMMENTERS = ("jk_1974", "Maria L.", "TruthSeeker", "old_sailor", "Anon", "P. Okafor", "wintergreen")
COMMENT_LINES = (
    "Another {kind} that won't change anything.",
    "Good news for {place}, finally.",
    "Who paid for the flights?",
    "The article leaves out what happened in {year}.",
    "I read elsewhere it was signed in {alt}, not {place}.",
    "Great reporting, thanks.",
    "Same promises as last time.",
    "This was announced back in {year} already.",
)  # fmt: skip
PUBLISHERS = (  # name, kind, reliability, British spelling, curly quotes, weight
    ("Global Wire Service", "wire", "B", True, False, 4),
    ("Continental Press Agency", "wire", "B", False, False, 3),
    ("Northern Herald", "news", "C", True, True, 5),
    ("Coastal Times", "news", "C", False, True, 5),
    ("The Daily Ledger", "news", "B", True, True, 4),
    ("Metro Post", "news", "D", False, False, 3),
    ("Evening Chronicle", "news", "C", True, True, 4),
    ("The Harbour Gazette", "news", "C", True, True, 3),
    ("Capital Observer", "opinion", "D", True, True, 2),
    ("Ministry of Foreign Affairs", "official", "A", True, False, 1),
    ("Policy Notes", "blog", "E", False, False, 1),
    ("Frontier Daily", "blog", "F", False, True, 1),
    ("Parliamentary Record", "transcript", "B", True, False, 1),
)
REVIEWERS = ("A. Okafor", "B. Lindqvist", "C. Ramos")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UK_TO_US = {
    "programme": "program", "defence": "defense", "labour": "labor", "centre": "center",
    "organisation": "organization", "organisers": "organizers", "criticised": "criticized", "favour": "favor",
    "honours": "honors", "per cent": "percent", "autumn": "fall",
}  # fmt: skip
_UK_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, UK_TO_US)) + r")\b")
_US_TO_UK = {us: uk for uk, us in UK_TO_US.items()}
_US_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, _US_TO_UK)) + r")\b")
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_WORD_TO_TOUCH = re.compile(r"\b[a-z]{6,}\b")

# ---------------------------------------------------------------- the ledger in memory


@dataclass(frozen=True)
class Event:
    """Something that happened, which several sources report (a few of them wrongly) and claims are about."""

    a: str
    b: str
    kind: str
    pact: bool
    topic: str
    place: str
    alt_place: str
    day: dt.date
    alt_day: dt.date
    a_official: str
    b_official: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a body; `event` marks the ones that report the event, which claims quote."""

    text: str
    event: bool = False


@dataclass
class Style:
    """How one publication writes: spelling, quote marks, line wrapping."""

    uk: bool
    curly: bool
    wrapped: bool = False

    @property
    def quotes(self) -> tuple[str, str, str]:
        """Opening and closing double quote, and the apostrophe."""
        return ("“", "”", "’") if self.curly else ('"', '"', "'")


@dataclass
class SourceDoc:
    """One generated source: front matter fields, body, and the spans that evidence may quote."""

    id: str
    meta: dict[str, object]
    body: str
    spans: list[tuple[int, int]]
    event: int
    dissent: bool
    style: Style
    paragraphs: list[list[Sentence]] = field(repr=False)
    not_article: list[dict[str, str]] = field(default_factory=list)
    copy_of: str | None = None


@dataclass
class EvidenceDoc:
    """One evidence item, with the anchoring method its quote is built to need."""

    source: str
    quote: str
    stance: str
    method: str
    span: tuple[int, int]


@dataclass
class ClaimDoc:
    """One claim of claims.yaml."""

    id: str
    text: str
    evidence: list[EvidenceDoc]
    conflicts_with: list[str] = field(default_factory=list)


@dataclass
class Ledger:
    """A whole generated project."""

    sources: list[SourceDoc]
    claims: list[ClaimDoc]
    resolutions: list[dict[str, object]]
    events: list[Event]
    declared_pairs: list[tuple[str, str]]

    @property
    def evidence_count(self) -> int:
        """Evidence items over all claims."""
        return sum(len(c.evidence) for c in self.claims)

    @property
    def source_bytes(self) -> int:
        """Total size of the bodies in UTF-8."""
        return sum(len(s.body.encode("utf-8")) for s in self.sources)


# ---------------------------------------------------------------- text


def conflict_id(a: str, b: str) -> str:
    """The id `factcheck check` gives the conflict declared between two claims."""
    return "cf-" + hashlib.sha1("|".join(sorted([a, b])).encode("utf-8")).hexdigest()[:8]


def spell(text: str, uk: bool) -> str:
    """Text in British (as the templates are written) or American spelling."""
    return text if uk else _UK_WORDS.sub(lambda m: UK_TO_US[m.group(1)], text)


def flip_spelling(text: str) -> str:
    """Swap British and American spellings, as a syndicating outlet's copy desk does."""
    if _UK_WORDS.search(text):
        return _UK_WORDS.sub(lambda m: UK_TO_US[m.group(1)], text)
    return _US_WORDS.sub(lambda m: _US_TO_UK[m.group(1)], text)


def full_date(day: dt.date, uk: bool) -> str:
    """A date as a newspaper writes it: 25 April 2018, or April 25, 2018."""
    month = MONTHS[day.month - 1]
    return f"{day.day} {month} {day.year}" if uk else f"{month} {day.day}, {day.year}"


def when(rng: random.Random, day: dt.date, published: dt.date | None, uk: bool) -> str:
    """How a source dated `published` writes `day`: absolute, relative (yesterday, on Friday) or vague."""
    delta = (published - day).days if published else -1
    r = rng.random()
    if delta == 0 and r < 0.4:
        return "today"
    if delta == 1 and r < 0.6:
        return "yesterday"
    if 1 < delta < 7 and r < 0.5:
        return f"on {WEEKDAYS[day.weekday()]}"
    if published and 0 < delta < 28 and day.month == published.month and r > 0.9:
        return "earlier this month"
    if r < 0.75 or delta < 0:
        return "on " + full_date(day, uk)
    return f"on {day.day} {MONTHS[day.month - 1]}" if uk else f"on {MONTHS[day.month - 1]} {day.day}"


def _an(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def event_sentences(
    rng: random.Random, ev: Event, style: Style, dissent: bool, published: dt.date | None
) -> list[str]:
    """The sentences about an event that one source may carry; the first one leads the story."""
    lq, rq, apos = style.quotes
    place = ev.alt_place if dissent else ev.place
    day = ev.alt_day if dissent else ev.day
    date = when(rng, day, published, style.uk)
    speech = rng.choice(SPEECHES).replace("'", apos)
    a_role, b_role = rng.choice(ROLES), rng.choice(ROLES)
    since, until = ev.day.year - rng.randint(3, 40), ev.day.year + rng.randint(1, 6)
    if ev.pact:
        out = [
            f"{ev.a} and {ev.b} signed {_an(ev.topic)} {ev.kind} in {place} {date}, officials said.",
            f"The {ev.kind}, which covers {ev.topic} and runs for {rng.randint(3, 25)} years, "
            f"was concluded after {rng.randint(2, 14)} rounds of talks.",
            f"{lq}{speech},{rq} {a_role} {ev.a_official} of {ev.a} told reporters in {place}.",
            f"{ev.b}{apos}s {b_role} {ev.b_official} said the {ev.kind} would enter into force "
            "once both parliaments had ratified it.",
            f"It is the first {ev.kind} between {ev.a} and {ev.b} since {since}.",
            f"The signing ceremony in {place} was attended by {rng.randint(20, 400)} delegates, "
            "the organisers said.",
            f"Critics in {ev.b} said the {ev.kind} {rng.choice(CRITICISMS)}.",
            f"Under the {ev.kind}, {ev.a} will {rng.choice(COMMITMENTS)} by {until}.",
        ]
    else:
        out = [
            f"{a_role} {ev.a_official} of {ev.a} arrived in {place} {date} for a {rng.randint(2, 5)}-day "
            f"{ev.kind} focused on {ev.topic}.",
            f"The {ev.kind} was the first by a leader of {ev.a} to {ev.b} since {since}.",
            f"{lq}{speech},{rq} {ev.a_official} said at a joint news conference in {place}.",
            f"{ev.b}{apos}s {b_role} {ev.b_official} described the talks as "
            f"{rng.choice(('frank', 'warm', 'difficult', 'productive'))}.",
            f"The two sides agreed to meet again in {rng.choice(PLACES)} next year, "
            "according to a joint statement.",
            f"Protesters gathered outside the conference centre in {place} during the {ev.kind}.",
        ]
    return [spell(s, style.uk) for s in out]


def filler_sentence(rng: random.Random, ev: Event, style: Style) -> str:
    """A sentence of background that reports nothing about the event itself."""
    apos = style.quotes[2]
    slots = {"topic": rng.choice(TOPICS), "place": rng.choice(PLACES), "n": rng.randint(2, 40)}
    slots["year"] = ev.day.year - 2
    if rng.random() < 0.3:
        text = rng.choice(STANDALONE).format(**slots)
    else:
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        if rng.random() < 0.6:
            text += " " + rng.choice(ADJUNCTS)
        text = text.format(**slots) + "."
    return spell(text.replace("'", apos), style.uk)


def wrap_lines(text: str, width: int = 72) -> str:
    """Hard-wrap paragraphs by turning spaces into newlines, which keeps every offset."""
    chars = list(text)
    col, last_space = 0, -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            col, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        col += 1
        if col > width and last_space >= 0:
            chars[last_space] = "\n"
            col, last_space = i - last_space, -1
    return "".join(chars)


def assemble(paragraphs: list[list[Sentence]]) -> tuple[str, list[tuple[int, int]]]:
    """Join paragraphs into article text, returning the offsets of the event sentences."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for p, para in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        for s, sentence in enumerate(para):
            if s:
                parts.append(" ")
                pos += 1
            if sentence.event:
                spans.append((pos, pos + len(sentence.text)))
            parts.append(sentence.text)
            pos += len(sentence.text)
    return "".join(parts), spans


def reader_comments(rng: random.Random, ev: Event, title: str, published: dt.date, style: Style) -> str:
    """A footer the source loader must recognise as not the article, with reader comments."""
    lq, rq, _ = style.quotes
    people = rng.sample(COMMENTERS, rng.randint(2, 5))
    slots = {"kind": ev.kind, "place": ev.place, "alt": ev.alt_place, "year": ev.day.year - 3}
    lines = [rng.choice(COMMENT_LINES).format(**slots) for _ in people]
    stamp = full_date(published + dt.timedelta(days=1), style.uk)
    variant = rng.randrange(3)
    if variant == 0:  # numbered comments, then the closing line
        items = [
            f"  {i}. {who} says:\n     {stamp} at {rng.randint(1, 12)}:{rng.randint(10, 59)} pm\n     {line}"
            for i, (who, line) in enumerate(zip(people, lines, strict=True), start=1)
        ]
        header = f"{len(items)} responses to {lq}{title}{rq}"
        return header + "\n\n" + "\n\n".join(items) + "\n\nComments are closed."
    items = [f"{who} says:\n{stamp}\n{line}" for who, line in zip(people, lines, strict=True)]
    if variant == 1:
        return "Comments are closed.\n\n" + "\n\n".join(items)
    return (
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\n"
        + "\n\n".join(items)
    )


# ---------------------------------------------------------------- generation


def make_events(rng: random.Random, count: int) -> list[Event]:
    """Events between two parties, each with a wrong place and date that dissenting sources report."""
    events = []
    for _ in range(count):
        a, b = rng.sample(PARTIES, 2)
        pact = rng.random() < 0.75
        place, alt_place = rng.sample(PLACES, 2)
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3600))
        alt_day = day + dt.timedelta(days=rng.choice((-1, 1)) * rng.randint(2, 40))
        a_off = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        b_off = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        kind = rng.choice(PACT_KINDS if pact else MEETING_KINDS)
        topic = rng.choice(TOPICS)
        events.append(Event(a, b, kind, pact, topic, place, alt_place, day, alt_day, a_off, b_off))
    return events


def make_source(rng: random.Random, index: int, events: list[Event], event: int) -> SourceDoc:
    """One original source: several paragraphs of news about one event, 1-8 KB, sometimes with a footer."""
    ev = events[event]
    name, kind, reliability, uk, curly, _ = rng.choices(PUBLISHERS, weights=[p[5] for p in PUBLISHERS])[0]
    style = Style(uk=uk, curly=curly, wrapped=rng.random() < 0.1)
    dissent = rng.random() < 0.12
    published: dt.date | None = (ev.alt_day if dissent else ev.day) + dt.timedelta(days=rng.randint(0, 6))
    if rng.random() < 0.01:
        published = None
    topic_title = ev.topic.capitalize()
    title = (
        f"{ev.a} and {ev.b} sign {ev.topic} {ev.kind}"
        if ev.pact
        else f"{ev.a}{style.quotes[2]}s {ev.a_official.split()[-1]} in {ev.b} for {ev.kind}"
    )
    if rng.random() < 0.2:
        title = f"{topic_title}: {title}"
    sentences = event_sentences(rng, ev, style, dissent, published)
    lead, rest = sentences[0], sentences[1:]
    picked = rng.sample(rest, rng.randint(2, len(rest)))
    paragraphs: list[list[Sentence]] = [[Sentence(lead, True)]]
    if kind == "wire":
        stamp = published or ev.day
        city = (ev.alt_place if dissent else ev.place).upper()
        dateline = f"{city}, {MONTHS[stamp.month - 1]} {stamp.day} ({name}) —"
        paragraphs[0].insert(0, Sentence(dateline))
    target = rng.randint(1024, 8192) - 200
    size = len(lead)
    while picked or size < target:
        para = []
        for _ in range(rng.randint(2, 5)):
            if picked and rng.random() < 0.4:
                para.append(Sentence(picked.pop(), True))
            else:
                para.append(Sentence(filler_sentence(rng, ev, style)))
        para_len = sum(len(s.text) + 1 for s in para) + 2
        if size + para_len > target and len(paragraphs) >= 2 and not any(s.event for s in para):
            if not picked:
                break
            continue
        paragraphs.append(para)
        size += para_len
    doc = SourceDoc(
        id=f"src-{index:05d}",
        meta={},
        body="",
        spans=[],
        event=event,
        dissent=dissent,
        style=style,
        paragraphs=paragraphs,
    )
    doc.meta = {
        "title": title,
        "publisher": name,
        "author": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if kind != "official" else None,
        "url": f"https://{re.sub(r'[^a-z]', '', name.lower())}.example/{ev.day.year}/{index:05d}",
        "published": published,
        "published_note": None
        if published
        else f"Undated page; the text implies {MONTHS[ev.day.month - 1]} {ev.day.year}.",
        "kind": kind,
        "reliability": reliability,
    }
    finish_body(rng, doc, ev)
    return doc


def make_copy(rng: random.Random, index: int, original: SourceDoc, events: list[Event]) -> SourceDoc:
    """A syndicated copy: another outlet re-runs the original's paragraphs with its own spelling."""
    others = [p for p in PUBLISHERS if p[0] != original.meta["publisher"]]
    name, kind, reliability, _, _, _ = rng.choice(others)
    paragraphs = [[Sentence(flip_spelling(s.text), s.event) for s in para] for para in original.paragraphs]
    if len(paragraphs) > 3 and rng.random() < 0.5:
        paragraphs.pop()
    published = original.meta["published"]
    if isinstance(published, dt.date):
        published += dt.timedelta(days=rng.randint(0, 1))
    style = Style(uk=not original.style.uk, curly=original.style.curly, wrapped=rng.random() < 0.1)
    doc = SourceDoc(
        id=f"src-{index:05d}",
        meta={
            **original.meta,
            "publisher": name,
            "author": None,
            "url": f"https://{re.sub(r'[^a-z]', '', name.lower())}.example/syndicated/{index:05d}",
            "published": published,
            "kind": kind if kind != "official" else "news",
            "reliability": reliability,
        },
        body="",
        spans=[],
        event=original.event,
        dissent=original.dissent,
        style=style,
        paragraphs=paragraphs,
        copy_of=original.id,
    )
    finish_body(rng, doc, events[doc.event])
    return doc


def finish_body(rng: random.Random, doc: SourceDoc, ev: Event) -> None:
    """Build the body from the paragraphs: wrapping, a marked sidebar, a sign-off, reader comments."""
    paragraphs = list(doc.paragraphs)
    if rng.random() < 0.02 and len(paragraphs) > 2:
        doc.style.wrapped = False  # wrapping could split the mark's start or end text across lines
        sidebar = f"Related coverage: {ev.b} budget talks stall | Port strike enters third week | Read more"
        paragraphs.insert(rng.randint(1, len(paragraphs) - 1), [Sentence(sidebar)])
        doc.not_article = [
            {"start": "Related coverage:", "end": "Read more", "reason": "Sidebar of links to other stories."}
        ]
    body, spans = assemble(paragraphs)
    if doc.style.wrapped:
        body = wrap_lines(body)
    published = doc.meta["published"] if isinstance(doc.meta["published"], dt.date) else ev.day
    r = rng.random()
    if r < 0.02:
        later = published + dt.timedelta(days=rng.randint(300, 2000))
        body += (
            f"\n\nPublished in {doc.meta['publisher']}, {full_date(published, doc.style.uk)}\n"
            f"Most read\nBudget row deepens ({full_date(later, doc.style.uk)})\nFerry timetable changes"
        )
    elif r < 0.06:
        body += "\n\n" + reader_comments(rng, ev, str(doc.meta["title"]), published, doc.style)
    doc.body = body + "\n"
    doc.spans = spans


def make_quote(rng: random.Random, doc: SourceDoc) -> tuple[str, str, tuple[int, int]]:
    """A quote from an event sentence of a source: exact, or with typography or one letter changed."""
    start, end = rng.choice(doc.spans)
    words = [m.span() for m in re.finditer(r"\S+", doc.body[start:end])]
    if len(words) > 10 and rng.random() < 0.4:
        first = rng.randrange(len(words) - 7)
        last = rng.randrange(first + 6, len(words))
        start, end = start + words[first][0], start + words[last][1]
    raw = doc.body[start:end]
    quote = re.sub(r"\s+", " ", raw)
    method = "exact" if quote == raw else "normalized"
    r = rng.random()
    if r < 0.07 and re.search("[\"'“”‘’]", quote):
        if doc.style.curly:
            quote = quote.translate(_CURLY)
        else:
            quote = re.sub(r'(^|\s)"', "\\1“", quote).replace('"', "”").replace("'", "’")
        method = "normalized"
    elif 0.07 <= r < 0.12 and len(quote) >= 40:
        letters = [i for i in range(len(quote) // 4, 3 * len(quote) // 4) if quote[i].islower()]
        if letters:
            i = rng.choice(letters)
            letter = rng.choice([c for c in "aeioustrnl" if c != quote[i]])
            if not _same_sense(quote, i, letter):  # the next letter that keeps it, with no more draws of rng
                at = letters.index(i)
                i = next((j for j in letters[at + 1 :] + letters[:at] if quote[j] != letter
                          and _same_sense(quote, j, letter)), -1)
            if i >= 0:
                quote = quote[:i] + letter + quote[i + 1 :]
                method = "fuzzy"
    return quote, method, (start, end)


# As factcheck.anchoring.keeps_meaning reads a fuzzy match: a dropped or added negation is another claim.
_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|without|cannot)\b|n[’']t\b", re.IGNORECASE)


def _same_sense(quote: str, i: int, letter: str) -> bool:
    """Whether putting `letter` at `i` drifts the quote without changing what it says (a negation, a short name).

    factcheck rejects a fuzzy match that loses or gains a "not", or changes a capitalised word of three letters
    (one letter of three is too much for its name test); such a quote would not be found, not drift.
    """
    changed = quote[:i] + letter + quote[i + 1 :]
    if len(_NEGATION.findall(changed)) != len(_NEGATION.findall(quote)):
        return False
    word = re.search(r"[\w’'-]+", quote[max(0, quote.rfind(" ", 0, i) + 1) :])
    return not (word and word.group()[0].isupper() and len(word.group()) == 3)


def claim_text(ev: Event, alt: bool) -> str:
    """What a claim about an event asserts; `alt` takes the place and date the dissenting sources give."""
    place, day = (ev.alt_place, ev.alt_day) if alt else (ev.place, ev.day)
    if ev.pact:
        return f"{ev.a} and {ev.b} signed {_an(ev.topic)} {ev.kind} in {place} on {full_date(day, True)}."
    return f"{ev.a_official} of {ev.a} began a {ev.kind} to {ev.b} in {place} on {full_date(day, True)}."


def make_claims(rng: random.Random, sources: list[SourceDoc], events: list[Event], count: int) -> Ledger:
    """Claims with 2-5 evidence items each, a few declared conflicts, and resolutions for half of them."""
    by_event: dict[int, list[SourceDoc]] = {}
    for doc in sources:
        by_event.setdefault(doc.event, []).append(doc)
    reported = sorted(by_event)
    pairs = max(1, count // 40) if count >= 2 else 0
    specs: list[tuple[int, bool]] = []  # (event, alt); specs 2p and 2p+1 are the p-th declared conflict
    for _ in range(pairs):
        e = rng.choice(reported)
        specs += [(e, False), (e, True)]
    specs += [(rng.choice(reported), rng.random() < 0.1) for _ in range(count - len(specs))]
    order = list(range(len(specs)))
    rng.shuffle(order)
    width = max(4, len(str(count)))
    ids = {spec: f"claim-{n:0{width}d}" for n, spec in enumerate(order, start=1)}
    claims: list[ClaimDoc] = []
    for spec in order:
        e, alt = specs[spec]
        k = rng.randint(2, 5)
        chosen = rng.sample(by_event[e], min(k, len(by_event[e])))
        taken = {d.id for d in chosen}
        others = [d for d in rng.sample(sources, min(len(sources), k + 5)) if d.id not in taken]
        chosen += others[: k - len(chosen)]
        evidence = []
        for doc in chosen:
            if doc.event != e:
                stance = rng.choice(("mentions", "mentions", "qualifies"))
            elif doc.dissent != alt:
                stance = "contradicts" if rng.random() < 0.8 else "qualifies"
            else:
                stance = rng.choices(("supports", "qualifies", "mentions"), weights=(8, 1, 1))[0]
            quote, method, span = make_quote(rng, doc)
            evidence.append(EvidenceDoc(doc.id, quote, stance, method, span))
        claims.append(ClaimDoc(ids[spec], claim_text(events[e], alt), evidence))
    by_id = {c.id: c for c in claims}
    declared: list[tuple[str, str]] = []
    resolutions: list[dict[str, object]] = []
    for p in range(pairs):
        a, b = ids[2 * p], ids[2 * p + 1]
        by_id[a].conflicts_with.append(b)
        if p % 3 == 2:  # some reviewers declare a conflict on both sides
            by_id[b].conflicts_with.append(a)
        declared.append((a, b))
        if p % 2 == 1:
            ev = events[specs[2 * p][0]]
            resolutions.append(
                {
                    "conflict": conflict_id(a, b),
                    "outcome": "distinct",
                    "by": REVIEWERS[p % len(REVIEWERS)],
                    "date": dt.date(2024, 1, 1) + dt.timedelta(days=p),
                    "note": f"Two events: in {ev.place} on {ev.day}, and in {ev.alt_place} on {ev.alt_day}.",
                }
            )
    claims.sort(key=lambda c: c.id)
    return Ledger(sources, claims, resolutions, events, declared)


def generate(
    n_sources: int, n_claims: int, seed: int = SEED, on_source: Callable[[SourceDoc], None] | None = None
) -> Ledger:
    """A deterministic ledger of n_sources sources and n_claims claims; `on_source` sees each source once made."""
    rng = random.Random(seed)
    events = make_events(rng, max(1, n_sources // 4))
    assignment = [i % len(events) for i in range(n_sources)]  # every event reported at least once, most twice
    rng.shuffle(assignment)
    sources: list[SourceDoc] = []
    for i, event in enumerate(assignment, start=1):
        originals = [s for s in sources[-200:] if s.copy_of is None]
        if originals and rng.random() < 0.03:
            sources.append(make_copy(rng, i, rng.choice(originals), events))
        else:
            sources.append(make_source(rng, i, events, event))
        if len(sources) > 200:  # only the last 200 can be copied: free the sentences of the one that left them
            sources[-201].paragraphs = []
        if on_source is not None:
            on_source(sources[-1])
    return make_claims(rng, sources, events, n_claims)


def add_big_source(ledger: Ledger, megabytes: float, seed: int = SEED) -> SourceDoc:
    """Add a source of `megabytes` MB of repeated paragraphs, and a claim quoting its one unique sentence."""
    rng = random.Random(seed + 1)
    ev = ledger.events[0]
    style = Style(uk=True, curly=True)
    lead = event_sentences(rng, ev, style, False, ev.day)[0]
    pool = [
        " ".join(
            lead if rng.random() < 0.2 else filler_sentence(rng, ev, style) for _ in range(rng.randint(3, 6))
        )
        for _ in range(40)
    ]
    target = int(megabytes * 1024 * 1024)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraphs.append(pool[len(paragraphs) % len(pool)])
        size += len(paragraphs[-1]) + 2
    unique = (
        f"The archive copy, filed under reference BX-{rng.getrandbits(32):08x}, records that the delegations "
        f"initialled the annex on {ev.topic} in {ev.place} at {rng.randint(10, 23)}:{rng.randint(10, 59)}."
    )
    cut = max(1, len(paragraphs) - max(2, len(paragraphs) // 50))
    head, tail = "\n\n".join(paragraphs[:cut]), "\n\n".join(paragraphs[cut:])
    start = len(head) + 2
    body = f"{head}\n\n{unique}\n\n{tail}\n"
    doc = SourceDoc(
        id=f"src-{len(ledger.sources) + 1:05d}",
        meta={
            "title": f"Complete proceedings: {ev.a}-{ev.b} {ev.kind} negotiations",
            "publisher": "Parliamentary Record",
            "author": None,
            "url": "https://parliamentaryrecord.example/proceedings/full",
            "published": ev.day + dt.timedelta(days=30),
            "published_note": None,
            "kind": "transcript",
            "reliability": "B",
        },
        body=body,
        spans=[(start, start + len(unique))],
        event=0,
        dissent=False,
        style=style,
        paragraphs=[],
    )
    ledger.sources.append(doc)
    other = next(s for s in ledger.sources if s.event == 0 and s is not doc)
    raw = other.body[other.spans[0][0] : other.spans[0][1]]
    other_quote = re.sub(r"\s+", " ", raw)
    method = "exact" if raw == other_quote else "normalized"
    width = len(ledger.claims[0].id.removeprefix("claim-")) if ledger.claims else 4
    ledger.claims.append(
        ClaimDoc(
            f"claim-{len(ledger.claims) + 1:0{width}d}",
            f"The {ev.a}-{ev.b} delegations initialled an annex on {ev.topic} in {ev.place}.",
            [
                EvidenceDoc(doc.id, unique, "supports", "exact", doc.spans[0]),
                EvidenceDoc(other.id, other_quote, "mentions", method, other.spans[0]),
            ],
        )
    )
    return doc


# ---------------------------------------------------------------- files


def yaml_value(value: object) -> str:
    """A scalar as YAML: dates bare, strings double-quoted (JSON escapes are valid YAML ones)."""
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def render_source(doc: SourceDoc) -> str:
    """A source file: front matter with the body's sha256 pin, then the body."""
    lines = ["---", f"id: {doc.id}"]
    for key, value in doc.meta.items():
        if value is None and key in ("author", "published_note"):
            continue
        lines.append(f"{key}: {value}" if key in ("kind", "reliability") else f"{key}: {yaml_value(value)}")
    lines.append(f"sha256: {hashlib.sha256(doc.body.encode('utf-8')).hexdigest()}")
    if doc.not_article:
        lines.append("not_article:")
        for mark in doc.not_article:
            lines += [f"  - {k}: {yaml_value(v)}" if i == 0 else f"    {k}: {yaml_value(v)}"
                      for i, (k, v) in enumerate(mark.items())]  # fmt: skip
    lines.append("---")
    return "\n".join(lines) + "\n" + doc.body


def render_claims(ledger: Ledger) -> str:
    """claims.yaml for the ledger."""
    out = ["claims:"]
    for claim in ledger.claims:
        out += [f"  - id: {claim.id}", f"    text: {yaml_value(claim.text)}", "    evidence:"]
        for ev in claim.evidence:
            out += [
                f"      - source: {ev.source}",
                f"        quote: {yaml_value(ev.quote)}",
                f"        stance: {ev.stance}",
            ]
        if claim.conflicts_with:
            out.append(f"    conflicts_with: [{', '.join(claim.conflicts_with)}]")
    if not ledger.resolutions:
        out.append("resolutions: []")
    else:
        out.append("resolutions:")
        for res in ledger.resolutions:
            out += [f"  - {k}: {yaml_value(v)}" if i == 0 else f"    {k}: {yaml_value(v)}"
                    for i, (k, v) in enumerate(res.items())]  # fmt: skip
    return "\n".join(out) + "\n"


def write_source(project: Path, doc: SourceDoc) -> None:
    """Write one source file (UTF-8, LF line ends)."""
    (project / "sources" / f"{doc.id}.md").write_bytes(render_source(doc).encode("utf-8"))


def write_ledger(ledger: Ledger, project: Path) -> None:
    """Write claims.yaml and sources/ into an empty project folder."""
    (project / "sources").mkdir(parents=True)
    for doc in ledger.sources:
        write_source(project, doc)
    (project / "claims.yaml").write_bytes(render_claims(ledger).encode("utf-8"))


def generate_into(project: Path, n_sources: int, n_claims: int, seed: int = SEED) -> Ledger:
    """Generate a ledger into an empty project folder, writing each source as soon as it is made."""
    (project / "sources").mkdir(parents=True)
    ledger = generate(n_sources, n_claims, seed, on_source=lambda doc: write_source(project, doc))
    (project / "claims.yaml").write_bytes(render_claims(ledger).encode("utf-8"))
    return ledger


def touch_one_source(ledger: Ledger, project: Path) -> str:
    """Change one word, outside every quote, of the most cited source, and fix its pin; return its id."""
    cited = Counter(ev.source for claim in ledger.claims for ev in claim.evidence)
    source_id = cited.most_common(1)[0][0]
    doc = next(s for s in ledger.sources if s.id == source_id)
    evidence = [ev for claim in ledger.claims for ev in claim.evidence if ev.source == source_id]
    for m in _WORD_TO_TOUCH.finditer(doc.body):
        if not any(a < m.end() and m.start() < b for a, b in (ev.span for ev in evidence)):
            new = "diplomats" if m.group() != "diplomats" else "envoys"
            doc.body = doc.body[: m.start()] + new + doc.body[m.end() :]
            delta = len(new) - len(m.group())
            doc.spans = [(a + delta, b + delta) if a >= m.end() else (a, b) for a, b in doc.spans]
            for ev in evidence:
                if ev.span[0] >= m.end():
                    ev.span = (ev.span[0] + delta, ev.span[1] + delta)
            break
    write_source(project, doc)
    return source_id


# ---------------------------------------------------------------- checking the generator


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_CURLY))


def _one_substitution(quote: str, text: str) -> bool:
    """Whether text holds quote with at most one character changed (one half of the quote must be exact)."""
    n, half = len(quote), len(quote) // 2
    for piece, offset in ((quote[:half], 0), (quote[half:], half)):
        at = text.find(piece)
        while at >= 0:
            start = at - offset
            window = text[start : start + n] if start >= 0 else ""
            if len(window) == n and sum(a != b for a, b in zip(window, quote, strict=True)) <= 1:
                return True
            at = text.find(piece, at + 1)
    return False


_FOOTERS = re.compile(r"^(?:\d+ responses to |Comments are closed|Leave a Reply|Published in )", re.M)


def validate(project: Path, ledger: Ledger) -> list[str]:
    """Load the files with factcheck.models and ruamel.yaml and check pins and quotes; return the problems."""
    from ruamel.yaml import YAML

    from factcheck.models import ClaimsFile, SourceMeta

    problems: list[str] = []
    safe = YAML(typ="safe")
    articles: dict[str, str] = {}
    for file in sorted((project / "sources").glob("*.md")):
        text = file.read_bytes().decode("utf-8")
        head, sep, body = text.partition("\n---\n")
        if not head.startswith("---\n") or not sep:
            problems.append(f"{file.name}: no front matter")
            continue
        meta = SourceMeta.model_validate(safe.load(head[4:]))
        if meta.id != file.stem:
            problems.append(f"{file.name}: id {meta.id} differs from the file name")
        if meta.sha256 != hashlib.sha256(body.encode("utf-8")).hexdigest():
            problems.append(f"{file.name}: sha256 pin does not match the body")
        footer = _FOOTERS.search(body)
        article = body[: footer.start()] if footer else body
        for mark in meta.not_article:
            start = article.find(mark.start)
            end = article.find(mark.end or "", start) + len(mark.end or "") if start >= 0 else -1
            if start < 0 or end < start:
                problems.append(f"{file.name}: not_article mark {mark.start!r} not found")
            else:
                article = article[:start] + "\0" + article[end:]
        articles[meta.id] = article
    claims = ClaimsFile.model_validate(YAML(typ="rt").load((project / "claims.yaml").read_text("utf-8")))
    ids = {c.id for c in claims.claims}
    if len(ids) != len(claims.claims):
        problems.append("claims.yaml: duplicate claim ids")
    declared = {conflict_id(c.id, other) for c in claims.claims for other in c.conflicts_with}
    if not all(other in ids for c in claims.claims for other in c.conflicts_with):
        problems.append("claims.yaml: conflicts_with names an unknown claim")
    for res in claims.resolutions:
        if res.conflict not in declared:
            problems.append(f"claims.yaml: resolution {res.conflict} names no declared conflict")
    intended = {(c.id, i): ev.method for c in ledger.claims for i, ev in enumerate(c.evidence)}
    folded: dict[str, str] = {}
    for claim in claims.claims:
        if not 2 <= len(claim.evidence) <= 5:
            problems.append(f"{claim.id}: {len(claim.evidence)} evidence items")
        for i, ev in enumerate(claim.evidence):
            article = articles.get(ev.source)
            if article is None:
                problems.append(f"{claim.id}[{i}]: unknown source {ev.source}")
                continue
            if ev.source not in folded:
                folded[ev.source] = _fold(article)
            if ev.quote in article:
                found = "exact"
            elif _fold(ev.quote) in folded[ev.source]:
                found = "normalized"
            elif _one_substitution(_fold(ev.quote), folded[ev.source]):
                found = "fuzzy"
            else:
                found = "missing"
            if found != intended[(claim.id, i)]:
                problems.append(f"{claim.id}[{i}] in {ev.source}: {found}, meant {intended[(claim.id, i)]}")
    return problems


# ---------------------------------------------------------------- running the CLI


# Starts the CLI from a small process and reports its time and rusage. Linux charges a child's ru_maxrss
# with the RSS of the process that spawned it, and this script holds the whole ledger in memory.
_LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{time.perf_counter() - start} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Run:
    """One timed run of the CLI."""

    seconds: float
    exit_code: int
    peak_rss: int | None
    stderr: str
    timed_out: bool = False
    stdout: str = ""
    cpu: float | None = None  # user + system seconds of the CLI, where the OS gives them

    @property
    def crashed(self) -> bool:
        """Whether the run died of an uncaught exception, which also exits 1."""
        return "Traceback (most recent call last)" in self.stderr


def cli_command() -> list[str]:
    """How to start the CLI: `python -m factcheck` if the package has a __main__, else the console script."""
    if importlib.util.find_spec("factcheck") and importlib.util.find_spec("factcheck.__main__"):
        return [sys.executable, "-m", "factcheck"]
    script = Path(sys.executable).with_name("factcheck.exe" if os.name == "nt" else "factcheck")
    if script.exists():
        return [str(script)]
    raise SystemExit("error: no `python -m factcheck` and no `factcheck` script next to the interpreter")


def run_timed(cmd: list[str], log: Path, timeout: float) -> Run:
    """Run a command with its output in log files; time it, and read its peak RSS where the OS gives it."""
    usage_file = log.with_suffix(".rusage")
    usage_file.unlink(missing_ok=True)
    launch = hasattr(os, "posix_spawn") and hasattr(os, "wait4")
    argv = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(usage_file), *cmd] if launch else cmd
    with log.with_suffix(".out").open("wb") as out, log.with_suffix(".err").open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=launch
        )
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            if launch:
                os.killpg(proc.pid, signal.SIGKILL)  # the launcher and the CLI under it
            else:
                proc.kill()
            proc.wait()
        seconds = time.perf_counter() - start
    rss: int | None = None
    cpu: float | None = None
    if usage_file.exists():
        inner, maxrss, used = usage_file.read_text().split()
        seconds, rss, cpu = float(inner), int(maxrss) * (1 if sys.platform == "darwin" else 1024), float(used)
    stderr = log.with_suffix(".err").read_text("utf-8", errors="replace")
    stdout = log.with_suffix(".out").read_text("utf-8", errors="replace")
    return Run(seconds, proc.returncode, rss, stderr, timed_out, stdout, cpu)


@dataclass
class Row:
    """A line of the results table."""

    phase: str
    run: Run
    target: float | None = None
    expect_exit: int = EXPECTED_EXIT
    note: str = ""
    ledger: str = ""  # rows of the same ledger must print the same report


def print_figures(ledger: Ledger, gen_seconds: float) -> None:
    """The size of the generated ledger."""
    methods = Counter(ev.method for c in ledger.claims for ev in c.evidence)
    stances = Counter(ev.stance for c in ledger.claims for ev in c.evidence)
    copies = sum(s.copy_of is not None for s in ledger.sources)
    footers = sum(bool(_FOOTERS.search(s.body)) for s in ledger.sources)
    marked = sum(bool(s.not_article) for s in ledger.sources)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(methods.items()))
    stance_mix = ", ".join(f"{k} {v}" for k, v in sorted(stances.items()))
    rows = [
        (
            "sources",
            f"{len(ledger.sources)} ({copies} syndicated copies, {footers} with footers, {marked} marked)",
        ),
        ("claims", f"{len(ledger.claims)}"),
        ("evidence items", f"{ledger.evidence_count} ({kinds}; {stance_mix})"),
        ("declared conflicts", f"{len(ledger.declared_pairs)} ({len(ledger.resolutions)} resolved)"),
        ("total source MB", f"{ledger.source_bytes / 1e6:.1f}"),
        ("generation s", f"{gen_seconds:.2f}"),
    ]
    for name, value in rows:
        print(f"{name:<20} {value}")


def print_table(rows: list[Row]) -> bool:
    """The timing table with targets; return whether every run met its target and exit code."""
    print(f"\n{'phase':<34} {'seconds':>8} {'exit':>5} {'peak RSS':>9}  target")
    ok = True
    for row in rows:
        rss = f"{row.run.peak_rss / 2**20:.0f} MB" if row.run.peak_rss else "n/a"
        verdict = ""
        if row.target is not None:
            met = row.run.seconds < row.target and not row.run.timed_out
            verdict = f"< {row.target:g} s {'ok' if met else 'MISSED'}"
            ok &= met
        if row.run.timed_out:
            verdict += "  TIMED OUT (see --timeout)"
            ok = False
        elif row.run.crashed:
            verdict += "  CRASHED (traceback on stderr)"
            ok = False
        elif row.run.exit_code != row.expect_exit:
            verdict += f"  exit {row.run.exit_code}, expected {row.expect_exit}"
            ok = False
        print(f"{row.phase:<34} {row.run.seconds:>8.2f} {row.run.exit_code:>5} {rss:>9}  {verdict}{row.note}")
    for ledger in dict.fromkeys(row.ledger for row in rows if row.ledger):
        first, *others = [row for row in rows if row.ledger == ledger]
        said = first.run.stderr.strip() or first.run.stdout.strip() or "(no output)"
        last_line = said.splitlines()[-1]
        differ = [row.phase for row in others if row.run.stdout != first.run.stdout]
        print(f"\n{first.phase}: {last_line}")
        print(f"  same stdout in the other runs: {'no: ' + ', '.join(differ) if differ else 'yes'}")
    for row in rows:
        if not row.run.timed_out and (row.run.crashed or row.run.exit_code not in (0, 1)):
            tail = "\n    ".join(row.run.stderr.strip().splitlines()[-8:]) or "(nothing on stderr)"
            print(f"\n{row.phase}: exit {row.run.exit_code}, stderr ends:\n    {tail}")
    return ok


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_bench(ledger: Ledger, project: Path, logs: Path, args: argparse.Namespace) -> bool:
    """Time cold, warm and one-changed runs (and the big source, if asked); print the table."""
    base = cli_command()
    cmd = [*base, "check", "--project", str(project), "--format", "text"]
    logs.mkdir(parents=True, exist_ok=True)
    run_timed([*base, "--help"], logs / "prime", args.timeout)  # compiles bytecode and warms the OS cache
    startup = run_timed([*base, "--help"], logs / "startup", args.timeout)
    cache = project / ".factcheck"
    shutil.rmtree(cache, ignore_errors=True)
    _say("cold run ...")
    cold = run_timed(cmd, logs / "cold", args.timeout)
    # A run keeps its output for the next only once every input, the cache too, is 3 s old (factcheck/warm.py).
    time.sleep(SETTLE_S)
    run_timed(cmd, logs / "keep", args.timeout)
    _say(f"warm runs (x{args.runs}) ...")
    warm = [run_timed(cmd, logs / f"warm-{i}", args.timeout) for i in range(args.runs)]
    median = statistics.median(r.seconds for r in warm)
    worst = max(
        warm, key=lambda r: (r.timed_out, r.exit_code != EXPECTED_EXIT, r.stdout != cold.stdout, r.peak_rss)
    )
    warm_row = dataclasses.replace(worst, seconds=median)
    touched = touch_one_source(ledger, project)
    _say(f"one source changed ({touched}) ...")
    one = run_timed(cmd, logs / "one-changed", args.timeout)
    rows = [
        Row("start-up (--help)", startup, expect_exit=0, note="  (interpreter and imports only)"),
        Row("cold (no database)", cold, COLD_TARGET_S, ledger="base"),
        Row(f"warm (median of {args.runs})", warm_row, WARM_TARGET_S, ledger="base"),
        Row("warm, one source changed", one, WARM_TARGET_S, note=f"  ({touched})", ledger="base"),
    ]
    if args.big_source_mb:
        big = add_big_source(ledger, args.big_source_mb, args.seed)
        write_source(project, big)
        (project / "claims.yaml").write_bytes(render_claims(ledger).encode("utf-8"))
        label = f"{args.big_source_mb:g} MB source"
        _say(f"{label} added to a warm database ...")
        added = run_timed(cmd, logs / "big-added", args.timeout)
        shutil.rmtree(cache, ignore_errors=True)
        _say(f"cold run with the {label} ...")
        big_cold = run_timed(cmd, logs / "big-cold", args.timeout)
        big_warm = run_timed(cmd, logs / "big-warm", args.timeout)
        rows += [
            Row(f"cold with the {label}", big_cold, COLD_TARGET_S, ledger="big"),
            Row(f"warm, {label} just added", added, ledger="big"),
            Row(f"warm with the {label}", big_warm, WARM_TARGET_S, ledger="big"),
        ]
        print(f"total source MB with the big source: {ledger.source_bytes / 1e6:.1f}")
    print(f"command: {' '.join(cmd)}")
    return print_table(rows)


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sources", type=int, default=2000, help="number of sources (default 2000)")
    p.add_argument("--claims", type=int, default=400, help="number of claims (default 400)")
    p.add_argument("--big-source-mb", type=float, default=0, help="also time one extra source this big")
    p.add_argument("--workdir", type=Path, help="write the ledger to DIR/ledger (default: a temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--generate-only", action="store_true", help="generate and validate; do not run the CLI")
    p.add_argument("--runs", type=int, default=5, help="warm runs to take the median of (default 5)")
    p.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    p.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed (default 600)")
    args = p.parse_args(argv)
    if args.sources < 2 or args.claims < 2 or args.runs < 1:
        p.error("need --sources >= 2, --claims >= 2 (a declared conflict stays open) and --runs >= 1")
    return args


def prepare_root(args: argparse.Namespace) -> tuple[Path, bool]:
    """The folder to work in, and whether it is ours to delete."""
    if args.workdir is None:
        return Path(tempfile.mkdtemp(prefix="factcheck-bench-")), True
    project = args.workdir / "ledger"
    if project.exists():
        if not (project / "claims.yaml").exists():
            raise SystemExit(f"error: {project} exists and holds no claims.yaml; pick another --workdir")
        shutil.rmtree(project)  # a ledger from an earlier run
    args.workdir.mkdir(parents=True, exist_ok=True)
    return args.workdir, False


def main(argv: list[str] | None = None) -> int:
    """Generate the ledger, then validate it or time the CLI on it."""
    args = parse_args(argv)
    root, temporary = prepare_root(args)
    project = root / "ledger"
    try:
        start = time.perf_counter()
        ledger = generate(args.sources, args.claims, args.seed)
        write_ledger(ledger, project)
        gen_seconds = time.perf_counter() - start
        print_figures(ledger, gen_seconds)
        if args.generate_only:
            if args.big_source_mb:
                start = time.perf_counter()
                big = add_big_source(ledger, args.big_source_mb, args.seed)
                write_source(project, big)
                (project / "claims.yaml").write_bytes(render_claims(ledger).encode("utf-8"))
                seconds = time.perf_counter() - start
                print(f"{'big source':<20} {big.id}, {len(big.body) / 2**20:.1f} MB in {seconds:.2f} s")
            start = time.perf_counter()
            problems = validate(project, ledger)
            print(f"{'validation':<20} {len(problems)} problems ({time.perf_counter() - start:.2f} s)")
            for problem in problems[:20]:
                print(f"  {problem}")
            return 1 if problems else 0
        return 0 if run_bench(ledger, project, root / "logs", args) else 1
    finally:
        if temporary and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"ledger kept in {project}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
