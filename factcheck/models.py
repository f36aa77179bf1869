"""Pydantic models: what the files say (sources, claims, resolutions) and what factcheck derives from them."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator, model_validator

from factcheck.timeline import value_span

Stance = Literal["supports", "contradicts", "qualifies", "mentions"]
STANCES: tuple[str, ...] = ("supports", "contradicts", "qualifies", "mentions")
Reliability = Literal["A", "B", "C", "D", "E", "F"]
SourceKind = Literal["news", "wire", "official", "opinion", "blog", "transcript"]
Verdict = Literal["supported", "refuted", "conflicting", "unverified"]
MatchMethod = Literal["exact", "normalized", "fuzzy"]
Match = Literal["exact", "normalized", "fuzzy", "missing"]
ConflictKind = Literal[
    "within-claim", "declared", "same-event", "restatement", "same-office", "exclusive-outcome", "rival-accounts"
]
Outcome = Literal["preferred", "distinct", "accepted"]

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
# A quote is the words that carry a claim, a sentence or a paragraph; anchoring a longer one costs seconds per
# kilobyte when it is not found, and no reader checks a page-long quote by eye.
MAX_QUOTE_CHARS = 5_000
QuoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUOTE_CHARS)]


class _Strict(BaseModel):
    """Base for models read from user files: unknown keys are errors, to catch typos."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- sources/


# pydantic keeps with each model the set of fields it was given (for `exclude_unset`): 728 bytes, twice a source, so
# 150 MB for 100,000 sources read back from worker processes. Nothing assigns to a loaded source or its front matter,
# so those unpickled share one set for each distinct set of fields, which refuses to change (an assignment raises).
class _SharedFieldsSet(set):
    """The given fields of many models: read-only; a copy (`model_copy`) is a set of its own."""

    __slots__ = ()

    def _refuse(self, *_args: object) -> None:
        raise TypeError("the fields set of a loaded source is shared: change a model_copy of it")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, _memo: dict) -> set[str]:
        return set(self)


_FIELDS_SETS: dict[frozenset[str], _SharedFieldsSet] = {}


def share_given_fields(source: Source) -> None:
    """Let a loaded source and its front matter share their sets of given fields with other sources'."""
    _share_fields_set(source)
    _share_fields_set(source.meta)


def _share_fields_set(model: BaseModel) -> None:
    given = frozenset(model.__pydantic_fields_set__)
    shared = _FIELDS_SETS.get(given)
    if shared is None:
        shared = _FIELDS_SETS[given] = _SharedFieldsSet(given)
    object.__setattr__(model, "__pydantic_fields_set__", shared)


class NotArticleMark(_Strict):
    """A stretch of a source body that a reviewer marks as not the article (sidebar, second story ...)."""

    start: NonEmptyText = Field(description="The text where the stretch begins (its first occurrence).")
    end: str | None = Field(None, description="The text where it ends, inclusive; the end of the body if absent.")
    reason: NonEmptyText = Field(description="Why this is not the article, for the report.")


class SourceMeta(_Strict):
    """The front matter of one file under sources/."""

    id: Slug
    aliases: list[Slug] = Field(
        default_factory=list,
        description="Other ids evidence may cite this source by (e.g. its original file name).",
    )
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_note: str | None = Field(
        None, description="Where `published` is null: the range the text implies, and why."
    )
    retrieved: dt.datetime | dt.date | None = None
    kind: SourceKind = "news"
    reliability: Reliability = "F"
    reliability_reason: str | None = Field(None, description="One line on why the source has this grade.")
    sha256: Sha256 | None = Field(None, description="The pin: sha256 of the body's UTF-8 bytes.")
    original_sha256: Sha256 | None = Field(
        None, description="sha256 of the original bytes taken in, kept beside the source as <id>.orig.*."
    )
    not_article: list[NotArticleMark] = Field(default_factory=list)

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__(state)
        _share_fields_set(self)


class Region(BaseModel):
    """A half-open character range of a body that is not article text, and why."""

    start: int
    end: int
    reason: str


# Bodies read again after `Source.release_body`, most recent last: a run reads one source's body many times in a
# row (a span at a time, a quote at a time), and reading its file for each would cost more than the memory saved.
_REREAD: OrderedDict[tuple[str, str], str] = OrderedDict()
REREAD_KEPT = 32


