"""The vocabularies the core reads, as data: package files in factcheck/data/, extended by a project's rules/ folder.

Each table is a name (the file stem), a pydantic model and the package file `factcheck/data/<name>.yaml`. A project
may add `rules/<name>.yaml` beside its claims.yaml: its lists are appended to the package table's, its mappings
merged by key (a list value is appended to, any other value replaced); `replace: true` at its top replaces the
package table instead. The merged tables, the files read and a fingerprint of them make a `Vocabulary`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from factcheck import eventvocab
from factcheck.errors import Diagnostic, FactcheckError
from factcheck.eventvocab import CountryWords, EventVocabulary, EventWords, event_vocabulary
from factcheck.yamlfile import Loc, YamlSyntaxError, format_loc, load_yaml, position, validation_diagnostics

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_DIR = "rules"


class InvalidVocabularyError(FactcheckError):
    """A file under rules/ cannot be read, is not a known table, or does not follow its table's schema."""


def _joined(value: Any) -> Any:
    """A pattern written as a list of strings is one pattern: long regexes read better in pieces."""
    if isinstance(value, list | tuple) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return value


Pattern = Annotated[str, BeforeValidator(_joined), Field(min_length=1)]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    """A strict, frozen piece of a table: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _Table(_Model):
    """A whole table; the core keeps what it compiles from one here, so it is compiled once."""

    # In a project's file: true replaces the package's table instead of extending it.
    replace: bool = False

    _compiled: dict[str, Any] = PrivateAttr(default_factory=dict)

    def compiled(self, key: str, build: Callable[[], Any]) -> Any:
        """What `build` makes of this table, made once (regexes compile once per table, not per call)."""
        made = self._compiled  # a private attribute costs a call to pydantic's __getattr__: read it once
        if key not in made:
            made[key] = build()
        return made[key]


# ---------------------------------------------------------------- wording cues

Cue = Literal["hedge", "anonymous", "unnamed", "analyst", "named", "planned", "no-detail", "denial"]


class WordingRow(_Model):
    """A wording cue: what it signals, its pattern (matched ignoring case) and the words a report uses for it."""

    cue: Cue
    pattern: Pattern
    explanation: Text
    examples: list[str] = []


class StanceWords(_Model):
    """wording.yaml `stance:`: the words that turn a passage against a claim, or leave it at a report (patterns)."""

    negators: list[Pattern] = []  # negate the claim's words they stand before: "not", "never", "no"
    not_negating: list[Pattern] = []  # negators that negate nothing of the claim: "not only", "whether or not"
    refutation: list[Pattern] = []  # say a claim or report is false: "a hoax", "debunked", "denied"
    retraction: list[Pattern] = []  # take a report back: "retracted", "a correction"
    unconfirmed: list[Pattern] = []  # withhold confirmation, which is no denial: "has not confirmed", "no details"
    report: list[Pattern] = []  # relay what others say without asserting it: "according to", "rumours"


class WordingTable(_Table):
    """wording.yaml: the cues read in a quote's sentence, top to bottom; every rule that matches adds its reason."""

    rules: list[WordingRow] = []
    stance: StanceWords = StanceWords()


# ---------------------------------------------------------------- time expressions


class TimeFound(_Model):
    """One time expression an example must give: its words, TimeML value and precision."""

    text: str
    value: str
    precision: str
    vague: bool = False


class TimeExample(_Model):
    """A text, its publication date, and every time expression read in it."""

    text: Text
    published: dt.date | None = None
    found: list[TimeFound] = []


class TimeRule(_Model):
    """A time pattern ({FRAGMENT} placeholders allowed) and the resolver that turns its match into a value."""

    name: Text
    pattern: Pattern
    resolver: Text
    examples: list[TimeExample] = []


