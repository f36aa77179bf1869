"""sources/: front matter and its errors, text that is not the article, passages with offsets, and pinning."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
import random
import re
from pathlib import Path

import pytest

from factcheck.anchoring import anchor_quote
from factcheck.claims import load_claims
from factcheck.errors import InvalidSourceError, SourceNotFoundError
from factcheck.models import Region, Source, SourceMeta
from factcheck.project import ProjectPaths, load_project_sources
from factcheck.sources import (
    NON_ARTICLE_RULES,
    _paragraph_start,
    decode_source_bytes,
    find_non_article,
    hash_body,
    parse_source,
    pin_source,
    read_source,
    region_at,
    reread_body,
    segment,
    sentence_context,
    source_path,
    split_front_matter,
    split_sentences,
)
from factcheck.store import Store
from tests.conftest import copy_bundled

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
PATH = "sources/s1.md"

DAWN = "dawn-2018-04-25-bajwa-moscow"
DESPARDES = "despardes-2018-05-12-defense-treaty"
EURASIA = "eurasia-news-kharakov-russia-pakistan-relations"
WEB_2017 = "web-2017-pakistan-cosying-up-to-russia"
WEB_2018 = "web-2018-04-24-russia-keen-military-ties"


def errors_of(text: str, path: str = PATH) -> list[str]:
    with pytest.raises(InvalidSourceError) as info:
        parse_source(text, path)
    lines = [d.format() for d in info.value.diagnostics]
    assert str(info.value) == "\n".join(lines)
    return lines


# ---------------------------------------------------------------- parse_source

VALID = (
    "---\n"
    "id: s1\n"
    "aliases: [old-name]\n"
    'title: "A title: with a colon"\n'
    "publisher: Dawn\n"
    "published: 2018-04-25\n"
    "kind: wire\n"
    "reliability: B\n"
    "not_article:\n"
    "  - start: Sidebar\n"
    "    reason: a box\n"
    "---\n"
    "First paragraph. Second sentence.\n"
    "\n"
    "Sidebar text.\n"
)
VALID_BODY = "First paragraph. Second sentence.\n\nSidebar text.\n"


def test_a_valid_source_gives_meta_body_and_hash() -> None:
    source = parse_source(VALID, PATH)
    assert source.id == "s1"
    assert source.path == PATH
    assert source.meta == SourceMeta(
        id="s1",
        aliases=["old-name"],
        title="A title: with a colon",
        publisher="Dawn",
        published=dt.date(2018, 4, 25),
        kind="wire",
        reliability="B",
        not_article=[{"start": "Sidebar", "reason": "a box"}],
    )
    assert source.body == VALID_BODY
    assert source.body_sha256 == hashlib.sha256(VALID_BODY.encode("utf-8")).hexdigest() == hash_body(VALID_BODY)
    assert source.front_matter_lines == 12
    assert source.not_article == [Region(start=35, end=len(VALID_BODY), reason="a box")]
    assert VALID_BODY[35:] == "Sidebar text.\n"
    assert not source.pinned


def test_defaults_for_an_ungraded_source() -> None:
    meta = parse_source("---\nid: s1\n---\nBody.\n", PATH).meta
    assert (meta.kind, meta.reliability, meta.sha256, meta.published, meta.not_article) == ("news", "F", None, None, [])


def test_a_source_pinned_to_its_body_is_pinned() -> None:
    pin = hash_body("Body.\n")
    text = f'---\nid: s1\nsha256: "{pin}"\n---\nBody.\n'
    assert parse_source(text, PATH).pinned
    assert not parse_source(text.replace("Body.", "Body!"), PATH).pinned


@pytest.mark.parametrize(
    ("case", "text", "body"),
    [
        ("byte order mark", "\ufeff---\nid: s1\n---\nBody.\n", "Body.\n"),
        ("CRLF line endings are kept in the body", "---\r\nid: s1\r\n---\r\nBody.\r\n", "Body.\r\n"),
        ("closing line at the end of the file", "---\nid: s1\n---", ""),
        ("a --- line in the body", "---\nid: s1\n---\nOne.\n---\nTwo.\n", "One.\n---\nTwo.\n"),
    ],
)
def test_front_matter_split(case: str, text: str, body: str) -> None:
    assert parse_source(text, PATH).body == body


def test_split_front_matter_counts_the_lines_before_the_body() -> None:
    assert split_front_matter("---\nid: s1\ntitle: T\n---\nBody\n", PATH) == ("id: s1\ntitle: T\n", "Body\n", 4)


SOURCE_ERRORS = [
    (
        "no front matter",
        "id: s1\n---\nBody.\n",
        ["sources/s1.md:1:1: error: no front matter: start the file with a `---` line, then `id:`, `title:`, "
         "`publisher:`, `published:`, `kind:`, `reliability:`, `sha256:` lines, then a closing `---` line"],
    ),
    (
        "unclosed front matter",
        "---\nid: s1\ntitle: T\nBody.\n",
        ["sources/s1.md:1:1: error: front matter is not closed: add a `---` line after its last field"],
    ),
    (
        "id differs from the file name",
        "---\ntitle: T\nid: s2\n---\nBody.\n",
        ["sources/s1.md:3:5: error: id 's2' differs from the file name: rename the file to s2.md"],
    ),
    (
        "not_article start text not in the body",
        "---\nid: s1\nnot_article:\n  - start: Nowhere\n    reason: r\n---\nBody.\n",
        ["sources/s1.md:4:12: error: not_article[0]: start text 'Nowhere' is not in the body; copy it from the body"],
    ),
    (
        "not_article end text not after the start",
        "---\nid: s1\nnot_article:\n  - start: Body\n    end: Intro\n    reason: r\n---\nIntro. Body.\n",
        ["sources/s1.md:5:10: error: not_article[0]: end text 'Intro' is not in the body after the start text"],
    ),
    (
        "unknown front-matter key",
        "---\nid: s1\ntitel: T\n---\nBody.\n",
        ["sources/s1.md:3:1: error: titel: unknown key 'titel'; did you mean 'title'? allowed keys: id, aliases, "
         "title, publisher, author, url, published, published_note, retrieved, kind, reliability, "
         "reliability_reason, sha256, original_sha256, not_article"],
    ),
    (
        "bad reliability letter",
        "---\nid: s1\nreliability: G\n---\nBody.\n",
        ["sources/s1.md:3:14: error: reliability: 'G' is not one of A, B, C, D, E, F"],
    ),
    (
        "lowercase reliability letter",
        "---\nid: s1\nreliability: b\n---\nBody.\n",
        ["sources/s1.md:3:14: error: reliability: 'b' is not one of A, B, C, D, E, F"],
    ),
    (
        "bad kind",
        "---\nid: s1\nkind: tweet\n---\nBody.\n",
        ["sources/s1.md:3:7: error: kind: 'tweet' is not one of news, wire, official, opinion, blog, transcript"],
    ),
    (
        "bad sha256 format",
        "---\nid: s1\nsha256: abc123\n---\nBody.\n",
        ["sources/s1.md:3:9: error: sha256: 'abc123' is not a sha256 pin (64 hex digits); run `factcheck source "
         "pin ID`"],
    ),
    (
        "uppercase sha256",
        "---\nid: s1\nsha256: " + "A" * 64 + "\n---\nBody.\n",
        ["sources/s1.md:3:9: error: sha256: '" + "A" * 64 + "' is not a sha256 pin (64 hex digits); run "
         "`factcheck source pin ID`"],
    ),
    (
        "invalid date",
        "---\nid: s1\ntitle: T\npublished: 2018-02-30\n---\nBody.\n",
        ["sources/s1.md:4:12: error: published: '2018-02-30' is not a valid date: write YYYY-MM-DD (a real "
         "calendar date)"],
    ),
    (
        "bad id",
        "---\nid: S 1\n---\nBody.\n",
        ["sources/s1.md:2:5: error: id: 'S 1' is not a valid id: use lowercase letters, digits, '.', '_' and '-', "
         "starting with a letter or digit"],
    ),
    (
        "front matter that is a list",
        "---\n- id: s1\n---\nBody.\n",
        ["sources/s1.md:2:1: error: front matter must be `key: value` lines"],
    ),
    (
        "empty front matter",
        "---\n---\nBody.\n",
        ["sources/s1.md:2:1: error: front matter must be `key: value` lines"],
    ),
    (
        "unclosed quote in the front matter",
        '---\nid: s1\ntitle: "unclosed\n---\nBody.\n',
        ["sources/s1.md:4:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar); "
         "check for an unclosed quote"],
    ),
    (
        "duplicate key in the front matter",
        "---\nid: s1\ntitle: a\ntitle: b\n---\nBody.\n",
        ['sources/s1.md:4:1: error: invalid YAML: found duplicate key "title" with value "b" (original value: "a") '
         "(while constructing a mapping); each key may appear once in a mapping"],
    ),
    (
        "id differs and a mark is missing: both reported",
        "---\nid: s2\nnot_article:\n  - start: Nowhere\n    reason: r\n---\nBody.\n",
        [
            "sources/s1.md:2:5: error: id 's2' differs from the file name: rename the file to s2.md",
            "sources/s1.md:4:12: error: not_article[0]: start text 'Nowhere' is not in the body; copy it from the body",
        ],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), SOURCE_ERRORS, ids=[c[0] for c in SOURCE_ERRORS])
def test_each_source_error_names_the_file_line_and_fix(case: str, text: str, expected: list[str]) -> None:
    assert errors_of(text) == expected


def test_every_front_matter_problem_is_reported() -> None:
    lines = errors_of("---\nid: s1\ntitel: T\nreliability: G\n---\nBody.\n")
    assert sorted(lines) == [
        "sources/s1.md:3:1: error: titel: unknown key 'titel'; did you mean 'title'? allowed keys: id, aliases, "
        "title, publisher, author, url, published, published_note, retrieved, kind, reliability, "
        "reliability_reason, sha256, original_sha256, not_article",
        "sources/s1.md:4:14: error: reliability: 'G' is not one of A, B, C, D, E, F",
    ]


def test_a_missing_not_article_start_is_reported_at_its_line() -> None:
    [line] = errors_of("---\nid: s1\ntitle: T\nnot_article:\n  - start: Nowhere\n    reason: r\n---\nBody.\n")
    assert line.startswith("sources/s1.md:5:")


def test_an_invalid_retrieved_date_is_one_error() -> None:
    assert errors_of("---\nid: s1\nretrieved: 2018-13-01\n---\nBody.\n") == [
        "sources/s1.md:3:12: error: retrieved: '2018-13-01' is not a valid date: write YYYY-MM-DD (a real calendar "
        "date)"
    ]


# ---------------------------------------------------------------- decoding bytes


@pytest.mark.parametrize(
    ("case", "data", "expected"),
    [
        (
            "NUL byte",
            b"---\nid: s1\n---\nab\n\x00cd",
            "sources/s1.md:5:1: error: binary file (NUL byte at offset 18): a source must be UTF-8 text with front "
            "matter",
        ),
        (
            "PNG header",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "sources/s1.md:3:1: error: binary file (NUL byte at offset 8): a source must be UTF-8 text with front "
            "matter",
        ),
        (
            "Latin-1 byte",
            "---\nid: s1\n---\nabc\nxy\xe9z\n".encode("latin-1"),
            "sources/s1.md:5:3: error: not UTF-8 text (byte 0xe9 at offset 21): re-save the file as UTF-8",
        ),
        (
            "truncated UTF-8 sequence at the end",
            "---\nid: s1\n---\n\u00e9".encode()[:-1],
            "sources/s1.md:4:1: error: not UTF-8 text (byte 0xc3 at offset 15): re-save the file as UTF-8",
        ),
    ],
)
def test_decode_refuses_binary_and_non_utf8(case: str, data: bytes, expected: str) -> None:
    with pytest.raises(InvalidSourceError) as info:
        decode_source_bytes(data, PATH)
    assert str(info.value) == expected


def test_decode_keeps_utf8_text_as_it_is() -> None:
    text = "---\nid: s1\n---\nBajwa’s “visit” — café\r\n"
    assert decode_source_bytes(text.encode("utf-8"), PATH) == text


# ---------------------------------------------------------------- text that is not the article


def bundled(source_id: str):
    return read_source(SOURCES / f"{source_id}.md", f"sources/{source_id}.md")


def first_words(text: str, count: int = 6) -> str:
    return " ".join(text.split()[:count])


BUNDLED_REGIONS = [
    (
        DAWN,
        [("sidebar after the 'Published in <outlet>, <date>' sign-off", "Opinion Editorial Geopolitical games Updated 18")],
    ),
    (DESPARDES, [("comment-form footer after 'Leave a Reply'", "Leave a Reply Your email address")]),
    (
        EURASIA,
        [("author's disclaimer 'The views and opinions expressed ...'", "The views and opinions expressed in")],
    ),
    (
        WEB_2017,
        [("numbered reader comments before 'Comments are closed.'", "1. Poor Pakis! They still dont")],
    ),
    (
        WEB_2018,
        [
            (
                "A related-content box heading with nothing under it, then a second, unrelated story (\"Stalemate as "
                "fresh round of negotiations with US ends\", on Pakistan-US talks).",
                "Growing Pakistan-Russia Relations at a Glance",
            ),
            ("comment-form footer after 'Leave a Reply'", "Leave a Reply Your email address"),
        ],
    ),
]


@pytest.mark.parametrize(("source_id", "expected"), BUNDLED_REGIONS, ids=[c[0] for c in BUNDLED_REGIONS])
def test_non_article_regions_of_the_bundled_sources(source_id: str, expected: list[tuple[str, str]]) -> None:
    source = bundled(source_id)
    assert [(r.reason, first_words(source.body[r.start :])) for r in source.not_article] == expected
    assert source.not_article[-1].end == len(source.body)
    assert find_non_article(source.body, source.meta) == (source.not_article, [])


def test_dawns_sidebar_starts_after_the_print_sign_off() -> None:
    source = bundled(DAWN)
    [region] = source.not_article
    before, inside = source.body[: region.start], source.body[region.start : region.end]
    assert before.endswith("were studied.”\n\nPublished in Dawn, April 25th, 2018\n")
    assert "Updated 18 Dec, 2024" in inside and "2018" not in inside
    assert "Published in Dawn" not in inside


def test_the_marked_second_story_ends_where_its_mark_says() -> None:
    source = bundled(WEB_2018)
    story, footer = source.not_article
    assert source.body[story.end - len("search of the elusive common ground.”") : story.end] == (
        "search of the elusive common ground.”"
    )
    assert source.body[story.end : footer.start] == "\n\n"
    assert source.body[: story.start].rstrip().endswith("strategic ties with India.")


def test_comments_start_after_the_articles_last_sentence() -> None:
    source = bundled(WEB_2017)
    [region] = source.not_article
    assert source.body[: region.start].rstrip().endswith("for a second successive year soon.")
    assert source.body[region.start : region.end].rstrip().endswith("Comments are closed.")


def test_no_quote_in_the_bundled_ledger_lies_in_non_article_text() -> None:
    ledger = load_claims(ROOT / "claims.yaml", "claims.yaml")
    sources = {sid: bundled(sid) for sid in (DAWN, DESPARDES, EURASIA, WEB_2017, WEB_2018)}
    checked = 0
    for claim in ledger.claims:
        for evidence in claim.evidence:
            source = sources[evidence.source]
            anchor = anchor_quote(evidence.quote, source.body)  # searched everywhere, regions included
            assert anchor is not None, (claim.id, evidence.quote)
            assert region_at(source.not_article, anchor.start, anchor.end) is None, (claim.id, evidence.quote)
            checked += 1
    assert checked == 43


RULE_CASES = [
    ("sign-off followed by a sidebar", "Text.\n\nPublished in Dawn, April 25th, 2018\n\nSidebar", [(43, "Sidebar")]),
    ("sign-off at the very end is the article", "Text.\n\nPublished in Dawn, April 25th, 2018\n", []),
    ("sign-off of another outlet", "Text.\nPublished in The Express Tribune, May 2nd, 2018\nMore", [(54, "More")]),
    ("'leave a reply' inside a sentence", "Please leave a reply below.\nMore.", []),
    ("'Leave a Comment' line, any case", "Text.\nleave a comment\nfooter", [(6, "leave a comment footer")]),
    (
        "numbered comments before the closing line",
        "Text.\n\n  1. first comment\n\n  2. second\n\nComments are closed.",
        [(7, "1. first comment 2. second Comments")],
    ),
    (
        "an earlier numbered list in the article is kept",
        "Intro:\n  1. point one\n  2. point two\nArticle goes on.\n\n  1. reader comment\n\nComments are closed",
        [(55, "1. reader comment Comments are closed")],
    ),
    ("closing line alone", "Text.\nComments are closed\n", [(6, "Comments are closed")]),
    (
        "disclaimer",
        "Text.\n   The views and opinions expressed in this piece are mine.",
        [(6, "The views and opinions expressed in")],
    ),
    ("'views and opinions' about something else", "The views and opinions expressed in this newspaper vary.", []),
]


@pytest.mark.parametrize(("case", "body", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_non_article_rules(case: str, body: str, expected: list[tuple[int, str]]) -> None:
    regions, problems = find_non_article(body, SourceMeta(id="x"))
    assert problems == []
    assert [(r.start, first_words(body[r.start :])) for r in regions] == expected
    assert all(r.end == len(body) for r in regions)


def test_every_rule_has_a_case() -> None:
    reasons = set()
    for _, body, _ in RULE_CASES:
        regions, _ = find_non_article(body, SourceMeta(id="x"))
        reasons.update(r.reason for r in regions)
    assert reasons == {rule.reason for rule in NON_ARTICLE_RULES}


def test_marks_and_rules_overlapping_are_merged() -> None:
    body = "Article.\n\nBox heading\n\nLeave a Reply\n\nform\n"
    meta = SourceMeta(id="x", not_article=[{"start": "Box heading", "reason": "a box"}])
    regions, problems = find_non_article(body, meta)
    assert problems == []
    assert regions == [Region(start=10, end=len(body), reason="a box")]


# ---------------------------------------------------------------- passages and sentences

TEXT = (
    "Gen. Bajwa met Lt. Gen. Janjua in the U.S. capital. He left on Tuesday! Did he return?\n"
    "\n"
    "  Second para “quoted.” Then more.\n"
    "Same para line.\n"
    "\n"
    "\n"
    "Third. 2018 was a year.\n"
)

PASSAGES = [
    ("paragraph", 0, 86, "Gen. Bajwa met Lt. Gen. Janjua in the U.S. capital. He left on Tuesday! Did he return?"),
    ("sentence", 0, 51, "Gen. Bajwa met Lt. Gen. Janjua in the U.S. capital."),
    ("sentence", 52, 71, "He left on Tuesday!"),
    ("sentence", 72, 86, "Did he return?"),
    ("paragraph", 90, 138, "Second para “quoted.” Then more.\nSame para line."),
    ("sentence", 90, 111, "Second para “quoted.”"),
    ("sentence", 112, 122, "Then more."),
    ("sentence", 123, 138, "Same para line."),
    ("paragraph", 141, 164, "Third. 2018 was a year."),
    ("sentence", 141, 147, "Third."),
    ("sentence", 148, 164, "2018 was a year."),
]


def test_segment_gives_paragraphs_and_sentences_with_exact_offsets() -> None:
    passages = segment("s", TEXT, [])
    assert [(p.kind, p.start, p.end, p.text) for p in passages] == PASSAGES
    assert all(p.source_id == "s" and TEXT[p.start : p.end] == p.text for p in passages)


def test_segment_leaves_out_non_article_text() -> None:
    start = TEXT.index("Then more.")
    passages = segment("s", TEXT, [Region(start=start, end=TEXT.index("Third."), reason="x")])
    assert [(p.kind, p.start, p.end, p.text) for p in passages] == [
        *PASSAGES[:4],
        ("paragraph", 90, 111, "Second para “quoted.”"),
        ("sentence", 90, 111, "Second para “quoted.”"),
        *PASSAGES[-3:],
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Gen. Bajwa met them. It was fine.", ["Gen. Bajwa met them.", "It was fine."]),
        ("He met Lt. Gen. Nasser Janjua. Then he left.", ["He met Lt. Gen. Nasser Janjua.", "Then he left."]),
        ("He met Col. Gen. Oleg Salyukov. It was fine.", ["He met Col. Gen. Oleg Salyukov.", "It was fine."]),
        ("The U.S. Army came. It left.", ["The U.S. Army came.", "It left."]),
        ("Mr. Smith and Dr. Who. U.K. is here.", ["Mr. Smith and Dr. Who.", "U.K. is here."]),
        ("Retd. Gen. X spoke.  Then Y.", ["Retd. Gen. X spoke.", "Then Y."]),
        ("It cost $5. 3 more came.", ["It cost $5.", "3 more came."]),
        ("He said “yes.” She left.", ["He said “yes.”", "She left."]),
        ("He said so. the next one is lower case.", ["He said so. the next one is lower case."]),
        ("Done... Next", ["Done...", "Next"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == sentences


def test_split_sentences_within_a_range_keeps_body_offsets() -> None:
    assert split_sentences(TEXT, 90, 138) == [(90, 111), (112, 122), (123, 138)]


@pytest.mark.parametrize(
    ("quote", "sentence", "following"),
    [
        ("met", "Gen. Bajwa met Lt. Gen. Janjua in the U.S. capital.", "He left on Tuesday!"),
        ("on Tuesday", "He left on Tuesday!", "Did he return?"),
        ("return", "Did he return?", ""),
        ("Bajwa met Lt. Gen. Janjua in the U.S. capital. He left",
         "Gen. Bajwa met Lt. Gen. Janjua in the U.S. capital. He left on Tuesday!", "Did he return?"),
    ],
)
def test_sentence_context_gives_the_sentence_and_the_next(quote: str, sentence: str, following: str) -> None:
    start = TEXT.index(quote)
    assert sentence_context(TEXT, start, start + len(quote)) == (sentence, following)


def test_sentence_context_on_the_no_further_details_sentence() -> None:
    body = bundled(DESPARDES).body
    quote = "Foreign Minister Khurram Dastgir Khan has revealed that Pakistan and Russia have signed a defense treaty."
    start = body.index(quote)
    assert sentence_context(body, start, start + len(quote)) == (
        f"May 12, 2018 (DESPARDES/PKONWEB) — {quote}",  # the dateline has no full stop: one sentence
        "He however gave no further details of the pact while talking to a private news TV channel.",
    )


# ---------------------------------------------------------------- pinning


def test_pin_changes_only_the_sha256_line(tmp_path: Path) -> None:
    file = tmp_path / "s1.md"
    old_hash = "0" * 64
    text = (
        "---\nid: s1\ntitle: \"T\"  # a comment\nsha256: \"" + old_hash + "\"\nkind: news\n---\n"
        "Body text.\n\nsha256: not front matter\n"
    )
    file.write_text(text, encoding="utf-8")
    body = "Body text.\n\nsha256: not front matter\n"
    assert pin_source(file) == (old_hash, hash_body(body))
    assert file.read_bytes() == text.replace(old_hash, hash_body(body)).encode("utf-8")
    assert read_source(file).pinned


def test_pin_adds_the_line_when_missing(tmp_path: Path) -> None:
    file = tmp_path / "s1.md"
    file.write_text("---\nid: s1\nnot_article:\n  - start: x\n    reason: y\n---\nBody x.\n", encoding="utf-8")
    new = hash_body("Body x.\n")
    assert pin_source(file) == (None, new)
    assert file.read_text(encoding="utf-8") == (
        f'---\nid: s1\nnot_article:\n  - start: x\n    reason: y\nsha256: "{new}"\n---\nBody x.\n'
    )
    assert read_source(file).pinned


@pytest.mark.parametrize("empty", ["sha256: null", "sha256: ~", "sha256:", "sha256: ''"])
def test_pin_fills_an_empty_pin(tmp_path: Path, empty: str) -> None:
    file = tmp_path / "s1.md"
    file.write_text(f"---\nid: s1\n{empty}\n---\nBody.\n", encoding="utf-8")
    new = hash_body("Body.\n")
    assert pin_source(file) == (None, new)
    assert file.read_text(encoding="utf-8") == f'---\nid: s1\nsha256: "{new}"\n---\nBody.\n'


def test_pinning_a_pinned_source_changes_nothing(tmp_path: Path) -> None:
    file = tmp_path / f"{DAWN}.md"
    original = (SOURCES / f"{DAWN}.md").read_bytes()
    file.write_bytes(original)
    pinned = bundled(DAWN).meta.sha256
    assert pin_source(file) == (pinned, pinned)
    assert file.read_bytes() == original


def test_pin_refuses_a_file_without_front_matter(tmp_path: Path) -> None:
    file = tmp_path / "s1.md"
    file.write_text("Body only.\n", encoding="utf-8")
    with pytest.raises(InvalidSourceError):
        pin_source(file)
    assert file.read_text(encoding="utf-8") == "Body only.\n"


def test_pin_keeps_crlf_line_endings(tmp_path: Path) -> None:
    file = tmp_path / "s1.md"
    old = b"---\r\nid: s1\r\nsha256: '" + b"1" * 64 + b"'\r\n---\r\nBody.\r\n"
    file.write_bytes(old)
    _, new = pin_source(file)
    assert file.read_bytes() == old.replace(b"'" + b"1" * 64 + b"'", f'"{new}"'.encode())


# ---------------------------------------------------------------- source ids and paths


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a/b", "", "Upper", ".hidden", "-dash"])
def test_source_path_refuses_ids_that_are_not_slugs(bad: str) -> None:
    with pytest.raises(SourceNotFoundError) as info:
        source_path(Path("/p/sources"), bad)
    assert str(info.value) == (
        f"'{bad}' is not a valid source id: ids are slugs (lowercase letters, digits, '.', '_', '-')"
    )


def test_source_path_of_a_slug() -> None:
    assert source_path(Path("/p/sources"), "dawn-2018.v2_x") == Path("/p/sources/dawn-2018.v2_x.md")


def test_source_path_refuses_an_id_with_a_trailing_newline() -> None:
    with pytest.raises(SourceNotFoundError):
        source_path(Path("/p/sources"), "abc\n")


# ---------------------------------------------------------------- characters that are no text


def test_a_control_character_in_front_matter_is_located_in_the_file() -> None:
    with pytest.raises(InvalidSourceError) as caught:
        parse_source("---\nid: s1\ntitle: A\x1b[0m\n---\nBody.\n", PATH)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"{PATH}:3:9: error: control character U+001B (ESC) is not allowed in front matter: delete it or write it as "
        "\\e in a double-quoted string"
    ]


def test_body_warnings_spare_tabs_form_feeds_and_line_separators() -> None:
    from factcheck.sources import body_diagnostics

    source = parse_source("---\nid: s1\n---\nA\tpage\x0cbreak\u2028and\u2029more.\n\nA bell\x07.\n", PATH)
    assert [d.format() for d in body_diagnostics(source)] == [
        f"{PATH}:6:7: warning: control character U+0007 (BEL) in the body of source s1: if it is debris (a pasted "
        "terminal colour code, a stray byte), delete it, then run `factcheck source pin s1`"
    ]
    source = parse_source("---\nid: s1\n---\nAn astral \U0001fffe noncharacter.\n", PATH)
    assert [d.format() for d in body_diagnostics(source)] == [
        f"{PATH}:4:11: warning: noncharacter U+1FFFE in the body of source s1: if it is debris (a pasted terminal "
        "colour code, a stray byte), delete it, then run `factcheck source pin s1`"
    ]


def released(file: Path, shown: str) -> Source:
    """A source read from `file` that holds no body: it reads it again when asked."""
    source = read_source(file, shown)
    source.release_body(functools.partial(reread_body, str(file), shown, source.body_sha256))
    return source


def test_a_released_body_is_read_again_from_its_file(tmp_path: Path) -> None:
    file = tmp_path / f"{DAWN}.md"
    file.write_bytes((SOURCES / f"{DAWN}.md").read_bytes())
    held = read_source(file, f"sources/{DAWN}.md")
    source = released(file, f"sources/{DAWN}.md")
    assert source._body is None
    assert source.body == held.body
    assert segment(source.id, source.body, source.not_article) == segment(held.id, held.body, held.not_article)
    assert pickle.loads(pickle.dumps(source)).body == held.body  # to and from a worker process


def test_sources_back_from_a_worker_dump_as_they_were_and_share_their_sets_of_given_fields() -> None:
    # 100,000 sources come back from the workers pickled: two sets of field names each would be 150 MB.
    sources = [read_source(SOURCES / f"{DAWN}.md", f"sources/{DAWN}.md") for _ in range(2)]
    back = pickle.loads(pickle.dumps(sources))
    assert [s.model_dump(exclude_unset=True) for s in back] == [s.model_dump(exclude_unset=True) for s in sources]
    assert back[0].meta.model_fields_set == sources[0].meta.model_fields_set
    assert back[0].model_fields_set is back[1].model_fields_set
    assert back[0].meta.model_fields_set is back[1].meta.model_fields_set
    assert back[0] == sources[0]
    copy = back[0].model_copy(update={"path": "sources/elsewhere.md"}, deep=True)
    assert copy.path == "sources/elsewhere.md" and copy.meta.model_fields_set == sources[0].meta.model_fields_set
    with pytest.raises(TypeError, match="shared"):
        back[0].meta.title = "Another title"  # would mark `title` given in every source sharing the set
    assert back[1].meta.model_fields_set == sources[1].meta.model_fields_set


def test_a_released_body_whose_file_changed_meanwhile_is_refused(tmp_path: Path) -> None:
    file = tmp_path / f"{DAWN}.md"
    file.write_bytes((SOURCES / f"{DAWN}.md").read_bytes())
    source = released(file, f"changed/{DAWN}.md")  # another path: no body read again from the one above is reused
    file.write_bytes(file.read_bytes().replace(b"Moscow", b"Moskva", 1))
    with pytest.raises(InvalidSourceError) as caught:
        _ = source.body
    assert str(caught.value) == (
        f"changed/{DAWN}.md: error: the file changed while factcheck was checking it: run the command again"
    )
    file.unlink()
    with pytest.raises(InvalidSourceError, match="changed while factcheck was checking it"):
        _ = source.body


def test_a_quote_s_paragraph_starts_where_a_scan_from_the_body_s_start_finds_it() -> None:
    # Scanned back a window at a time: blank lines of every shape (CR, tabs, three line breaks) fall across windows.
    rng = random.Random(14)
    pieces = ["\n", " ", "\t", "\r", "a", "b.", "\n\n", " \n", "\n\n\n", "\r\n\r\n"]
    for _ in range(3000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(body))
        breaks = list(re.finditer(r"\n[ \t\r]*\n", body[:start]))
        expected = breaks[-1].end() if breaks else 0
        assert [_paragraph_start(body, start, window) for window in (1, 2, 5, 2048)] == [expected] * 4, (body, start)


def test_sources_read_from_the_cache_share_their_sets_of_given_fields_and_dump_as_parsed(tmp_path: Path) -> None:
    # An edit at 100,000 sources reads the others' cached parses in this process: without sharing, 1.5 KB each.
    paths = ProjectPaths.at(copy_bundled(tmp_path / "p"))
    store = Store(paths.db)
    try:
        parsed, _ = load_project_sources(paths, store, lambda _m: None)
        cached, _ = load_project_sources(paths, store, lambda _m: None)  # every file now read from the cache
    finally:
        store.close()
    assert [s.model_dump() for s in cached.values()] == [s.model_dump() for s in parsed.values()]
    sets = {id(s.meta.model_fields_set) for s in cached.values()}
    assert len(sets) == len({frozenset(s.meta.model_fields_set) for s in cached.values()}) < len(cached)
    with pytest.raises(TypeError, match="shared"):
        next(iter(cached.values())).meta.title = "Another title"