class Source(BaseModel):
    """One source as loaded: its front matter, its body, and what of the body is not the article.

    A source read from a file may let go of its body (`release_body`): a project of 100,000 sources cannot hold every
    body for a whole run. Its `body` is then read again from the file when asked for.
    """

    meta: SourceMeta
    path: str
    body_sha256: str
    front_matter_lines: int = Field(description="Lines before the body, to turn body offsets into file lines.")
    not_article: list[Region] = Field(default_factory=list)
    _body: str | None = PrivateAttr(default=None)
    _reread: Callable[[], str] | None = PrivateAttr(default=None)

    def __init__(self, *, body: str, **fields: Any) -> None:
        super().__init__(**fields)
        self._body = body

    @property
    def body(self) -> str:
        """The text after the front matter."""
        if self._body is not None:
            return self._body
        key = (self.path, self.body_sha256)
        body = _REREAD.get(key)
        if body is None:
            body = _REREAD[key] = self._reread()
            if len(_REREAD) > REREAD_KEPT:
                _REREAD.popitem(last=False)
        else:
            _REREAD.move_to_end(key)
        return body

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__(state)
        _share_fields_set(self)

    def release_body(self, reread: Callable[[], str]) -> None:
        """Stop holding the body; `reread` reads it again (the same text, or it raises)."""
        self._reread = reread
        self._body = None

    @property
    def id(self) -> str:
        """The source id."""
        return self.meta.id

    @property
    def pinned(self) -> bool:
        """Whether the body still matches its sha256 pin."""
        return self.meta.sha256 == self.body_sha256


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or sentence of article text, with its offsets in the body (a dataclass: 50 MB has many)."""

    source_id: str
    kind: Literal["paragraph", "sentence"]
    start: int
    end: int
    text: str


TimePrecision = Literal["millennium", "century", "decade", "year", "half", "season", "quarter", "month", "week", "day",
                        "time", "ref"]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression found in text, normalised against a reference date (a dataclass: text has many).

    `value` is a TimeML value: 2014-11, 2018-04-24, 2017-W40, 2016, 201 (a decade), 20 (a century), 2016-SU,
    2016-Q1, 2018-04-24T10:00, PAST_REF, PRESENT_REF, FUTURE_REF. `earliest`/`latest` are the first and last day the
    value covers (None for PAST_REF and the like), so times can be compared for overlap.
    """

    start: int
    end: int
    text: str
    value: str
    precision: TimePrecision
    earliest: dt.date | None
    latest: dt.date | None
    vague: bool = False
    relative: bool = False  # resolved against the reference date ("last month"), not written out in full


# ---------------------------------------------------------------- claims.yaml


class Evidence(_Strict):
    """One passage of one source, tied to a claim with a stance."""

    source: Slug = Field(description="The id of a source under sources/.")
    quote: QuoteText = Field(description="The words as they stand in the source.")
    stance: Stance
    note: str | None = None


class Override(_Strict):
    """A reviewer's verdict or grade in place of the computed one, with who, when and why; always shown as such."""

    verdict: Verdict | None = Field(None, description="The verdict to report instead of the computed one.")
    credibility: int | None = Field(None, ge=1, le=6, description="The credibility grade (1-6) to report instead.")
    reason: NonEmptyText = Field(description="Why the computed grade is wrong: what the reviewer knows.")
    by: NonEmptyText
    date: dt.date

    @model_validator(mode="after")
    def _overrides_something(self) -> Override:
        if self.verdict is None and self.credibility is None:
            raise ValueError("an override needs `verdict:`, `credibility:` or both")
        return self


class Claim(_Strict):
    """One checkable statement and its evidence."""

    id: Slug
    text: NonEmptyText
    evidence: list[Evidence] = Field(default_factory=list)
    conflicts_with: list[Slug] = Field(default_factory=list, description="Ids of claims declared incompatible.")
    time: str | None = Field(
        None,
        description="When the claim holds, as a TimeML date value (2014-11, 2018-04-24, 2016-SU) or a range "
        "(2016-09/2016-10); read from the text when absent.",
    )
    kind: Literal["event", "state"] = Field(
        "event",
        description="event: happens once, at its time (a signing, a visit), so the same event at another time "
        "contradicts it; state: holds over its time (who is foreign minister), so other times say nothing about it.",
    )
    override: Override | None = Field(
        None, description="A reviewer's verdict or grade in place of the computed one; reports show both."
    )
    note: str | None = None

    @field_validator("time", mode="before")
    @classmethod
    def _time_is_a_date_value(cls, value: object) -> object:
        if isinstance(value, dt.date):  # YAML reads `time: 2018-04-24` as a date; a year as an int
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value_span(value)  # raises with a message that says what to write
        return value