class TemporalTable(_Table):
    """temporal.yaml: named regex fragments and the time rules, in priority order."""

    fragments: dict[str, Pattern] = {}
    rules: list[TimeRule] = []

    @field_validator("fragments")
    @classmethod
    def _fragment_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                raise ValueError(f"fragment name {name!r}: write it in CAPITALS (A-Z, 0-9, _), as {name.upper()}")
        return value

    def expand(self, pattern: str) -> str:
        """A pattern with every {FRAGMENT} written out; raises ValueError on an unknown or circular fragment."""
        return _expand(pattern, self.fragments, ())

    def resolvers(self) -> dict[str, set[str]]:
        """Each resolver the rules use, with the group names its patterns define."""
        out: dict[str, set[str]] = {}
        for rule in self.rules:
            out.setdefault(rule.resolver, set()).update(re.findall(r"\(\?P<(\w+)>", self.expand(rule.pattern)))
        return out


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def _expand(pattern: str, fragments: Mapping[str, str], seen: tuple[str, ...]) -> str:
    def one(m: re.Match[str]) -> str:
        name = m[1]
        if name in seen:
            raise ValueError(f"fragment {{{name}}} uses itself (through {' -> '.join(seen)})")
        if name not in fragments:
            close = difflib.get_close_matches(name, list(fragments), n=1)
            hint = f"did you mean {{{close[0]}}}? " if close else ""
            raise ValueError(f"unknown fragment {{{name}}}; {hint}define it under `fragments:` or use a known one")
        return _expand(fragments[name], fragments, (*seen, name))

    return _PLACEHOLDER.sub(one, pattern)


# ---------------------------------------------------------------- non-article text


class NonArticleExample(_Model):
    """A body the rule marks, and the words its non-article stretch starts with."""

    text: Text
    starts_with: Text


class NonArticleRow(_Model):
    """A pattern (inline flags, e.g. (?m)) whose match starts a stretch that is not the article, to the body's end."""

    reason: Text
    pattern: Pattern
    starts_after_match: bool = False
    examples: list[NonArticleExample] = []


class NonArticleTable(_Table):
    """non_article.yaml: comment footers, sidebars and disclaimers that follow an article in a page."""

    rules: list[NonArticleRow] = []


# ---------------------------------------------------------------- tracing reported speech


class TracingExample(_Model):
    """A sentence and the outlet or office it is traced to (null: none)."""

    text: Text
    primary: str | None = None


class TracingRow(_Model):
    """A pattern of reported speech; {WHO} stands for the name of whoever said it first."""

    pattern: Pattern
    examples: list[TracingExample] = []

    @field_validator("pattern")
    @classmethod
    def _has_who(cls, value: str) -> str:
        if "{WHO}" not in value:
            raise ValueError("the pattern must hold {WHO} where the outlet's or office's name stands")
        return value


class TracingTable(_Table):
    """tracing.yaml: reported speech ("according to ISPR") that points back to the one who said it first."""

    who: Pattern = "(?P<who>.+)"
    rules: list[TracingRow] = []
    not_a_primary: list[str] = []


# ---------------------------------------------------------------- discovery


def _lowercase(word: str) -> str:
    if word != word.lower():
        raise ValueError(f"write {word!r} in lowercase, as {word.lower()!r} (claims are matched lowercased)")
    return word


def _two_or_more(row: list[str]) -> list[str]:
    if len(row) < 2:
        raise ValueError(f"a row needs two words or more, not {row}")
    return row


SynonymWord = Annotated[str, Field(min_length=1), AfterValidator(_lowercase)]


class SynonymTable(_Table):
    """synonyms.yaml: words the field writes in several ways; a claim's word brings in its whole row."""

    rows: list[Annotated[list[SynonymWord], AfterValidator(_two_or_more)]] = []


WeightName = Literal["lexical", "parties", "people", "event", "time", "bearing"]


class WeightsTable(_Table):
    """weights.yaml: how much each kind of agreement between claim and passage adds to a suggestion's score."""

    weights: dict[WeightName, Annotated[float, Field(ge=0, le=1)]] = {}
    topical_share: Annotated[float, Field(ge=0, le=1)] = 0.5


# ---------------------------------------------------------------- events and countries


class EventsTable(EventWords, _Table):
    """events.yaml: kinds of event and their words, modes, exclusive outcomes, measures, titles, organisations."""


class CountriesTable(_Table):
    """countries.yaml: each country's short name, aliases, demonyms and capitals, by ISO 3166 alpha-2 code."""

    countries: dict[str, CountryWords] = {}


# ---------------------------------------------------------------- the registry


@dataclasses.dataclass(frozen=True)
class Table:
    """One vocabulary table: its file stem, its model, and what one entry of each of its lists is called."""

    name: str
    model: type[_Table]
    nouns: Mapping[str, str]
    # Problems a project file's own entries have that the schema cannot see: (loc in that file, message).
    check: Callable[[Any, Any], list[tuple[Loc, str]]] | None = None


def _regex_problems(loc: Loc, pattern: str, flags: int = 0) -> list[tuple[Loc, str]]:
    try:
        re.compile(pattern, flags)
    except re.error as exc:
        return [(loc, f"not a valid regular expression: {exc}; fix the pattern (Python `re` syntax)")]
    return []


def _check_wording(own: WordingTable, merged: WordingTable) -> list[tuple[Loc, str]]:
    problems = []
    for i, row in enumerate(own.rules):
        found = _regex_problems(("rules", i, "pattern"), row.pattern, re.IGNORECASE)
        problems += found
        if not found:
            problems += [
                (("rules", i, "examples", j), f"the pattern does not match this example: {text!r}; fix one of them")
                for j, text in enumerate(row.examples)
                if not re.search(row.pattern, text, re.IGNORECASE)
            ]
    for name, patterns in own.stance:
        for i, pattern in enumerate(patterns):
            problems += _regex_problems(("stance", name, i), pattern, re.IGNORECASE)
    return problems


def _check_non_article(own: NonArticleTable, merged: NonArticleTable) -> list[tuple[Loc, str]]:
    problems = []
    for i, row in enumerate(own.rules):
        problems += _regex_problems(("rules", i, "pattern"), row.pattern)
    return problems


def _check_tracing(own: TracingTable, merged: TracingTable) -> list[tuple[Loc, str]]:
    problems = []
    if "who" in own.model_fields_set:
        problems += _regex_problems(("who",), own.who)
        if "(?P<who>" not in own.who:
            problems.append((("who",), "the pattern must define the group (?P<who>...)"))
    for i, row in enumerate(own.rules):
        problems += _regex_problems(("rules", i, "pattern"), row.pattern.replace("{WHO}", merged.who))
    return problems