class Resolution(_Strict):
    """A reviewer's decision that closes a conflict."""

    conflict: NonEmptyText = Field(description="The conflict id, as `factcheck check` prints it.")
    outcome: Outcome = Field(
        description="preferred: one side wins; distinct: different events or times; accepted: disagreement stands."
    )
    preferred: str | None = Field(
        None,
        description="With outcome preferred: the claim id that wins (for a within-claim conflict: supports "
        "or contradicts).",
    )
    by: NonEmptyText
    date: dt.date
    note: NonEmptyText

    @model_validator(mode="after")
    def _preferred_goes_with_outcome(self) -> Resolution:
        if self.outcome == "preferred" and not self.preferred:
            raise ValueError("outcome 'preferred' needs `preferred:` naming the side that wins")
        if self.outcome != "preferred" and self.preferred:
            raise ValueError(f"`preferred:` only goes with outcome 'preferred', not '{self.outcome}'")
        return self


class ClaimsFile(_Strict):
    """The whole of claims.yaml."""

    claims: list[Claim]
    resolutions: list[Resolution] = Field(default_factory=list)

    @field_validator("resolutions", mode="before")
    @classmethod
    def _no_resolutions_yet(cls, value: object) -> object:
        return [] if value is None else value  # `resolutions:` holding only comments is an empty list


# ---------------------------------------------------------------- derived


class Anchor(BaseModel):
    """Where a quote stands in a body: W3C TextPositionSelector plus TextQuoteSelector."""

    start: int
    end: int
    method: MatchMethod
    similarity: float = Field(description="1.0 for exact and normalized matches; below 1.0 for fuzzy ones.")
    exact: str = Field(description="The body's own words at [start, end).")
    prefix: str
    suffix: str


class EvidenceCheck(BaseModel):
    """The outcome of anchoring one evidence item."""

    claim_id: str
    index: int
    source_id: str
    stance: Stance
    quote: str
    note: str | None = None
    anchor: Anchor | None = None
    closest: Anchor | None = Field(None, description="With no anchor: the closest passage found, for the error.")
    problem: str | None = Field(None, description="Why the item is not usable evidence, if it is not.")
    sentence: str = Field("", description="The sentence(s) the quote stands in, for reading its wording.")
    following: str = Field("", description="The sentence after it, for 'gave no further details'.")
    times: list[TimeMention] = Field(
        default_factory=list, description="Times the quote mentions, resolved against its source's date."
    )
    time_reference: str | None = Field(
        None, description="What relative times were read against: 'published 2018-05-12' or 'inferred ...'."
    )
    published_by: dt.date | None = Field(
        None, description="The latest day the source can have been written: it reports nothing after it as done."
    )

    @property
    def match(self) -> Match:
        """exact, normalized, fuzzy or missing."""
        return self.anchor.method if self.anchor and not self.problem else "missing"


class WeighedEvidence(BaseModel):
    """An evidence item as the scorer read it."""

    index: int
    source_id: str
    origin: str
    stance: Stance
    effective_stance: Stance | None = Field(
        None, description="The stance the scorer used when it differs from the reviewer's (a time mismatch)."
    )
    text_origin: str | None = Field(
        None,
        description="The source whose words this one re-runs (itself if none): copies cannot contradict each "
        "other, but one outlet's two reports can.",
    )
    strength: Literal["strong", "fair", "weak", "none"] = Field(
        description="strong: reliable and plain; fair: less reliable source or unnamed official; weak: hedged, "
        "anonymous, planned or undetailed; none: not usable (not anchored, or no stance)."
    )
    cues: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    reliability: Reliability | None = Field(
        None, description="The source's reliability grade (F when nobody graded it); None when not known."
    )


class Assessment(BaseModel):
    """A claim's verdict and credibility grade, and the reasons behind them."""

    claim_id: str
    verdict: Verdict
    credibility: int = Field(ge=1, le=6)
    independent_sources: int
    articles: int
    reasons: list[str]
    evidence: list[WeighedEvidence] = Field(default_factory=list)
    computed_verdict: Verdict | None = Field(None, description="With an override: the verdict the evidence gave.")
    computed_credibility: int | None = Field(None, description="With an override: the grade the evidence gave.")
    override: Override | None = None


class Conflict(BaseModel):
    """Claims (or one claim's evidence) that cannot all stand, open until a reviewer resolves it."""

    id: str
    claims: list[str]
    kind: ConflictKind
    status: Literal["open", "resolved"]
    reason: str
    resolution: Resolution | None = None


def schema_document(claims: bool = True) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of claims.yaml, or of a source's front matter, as editors read it."""
    model: type[BaseModel] = ClaimsFile if claims else SourceMeta
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "factcheck claims.yaml" if claims else "factcheck source front matter",
        **model.model_json_schema(),
    }