def _check_temporal(own: TemporalTable, merged: TemporalTable) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for name in own.fragments:
        try:
            problems += _regex_problems(("fragments", name), merged.expand(merged.fragments[name]), re.IGNORECASE)
        except ValueError as exc:
            problems.append((("fragments", name), str(exc)))
    known = package_table("temporal").resolvers()  # the resolvers are Python functions: the package's are all
    for i, rule in enumerate(own.rules):
        try:
            pattern = merged.expand(rule.pattern)
        except ValueError as exc:
            problems.append((("rules", i, "pattern"), str(exc)))
            continue
        problems += _regex_problems(("rules", i, "pattern"), pattern, re.IGNORECASE)
        if rule.resolver not in known:
            close = difflib.get_close_matches(rule.resolver, list(known), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append((("rules", i, "resolver"),
                             f"unknown resolver '{rule.resolver}'; {hint}known resolvers: {', '.join(known)}"))
            continue
        unknown = sorted(set(re.findall(r"\(\?P<(\w+)>", pattern)) - known[rule.resolver])
        if unknown:
            problems.append((("rules", i, "pattern"),
                             f"resolver '{rule.resolver}' does not read the group(s) {', '.join(unknown)}; it reads: "
                             f"{', '.join(sorted(known[rule.resolver]))}"))
    names = [rule.name for rule in merged.rules]
    for i, rule in enumerate(own.rules):
        if names.count(rule.name) > 1:
            problems.append((("rules", i, "name"), f"a time rule named '{rule.name}' exists already; rename it"))
    return problems


def _check_weights(own: WeightsTable, merged: WeightsTable) -> list[tuple[Loc, str]]:
    missing = [name for name in WeightName.__args__ if name not in merged.weights]
    if missing:
        return [(("weights",), f"every weight needs a value; add {', '.join(missing)}")]
    total = sum(merged.weights.values())
    if own.weights and abs(total - 1) > 1e-9:
        return [(("weights",), f"the weights must add up to 1, not {total:g}: lower or raise some of them")]
    return []


def _check_events(own: EventsTable, merged: EventsTable) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    modes = list(package_table("events").modes)  # events.py reads these modes; another name would be read as none
    for mode in own.modes:
        if mode not in modes:
            close = difflib.get_close_matches(mode, modes, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append((("modes", mode), f"unknown mode '{mode}'; {hint}add cues to one of {', '.join(modes)}"))
    for name, kind in own.kinds.items():
        if not merged.kinds[name].words:
            problems.append((("kinds", name), f"the kind '{name}' needs `words:` that name it"))
        problems += [(("kinds", name, "words", i), "a word cannot be empty") for i, w in enumerate(kind.words) if not w]
    for name in own.outcomes:
        outcome = merged.outcomes[name]
        lasting = [outcome.lasting] if outcome.lasting else []
        for key, values in (("lasting", lasting), ("one_holder", outcome.one_holder)):
            problems += [(("outcomes", name, key), f"'{v}' is not one of this set's values: "
                          f"{', '.join(outcome.values) or 'none'}") for v in values if v not in outcome.values]
    for name in own.units:
        if not merged.units[name].base:
            problems.append((("units", name), f"the unit '{name}' needs `base:`, the base unit of its dimension"))
    return problems


def _check_countries(own: CountriesTable, merged: CountriesTable) -> list[tuple[Loc, str]]:
    import pycountry  # read only when a project adds countries

    problems: list[tuple[Loc, str]] = []
    for code in own.countries:
        if not re.fullmatch(r"[A-Z]{2}", code):
            problems.append((("countries", code), f"key a country by its ISO 3166 alpha-2 code (RU, GB, XK), not "
                                                  f"'{code}'"))
        elif not merged.countries[code].name and pycountry.countries.get(alpha_2=code) is None:
            problems.append((("countries", code), f"'{code}' is not a code pycountry knows: give it a `name:`"))
    return problems


# The tables, in the order `check` reports them. A new table is one entry here and a file in factcheck/data/.
TABLES: Mapping[str, Table] = MappingProxyType({
    "wording": Table("wording", WordingTable, {"rules": "wording cue", "stance": "stance word list"}, _check_wording),
    "temporal": Table("temporal", TemporalTable, {"rules": "time rule", "fragments": "fragment"}, _check_temporal),
    "non_article": Table("non_article", NonArticleTable, {"rules": "non-article rule"}, _check_non_article),
    "tracing": Table("tracing", TracingTable, {"rules": "tracing rule", "not_a_primary": "word"}, _check_tracing),
    "synonyms": Table("synonyms", SynonymTable, {"rows": "row"}),
    "weights": Table("weights", WeightsTable, {"weights": "weight"}, _check_weights),
    "events": Table("events", EventsTable, {
        "kinds": "event kind", "stages": "stage word", "modes": "mode", "outcomes": "outcome set",
        "measures": "measure", "unitless_measures": "unitless measure", "units": "unit", "numbers": "number word",
        "titles": "title", "organisations": "organisation", "organisation_words": "organisation word",
        "member_words": "member word", "name_suffixes": "name suffix", "place_words": "place word",
        "not_names": "not-a-name word", "offices": "office", "identities": "identity phrase",
    }, _check_events),
    "countries": Table("countries", CountriesTable, {"countries": "country"}, _check_countries),
})


# ---------------------------------------------------------------- loading and merging


# An entry a project file gives for a key the package's table has already is counted as changed, not added.
CHANGED = " changed"


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


@dataclasses.dataclass(frozen=True)
class LoadedFile:
    """A project file that extended (or replaced) a table, and how many entries of each kind it brought."""

    path: str
    table: str
    replace: bool
    added: tuple[tuple[str, int], ...]

    def describe(self) -> str:
        """`rules/events.yaml (+1 organisation, 1 event kind changed)`; a replacing file says so."""
        counts = ", ".join(
            f"{n} {_plural(noun.removesuffix(CHANGED), n)}{CHANGED}" if noun.endswith(CHANGED)
            else f"{'' if self.replace else '+'}{n} {_plural(noun, n)}"
            for noun, n in self.added
        )
        what = f"replaces the package table: {counts or 'empty'}" if self.replace else counts or "adds nothing"
        return f"{self.path} ({what})"

    def to_json(self) -> dict[str, Any]:
        """The file as `check --format json` lists it."""
        return {"path": self.path, "table": self.table, "replace": self.replace, "added": dict(self.added)}


_EVENTS: dict[str, EventVocabulary] = {}  # by fingerprint


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Every table, merged from the package's and a project's files; `fingerprint` keys caches of what they read."""

    overrides: Mapping[str, _Table]
    files: tuple[LoadedFile, ...]
    fingerprint: str

    def table(self, name: str) -> Any:
        """The merged table called `name` (the package's when the project does not extend it)."""
        return self.overrides[name] if name in self.overrides else package_table(name)

    @property
    def wording(self) -> WordingTable:
        """The wording cues."""
        return self.table("wording")

    @property
    def temporal(self) -> TemporalTable:
        """The time fragments and rules."""
        return self.table("temporal")

    @property
    def non_article(self) -> NonArticleTable:
        """The rules for text that is not the article."""
        return self.table("non_article")

    @property
    def tracing(self) -> TracingTable:
        """The patterns of reported speech."""
        return self.table("tracing")

    @property
    def synonyms(self) -> SynonymTable:
        """Discovery's synonym rows."""
        return self.table("synonyms")

    @property
    def weights(self) -> WeightsTable:
        """Discovery's score weights."""
        return self.table("weights")

    @functools.cached_property
    def events(self) -> EventVocabulary:
        """The event vocabulary (events.yaml with countries.yaml); one object per Vocabulary, compiled once."""
        if "events" not in self.overrides and "countries" not in self.overrides:
            return eventvocab.DEFAULT_EVENT_VOCABULARY
        if self.fingerprint not in _EVENTS:  # one object for the same files: events.py compiles it once, not per run
            if len(_EVENTS) >= 8:
                _EVENTS.clear()
            words = self.table("events").model_dump(exclude={"replace"})
            countries = self.table("countries").model_dump(exclude={"replace"})["countries"]
            _EVENTS[self.fingerprint] = event_vocabulary(words, countries)
        return _EVENTS[self.fingerprint]

    def summary(self) -> str:
        """`rules: rules/wording.yaml (+1 wording cue), ...`, or empty when the project has no rule files."""
        return "rules: " + ", ".join(f.describe() for f in self.files) if self.files else ""


def package_path(name: str) -> Path:
    """The package file of a table."""
    return DATA_DIR / f"{name}.yaml"


@functools.cache
def _package_bytes(name: str) -> bytes:
    return package_path(name).read_bytes()


@functools.cache
def _package_data(name: str) -> Any:
    # Parsed by the same cached reader the default event vocabulary uses, so no package file is parsed twice.
    return _plain(eventvocab.package_yaml(f"{name}.yaml"))


@functools.cache
def package_table(name: str) -> Any:
    """The table as the package ships it (read once)."""
    try:
        return TABLES[name].model.model_validate(_package_data(name))
    except ValidationError as exc:  # pragma: no cover - the package's files are tested
        raise InvalidVocabularyError(f"factcheck/data/{name}.yaml: {exc}") from None


@functools.cache
def package_json(name: str) -> Any:
    """A JSON file the package ships in factcheck/data (None when it is absent), read once."""
    path = DATA_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


@functools.cache
def package_vocabulary() -> Vocabulary:
    """The package's own tables, with nothing added."""
    return Vocabulary(MappingProxyType({}), (), _fingerprint([]))


def _fingerprint(project: list[tuple[str, bytes, bool]]) -> str:
    """A digest of the files the tables were made from: the package's, then the project's, in order."""
    digest = hashlib.sha256()
    for name in TABLES:
        digest.update(f"{name}\0".encode() + hashlib.sha256(_package_bytes(name)).digest())
    for name, data, replace in project:
        digest.update(f"project {name} {replace}\0".encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


def _plain(node: Any) -> Any:
    """Round-trip YAML as plain dicts and lists."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def merge_table(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A package table extended by a project's: lists appended, mappings merged by key (at any depth)."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge_table(old, value)  # an event kind's words, a country's demonyms: extended, not replaced
        else:
            out[key] = value
    return out


def load_vocabulary(rules_dir: Path | None, shown: Callable[[Path], str] = str) -> Vocabulary:
    """The package tables extended by the project's `rules/<table>.yaml` files; raises InvalidVocabularyError.

    Args:
        shown: how messages name a file (relative to the project root).
    """
    if rules_dir is None or not rules_dir.is_dir():
        return package_vocabulary()
    problems: list[Diagnostic] = []
    overrides: dict[str, _Table] = {}
    loaded: list[LoadedFile] = []
    used: list[tuple[str, bytes, bool]] = []
    for file in sorted(rules_dir.iterdir(), key=lambda f: (list(TABLES).index(f.stem) if f.stem in TABLES else 99,
                                                             f.name)):
        if file.name.startswith(".") or file.suffix not in (".yaml", ".yml") or file.is_dir():
            continue  # a README or an editor's file beside the tables
        where = shown(file)
        if file.stem not in TABLES or file.suffix != ".yaml":
            close = difflib.get_close_matches(file.stem, list(TABLES), n=1)
            hint = f"did you mean {close[0]}.yaml? " if close else ""
            problems.append(Diagnostic(
                where, None, None, "error",
                f"not a vocabulary file: {hint}the files rules/ may hold are "
                f"{', '.join(n + '.yaml' for n in TABLES)}; rename it or move it out of rules/",
                title="unknown vocabulary file"))
            continue
        try:
            data = file.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            problems.append(Diagnostic(where, None, None, "error", f"cannot read it: {reason}", title="unreadable"))
            continue
        result = _load_project_table(TABLES[file.stem], text, where)
        if isinstance(result, list):
            problems += result
            continue
        table, replace, added = result
        overrides[file.stem] = table
        loaded.append(LoadedFile(where, file.stem, replace, added))
        used.append((file.stem, data, replace))
    if problems:
        raise InvalidVocabularyError(diagnostics=problems)
    return Vocabulary(MappingProxyType(overrides), tuple(loaded), _fingerprint(used))


def _load_project_table(
    spec: Table, text: str, where: str
) -> tuple[_Table, bool, tuple[tuple[str, int], ...]] | list[Diagnostic]:
    """One project file merged into its package table, or the diagnostics that say what is wrong with it."""
    try:
        tree = load_yaml(text, where, what=f"a rules/{spec.name}.yaml file")
    except YamlSyntaxError as exc:
        return exc.diagnostics
    if tree is None:
        tree = CommentedMap()
    if not isinstance(tree, CommentedMap):
        kind = "a list" if isinstance(tree, CommentedSeq) else "a single value"
        allowed = ", ".join(spec.model.model_fields)
        return [Diagnostic(where, 1, 1, "error", f"the file must be a mapping with the keys {allowed}, not {kind}",
                           title="invalid field")]
    data = _plain(tree)
    try:
        own = spec.model.model_validate(data)
    except ValidationError as exc:
        return validation_diagnostics(exc, tree, where, spec.model)
    replace = data.pop("replace", False)
    base = {} if replace else _package_data(spec.name)
    try:
        merged = spec.model.model_validate(merge_table(base, data))
    except ValidationError as exc:
        return validation_diagnostics(exc, tree, where, spec.model)
    problems = spec.check(own, merged) if spec.check else []
    if problems:
        out = []
        for loc, message in problems:
            line, col = position(tree, loc)
            out.append(Diagnostic(where, line, col, "error", f"{format_loc(loc)}: {message}", title="invalid rule"))
        return out
    added: list[tuple[str, int]] = []
    for key, noun in spec.nouns.items():
        value = data.get(key)
        if isinstance(value, list):
            added.append((noun, len(value)))
        elif isinstance(value, dict):
            known = base.get(key) or {}
            new = sum(1 for k in value if k not in known)
            added += [(label, n) for label, n in ((noun, new), (noun + CHANGED, len(value) - new)) if n]
    return merged, replace, tuple(added)

