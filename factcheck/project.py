"""A project on disk (claims.yaml, sources/, the cache): load it, anchor every quote, score, find conflicts."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import importlib.util
import json
import os
import re
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from factcheck import workers
from factcheck.anchoring import anchor_quote, closest_passage
from factcheck.claims import CLAIMS_FILE, Ledger, _did_you_mean, load_claims
from factcheck.errors import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INVALID,
    ClaimNotFoundError,
    Diagnostic,
    FactcheckError,
    InvalidArgumentError,
    InvalidClaimsFileError,
    InvalidRevisionError,
    InvalidSourceError,
    ProjectExistsError,
    ProjectNotFoundError,
    SourceNotFoundError,
    cap_per_kind,
)
from factcheck.escaping import printable
from factcheck.events import EventSignature, dump_signature, load_signature, read_event
from factcheck.eventvocab import PYCOUNTRY_VERSION
from factcheck.findings import open_conflict_rule
from factcheck.gitrev import (
    Repository,
    export_project,
    find_repository,
    repository_root,
    resolve_revision,
    revision_space,
    short_hash,
)
from factcheck.models import (
    Anchor,
    Assessment,
    Claim,
    Conflict,
    Evidence,
    EvidenceCheck,
    Source,
    TimeMention,
    schema_document,
    share_given_fields,
)
from factcheck.origins import (
    MAX_SOURCES_PER_SHINGLE,
    OriginLink,
    Origins,
    count_links,
    group_origins,
    packed_fingerprint,
    relink,
    shared_counts,
    shared_run,
)
from factcheck.rejections import REJECTED_FILE, load_rejections, rejection_key
from factcheck.scoring import apply_resolutions, find_conflicts, find_rivals, resolved_signatures, score_claim
from factcheck.sources import (
    SOURCE_SUFFIX,
    PassageRow,
    article_spans,
    body_diagnostics,
    decode_source_bytes,
    display_path,
    outside_link,
    parse_source,
    refuse_outside,
    region_at,
    reread_body,
    segment,
    segment_rows,
    sentence_bounds,
    split_front_matter,
)
from factcheck.store import Store, anchor_key, copy_cache, run_with_cache
from factcheck.timeline import TimeSpan
from factcheck.timing import ClaimTime, Reference, claim_time, quote_times
from factcheck.vocabulary import RULES_DIR, Vocabulary, load_vocabulary, package_vocabulary
from factcheck.wording import WordingFinding, read_wording
from factcheck.yamlfile import MAX_SHOWN_PER_KIND, YamlSyntaxError, load_yaml, position, write_atomically

if TYPE_CHECKING:
    from factcheck.dating import InferredDate
    from factcheck.discovery import Suggestion
    from factcheck.ledgerdiff import LedgerDiff, Side
    from factcheck.workflow import InstallSpec

DB_RELATIVE = Path(".factcheck") / "factcheck.db"
RIVALS_STATE = "rivals"  # the state row that keeps the last claims' pairwise conflicts (claim_rivals)
Progress = Callable[[str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class ProjectPaths:
    """Where a project's files and cache live."""

    root: Path
    claims: Path
    sources: Path
    db: Path

    @classmethod
    def at(cls, root: Path, db: Path | None = None) -> ProjectPaths:
        """The paths of the project rooted at `root`; the cache defaults to .factcheck/factcheck.db in it."""
        return cls(root=root, claims=root / CLAIMS_FILE, sources=root / "sources", db=db or root / DB_RELATIVE)

    def shown(self, file: Path) -> str:
        """A path as messages show it: relative to the project root."""
        return display_path(file, self.root)

    @property
    def rules(self) -> Path:
        """The project's vocabulary files: rules/ beside claims.yaml."""
        return self.claims.parent / RULES_DIR


SCHEMA_FILE = "claims.schema.json"
NEW_CLAIMS = """\
# yaml-language-server: $schema=claims.schema.json
# The ledger: each claim, with the passages of sources/ that support, contradict or qualify it.
#   factcheck source add FILE_OR_URL             adds an article to sources/ (pinned by its sha256)
#   factcheck claim add ID "TEXT"                 adds a claim; claim add-evidence adds a quote
#   factcheck suggest ID --review                 proposes passages of sources/ that bear on a claim
#   factcheck check                               finds every quote in its source; exits 1 on open conflicts
# A claim looks like this (ids: lower-case letters, digits and hyphens):
#   - id: example-claim
#     text: What is claimed, as one sentence.
#     evidence:
#       - source: source-id              # the file sources/source-id.md
#         stance: supports               # supports | contradicts | qualifies | mentions
#         quote: "The passage's own words."
claims: []
"""
IGNORED = ".factcheck/"


@dataclass
class Initialized:
    """What `init` did: the paths it wrote, and for `--github` the workflow and what it installs factcheck from."""

    written: list[Path]
    kept_project: bool = False  # --github on an existing project: its files were left as they are
    workflow: Path | None = None
    install: InstallSpec | None = None


def init_project(root: Path, *, github: bool = False) -> Initialized:
    """Create a project in `root`: claims.yaml, its JSON schema, sources/ and a .gitignore line; with `github`, also
    .github/workflows/factcheck.yml at the top of the git repository holding `root` (else in `root`).

    Refuses (before writing anything) when claims.yaml or its schema is there already, unless `github`, which then
    writes only the workflow; refuses when the workflow file is there already.
    """
    paths = ProjectPaths.at(root)
    schema = root / SCHEMA_FILE
    if root.exists() and not root.is_dir():
        raise InvalidArgumentError(f"{root}: not a folder")
    there = [p for p in (paths.claims, schema) if p.exists()]
    planned = _plan_workflow(root) if github else None
    if planned is not None and (planned[0].exists() or planned[0].is_symlink()):
        raise ProjectExistsError(
            f"{planned[0]}: already there; factcheck init --github writes a new workflow and changes nothing in an "
            "existing one (delete or rename the file first, or edit it by hand)"
        )
    folders = (planned[0].parent, planned[0].parent.parent) if planned else ()
    blocking = [folder for folder in folders if folder.exists() and not folder.is_dir()]
    if blocking:
        raise InvalidArgumentError(f"{blocking[-1]}: not a folder, so the workflow cannot go under it (move the file)")
    if there and planned is None:
        raise ProjectExistsError(
            f"{', '.join(str(p) for p in there)}: already there; factcheck init writes a new project and changes "
            "nothing in an existing one (delete the file first, or run factcheck check on the project)"
        )
    done = Initialized(written=[], kept_project=bool(there))
    if not there:
        done.written = _write_project(root, paths, schema)
    if planned is not None:
        file, text, done.install = planned
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(file, text)
        done.written.append(file)
        done.workflow = file
    return done


def _write_project(root: Path, paths: ProjectPaths, schema: Path) -> list[Path]:
    written = [] if paths.sources.is_dir() else [paths.sources]  # an existing sources/ is kept as it is
    paths.sources.mkdir(parents=True, exist_ok=True)
    keep = paths.sources / ".gitkeep"
    if not any(paths.sources.iterdir()):  # git keeps no empty folder: without a file, a clone (CI) has no sources/
        write_atomically(keep, "")
        written.append(keep)
    write_atomically(schema, json.dumps(schema_document(), indent=2, ensure_ascii=False) + "\n")  # as `schema` prints
    written.append(schema)
    write_atomically(paths.claims, NEW_CLAIMS)
    written.append(paths.claims)
    ignore = root / ".gitignore"
    kept = ignore.read_text(encoding="utf-8") if ignore.is_file() else ""
    if IGNORED not in {line.strip() for line in kept.splitlines()}:
        write_atomically(ignore, kept + ("" if not kept or kept.endswith("\n") else "\n") +
                         "# factcheck's cache: rebuilt from claims.yaml and sources/\n" + IGNORED + "\n")
        written.append(ignore)
    return written


def _plan_workflow(root: Path) -> tuple[Path, str, InstallSpec]:
    """Where the workflow goes (the git repository's top, else the project) and its text; raises on a bad path."""
    from factcheck.workflow import WORKFLOW_FILE, render_workflow, workflow_project  # init's, not check's

    top = repository_root(root) or root.resolve()
    project = root.resolve().relative_to(top).as_posix()
    install = _running_install(top.as_posix())
    template = resources.files("factcheck").joinpath("data/github_workflow.yml").read_text(encoding="utf-8")
    return top / WORKFLOW_FILE, render_workflow(template, install, workflow_project(project)), install


def _running_install(repository: str) -> InstallSpec:
    """How CI can install the factcheck that runs now (read from its distribution's direct_url.json)."""
    from factcheck.workflow import InstallSpec, install_spec

    try:
        dist = metadata.distribution("factcheck")
    except metadata.PackageNotFoundError:
        return InstallSpec(None, "factcheck runs here without being installed as a package")
    recorded = dist.read_text("direct_url.json")  # PEP 610; absent when installed from a package index
    try:
        direct = json.loads(recorded) if recorded else None
    except ValueError:
        direct = {}  # unreadable: an unknown origin
    if direct is not None and not isinstance(direct, dict):
        direct = {}
    return install_spec(direct, dist.version, repository)


def repository_path(project_root: Path, shown: str, root: Path | None) -> str:
    """A path as a diagnostic shows it (relative to the project) made relative to the repository root, if any."""
    if not shown or root is None:
        return shown
    try:
        return (project_root / shown).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return shown  # outside the repository: as the project shows it


def load_project_vocabulary(paths: ProjectPaths) -> Vocabulary:
    """The package's vocabulary extended by the project's rules/ files; raises InvalidVocabularyError."""
    return load_vocabulary(paths.rules, paths.shown)


def with_cache(paths: ProjectPaths, notice: Progress | None, work: Callable[[Store], T]) -> T:
    """Run work on the project's cache: rebuilt when damaged, or one in memory when it cannot be used (said once)."""
    return run_with_cache(
        paths.db, work, notice or (lambda _message: None), shown=paths.shown(paths.db),
        default=paths.db == paths.root / DB_RELATIVE,
    )


@dataclass
class CheckResult:
    """Everything `check` and `report` need: the ledger, its sources, anchors, grades and conflicts."""

    ledger: Ledger
    sources: dict[str, Source]
    checks: list[EvidenceCheck]
    assessments: dict[str, Assessment]
    conflicts: list[Conflict]
    origins: Origins
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inferred_dates: dict[str, InferredDate] = field(default_factory=dict)
    claim_times: dict[str, ClaimTime] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=package_vocabulary)

    @property
    def open_conflicts(self) -> list[Conflict]:
        """Conflicts no reviewer has resolved yet."""
        return [c for c in self.conflicts if c.status == "open"]

    def exit_code(self, fail_on: str = "conflict") -> int:
        """2 on invalid input; 1 on findings (open conflicts, or warnings with fail_on='warning'); else 0."""
        if any(d.severity == "error" for d in self.diagnostics):
            return EXIT_INVALID
        if fail_on == "none":
            return EXIT_CLEAN
        if self.open_conflicts:
            return EXIT_FINDINGS
        if fail_on == "warning" and any(d.severity == "warning" for d in self.diagnostics):
            return EXIT_FINDINGS
        return EXIT_CLEAN

    def checks_for(self, claim_id: str) -> list[EvidenceCheck]:
        """The evidence checks of one claim, in file order."""
        return [c for c in self.checks if c.claim_id == claim_id]


def check_project(
    paths: ProjectPaths,
    progress: Progress | None = None,
    notice: Progress | None = None,
    store: Store | None = None,
    *,
    keep_going: bool = False,
) -> CheckResult:
    """Load, anchor, score and store one project; raise on input that cannot be read at all.

    `progress` hears what a long run is doing; `notice` hears what became of a cache that could not be used.
    Given a `store`, the run uses it as it is (the caller is inside `with_cache`). A claims.yaml with schema errors
    raises, unless `keep_going`: then its valid claims are checked too and every problem of the project is in the
    result's diagnostics (what `check` reports in one run).
    """
    say = progress or (lambda _message: None)
    _require_project(paths)
    vocabulary = load_project_vocabulary(paths)

    def check(store: Store) -> CheckResult:
        readings: list[workers.Ahead[ClaimReadings] | None] = []
        try:
            return checked(store, readings)
        finally:
            for started in readings:
                if started is not None:
                    started.close()

    def checked(store: Store, readings: list[workers.Ahead[ClaimReadings] | None]) -> CheckResult:
        sources, source_problems = load_project_sources(paths, store, say, vocabulary=vocabulary)
        try:
            ledger = load_cached_claims(paths, store, keep_going=keep_going)
        except InvalidClaimsFileError as exc:
            raise (
                InvalidClaimsFileError(str(exc), diagnostics=exc.diagnostics + source_problems)
                if exc.diagnostics
                else exc
            ) from None
        names, alias_problems = source_names(sources, paths.root)
        diagnostics = list(source_problems) + ledger.problems + alias_problems + pin_diagnostics(paths, sources)
        # On a cold cache the claims are read (times, event signatures, rivals, their quotes anchored) in another
        # process while this one counts the text the sources share, alone; whatever fails there is done here.
        origins = project_origins(
            sources, store,
            counting=lambda: readings.append(_read_claims_ahead(ledger, sources, names, vocabulary) if store.fresh
                                             else None),
        )
        say(f"indexing passages of {len(sources)} sources")
        store.sync_sources(list(sources.values()), origins.origin_of, passage_rows)
        cited = {names[e.source] for c in ledger.claims for e in c.evidence if e.source in names}
        inferred = infer_dates([sources[sid] for sid in sorted(cited)], store, vocabulary=vocabulary)
        read = readings[0].result() if readings and readings[0] is not None else None
        checks, anchor_problems = anchor_ledger(
            ledger, sources, names, store, say, paths.sources, inferred, vocabulary=vocabulary,
            located=read.anchors if read is not None else None,
            read_times=read.quote_times if read is not None else None,
        )
        diagnostics += anchor_problems
        metas = {sid: s.meta for sid, s in sources.items()}
        times = claim_times(ledger.claims, store, vocabulary=vocabulary, read=read)
        wordings = quote_wordings(checks, store, vocabulary, read)
        signatures = claim_signatures(ledger.claims, store, vocabulary=vocabulary, read=read)
        assessments = _score_all(ledger, checks, metas, origins, times, vocabulary, wordings, signatures)
        rivals = claim_rivals(ledger.claims, times, signatures, store, vocabulary=vocabulary, read=read)
        conflicts, resolution_problems = apply_resolutions(
            find_conflicts(ledger.claims, assessments, times, vocabulary.events, signatures, rivals),
            ledger.resolutions,
        )
        # With evidence missing (a source that did not load, a quote not found), a conflict found from evidence
        # may be gone for now: a resolution naming it is then only a warning, not a second error.
        evidence_missing = any(c.problem or c.anchor is None for c in checks) or any(
            d.severity == "error" for d in source_problems + ledger.problems
        )
        for problem in resolution_problems:
            stale = evidence_missing and problem.message.startswith("no conflict")
            diagnostics.append(
                ledger.diagnostic(
                    ("resolutions", problem.index, problem.field),
                    f"resolutions[{problem.index}].{problem.field}: {problem.message}"
                    + ("; some evidence is missing now, so it may come back once that is fixed" if stale else ""),
                    severity="warning" if stale else "error",
                    title="unknown conflict",
                    # What is wrong, not the list of conflicts found now, which changes with other edits.
                    fingerprint=f"{problem.field}\0{problem.message.split(';', 1)[0]}",
                )
            )
        store.save_results(checks, list(assessments.values()), conflicts, {c.id: c.text for c in ledger.claims})
        return CheckResult(
            ledger=ledger,
            sources=sources,
            checks=checks,
            assessments=assessments,
            conflicts=conflicts,
            origins=origins,
            diagnostics=cap_per_kind(diagnostics, MAX_SHOWN_PER_KIND),
            inferred_dates=inferred,
            claim_times=times,
            vocabulary=vocabulary,
        )

    return check(store) if store is not None else with_cache(paths, notice, check)


def _require_project(paths: ProjectPaths) -> None:
    """Raise before any cache is made in a folder that is not a project."""
    if not paths.sources.is_dir() and not paths.claims.exists():
        raise ProjectNotFoundError(
            f"{paths.root}: not a factcheck project (no claims.yaml, no sources/): run factcheck in a project "
            "folder or name one with --project"
        )


def _claims_outside(paths: ProjectPaths, shown: str) -> Diagnostic | None:
    """The error for a claims.yaml that is a symlink to a file outside the project, else None."""
    # Read, a secret linked in could be echoed into CI logs by the messages.
    root = paths.root.resolve()
    target = outside_link(paths.claims, root, paths.claims.parent.resolve().is_relative_to(root))
    if target is None:
        return None
    return Diagnostic(shown, None, None, "error",
                      f"symlink to {target} outside the project: copy the file into the project instead",
                      title="outside the project")


def validate_claims(paths: ProjectPaths) -> list[Diagnostic]:
    """What is wrong with claims.yaml alone (schema, ids, references), as `check` reports it, in file order.

    Reads no source, no cache, and anchors no quote: a check fast enough for a pre-commit hook.
    """
    _require_project(paths)
    shown = paths.shown(paths.claims)
    refused = _claims_outside(paths, shown) if paths.claims.is_file() else None
    if refused is not None:
        return [refused]
    ledger = load_claims(paths.claims, shown, keep_going=True)
    return sorted(cap_per_kind(ledger.problems, MAX_SHOWN_PER_KIND), key=lambda d: (d.line or 0, d.col or 0))


def load_cached_claims(paths: ProjectPaths, store: Store, *, keep_going: bool = False) -> Ledger:
    """claims.yaml, validated; an unchanged valid file is restored from the cache instead of parsed again."""
    shown = paths.shown(paths.claims)
    if not paths.claims.exists() or not paths.claims.is_file():
        return load_claims(paths.claims, shown)
    refused = _claims_outside(paths, shown)
    if refused is not None:
        if not keep_going:
            raise InvalidClaimsFileError(diagnostics=[refused])
        return Ledger(path=shown, claims=[], resolutions=[], positions={}, problems=[refused])
    digest = hashlib.sha256(paths.claims.read_bytes()).hexdigest()
    cached = store.get_state(f"claims:{shown}")
    if cached:
        file_sha, _, payload = cached.partition("\n")
        if file_sha == digest:
            return Ledger.from_cache(shown, payload)
    ledger = load_claims(paths.claims, shown, keep_going=keep_going)
    if not ledger.problems:  # the cache holds only valid files, which need no positions of invalid claims
        store.set_state(f"claims:{shown}", f"{digest}\n{ledger.to_cache()}")
    return ledger


def _score_all(
    ledger: Ledger,
    checks: list[EvidenceCheck],
    metas: dict,
    origins: Origins,
    times: dict[str, ClaimTime],
    vocabulary: Vocabulary,
    wordings: dict[tuple[str, int], list[WordingFinding]] | None = None,
    signatures: dict[str, EventSignature] | None = None,
) -> dict[str, Assessment]:
    by_claim: dict[str, list[EvidenceCheck]] = {}
    for check in checks:
        by_claim.setdefault(check.claim_id, []).append(check)
    copies = origins.text_origin_of()
    by_index: dict[str, dict[int, list[WordingFinding]]] = {}
    for (claim_id, index), findings in (wordings or {}).items():
        by_index.setdefault(claim_id, {})[index] = findings
    return {
        c.id: score_claim(c, by_claim.get(c.id, []), metas, origins.origin_of, times[c.id], copies,
                          vocabulary=vocabulary, wordings=by_index.get(c.id),
                          signature=(signatures or {}).get(c.id))
        for c in ledger.claims
    }


def quote_wordings(
    checks: list[EvidenceCheck], store: Store, vocabulary: Vocabulary, read: ClaimReadings | None = None
) -> dict[tuple[str, int], list[WordingFinding]]:
    """The wording cues of each anchored quote's sentence, by (claim id, index); cached by the sentence, the quote and
    the rules that read them.

    Args:
        read: the claims already read in another process: its wordings (by this very key) are used where the cache
            lacks them.
    """
    rules = rules_key(vocabulary)
    keyed = {
        (c.claim_id, c.index): _wording_key(rules, c.sentence or c.quote, c.following, c.anchor.exact)
        for c in checks if c.anchor is not None and not c.problem
    }
    read_ahead = read.wordings if read is not None else {}
    cached = store.cached_wordings(set(keyed.values()))
    out: dict[tuple[str, int], list[WordingFinding]] = {}
    fresh: dict[str, str] = {}
    for check in checks:
        key = keyed.get((check.claim_id, check.index))
        if key is None or check.anchor is None:
            continue
        if key in cached:  # a row that does not decode raises: the cache is damaged and rebuilt
            out[check.claim_id, check.index] = [WordingFinding(*row) for row in json.loads(cached[key])]
            continue
        findings = read_ahead[key] if key in read_ahead else read_wording(
            check.sentence or check.quote, check.following, quote=check.anchor.exact, rules=vocabulary.wording
        )
        out[check.claim_id, check.index] = findings
        fresh[key] = json.dumps([[f.cue, f.words, f.explanation] for f in findings], ensure_ascii=False)
    if fresh:
        store.remember_wordings(fresh)
    return out


def _wording_key(rules: str, sentence: str, following: str, exact: str) -> str:
    """The cache key of the wording cues read in a quote's sentence."""
    return _digest(rules, sentence, following, exact)


def load_project_sources(
    paths: ProjectPaths, store: Store, say: Progress, *, vocabulary: Vocabulary | None = None
) -> tuple[dict[str, Source], list[Diagnostic]]:
    """Read every source file, reusing the cached parse of files whose bytes and non-article rules are unchanged."""
    vocabulary = vocabulary or load_project_vocabulary(paths)
    if not paths.sources.is_dir():
        return {}, [
            Diagnostic(
                paths.shown(paths.sources),
                None,
                None,
                "error",
                "no sources/ folder: create it and add sources",
            )
        ]
    cached = store.cached_sources()
    sources: dict[str, Source] = {}
    problems: list[Diagnostic] = []
    # Sorted as strings, which in one folder is Path order, without Path's costly comparisons.
    files = [(file, paths.shown(file)) for file in sorted(paths.sources.glob(f"*{SOURCE_SUFFIX}"), key=str)]
    root = paths.root.resolve()
    folder_inside = paths.sources.resolve().is_relative_to(root)
    parsed: list[tuple[Source, str]] = []
    # Files new to the cache are parsed across processes when there are many (a cold run); the rest are cheap.
    many_new = sum(shown not in cached for _, shown in files) >= workers.MIN_PARALLEL
    context = (root, folder_inside, cached, store, vocabulary, len(files) > HELD_BODIES)
    for source, file_sha, found in workers.map_chunks(_load_source_files, files, context, parallel=many_new):
        problems.extend(found)  # one bad file: its own errors, and the others are checked on
        if source is None:
            continue
        if file_sha is not None:
            parsed.append((source, file_sha))
        sources[source.id] = source
    store.remember_sources(parsed)  # one transaction: other processes wait for one lock, not one per file
    if parsed:
        say(f"parsed {len(parsed)} new or changed source files")
    return sources, problems


# Up to this many sources, every body is held for the whole run (16 MB of text for the bench's 2,000); past it, a
# body is read again from its file whenever it is needed, so that 100,000 sources fit in memory.
HELD_BODIES = 5000


def _load_source_files(
    context: tuple[Path, bool, dict, Store, Vocabulary, bool], files: Sequence[tuple[Path, str]]
) -> list[tuple[Source | None, str | None, list[Diagnostic]]]:
    """Some source files loaded (perhaps in a worker process): each a Source, its new parse's file sha256 and the
    warnings of its body; or, for a file that cannot be loaded, its errors."""
    root, folder_inside, cached, store, vocabulary, release = context
    out: list[tuple[Source | None, str | None, list[Diagnostic]]] = []
    for file, shown in files:
        try:
            source, file_sha = _load_source_file(file, shown, root, folder_inside, cached, store, vocabulary)
        except InvalidSourceError as exc:
            out.append((None, None, exc.diagnostics or [Diagnostic(shown, None, None, "error", str(exc))]))
            continue
        found = body_diagnostics(source)
        share_given_fields(source)  # 1.5 KB a source: a cached parse is read in this process, not unpickled
        if release:
            source.release_body(functools.partial(reread_body, str(file.absolute()), shown, source.body_sha256))
        out.append((source, file_sha, found))
    return out


def _load_source_file(
    file: Path, shown: str, root: Path, folder_inside: bool, cached: dict, store: Store, vocabulary: Vocabulary
) -> tuple[Source, str | None]:
    """One source file, from the cache when its bytes are unchanged; with the file's sha256 if it was parsed anew."""
    refuse_outside(file, root, shown, folder_inside)
    try:
        data = file.read_bytes()
    except OSError as exc:
        message = f"cannot read it: {exc.strerror}"
        raise InvalidSourceError(diagnostics=[Diagnostic(shown, None, None, "error", message)]) from None
    file_sha = hashlib.sha256(data).hexdigest()
    if "non_article" in vocabulary.overrides:  # the project's rules mark other stretches: parse it again
        file_sha = _digest(file_sha, vocabulary.fingerprint)
    text = decode_source_bytes(data, shown)
    row = cached.get(shown)
    if row and row["file_sha256"] == file_sha:
        _, body, _ = split_front_matter(text, shown)
        return store.source_from_row(row, body), None
    try:
        source = parse_source(text, shown, non_article=vocabulary.non_article)
    except InvalidSourceError:
        raise
    except Exception as exc:  # a bug, but one file's: say so there and check the other sources
        message = f"cannot read it: internal error: {type(exc).__name__}: {exc}; this is a bug in factcheck"
        raise InvalidSourceError(diagnostics=[Diagnostic(shown, None, None, "error", message)]) from None
    return source, file_sha


def passage_rows(sources: Sequence[Source]) -> Iterator[PassageRow]:
    """The passages of sources as the store writes them, in order; segmented across processes when there are many."""
    # The workers are forked with the sources: they are sent which to segment, not the sources.
    return workers.map_chunks(_segment_sources, range(len(sources)), sources)


def _segment_sources(sources: Sequence[Source], which: Sequence[int]) -> list[PassageRow]:
    return [row for i in which for row in segment_rows(sources[i].id, sources[i].body, sources[i].not_article)]


def fingerprints_of(sources: Sequence[Source]) -> Iterator[array]:
    """The packed fingerprints of sources' article texts, in order; across processes when there are many."""
    return workers.map_chunks(_fingerprint_sources, range(len(sources)), sources)


def _fingerprint_sources(sources: Sequence[Source], which: Sequence[int]) -> list[array]:
    return [packed_fingerprint(article_text(sources[i])) for i in which]


def pin_diagnostics(paths: ProjectPaths, sources: dict[str, Source]) -> list[Diagnostic]:
    """An error for every source that is unpinned or whose body no longer matches its pin."""
    out = []
    for source in sources.values():
        if source.pinned:
            continue
        line = _front_matter_line(paths.root / source.path, "sha256")  # read the file only for a message
        if source.meta.sha256 is None:
            out.append(
                Diagnostic(
                    source.path,
                    line,
                    None,
                    "error",
                    f"source {source.id} is not pinned: review its body, then run `factcheck source pin {source.id}`",
                    title="unpinned source",
                )
            )
        elif not source.pinned:
            out.append(
                Diagnostic(
                    source.path,
                    line,
                    None,
                    "error",
                    f"body of source {source.id} no longer matches its sha256 pin "
                    f"(pinned {source.meta.sha256[:12]}, now {source.body_sha256[:12]}); its quotes were re-anchored "
                    f"below; review the change, then run `factcheck source pin {source.id}`",
                    title="source changed",
                )
            )
    return out


def _front_matter_line(file: Path, key: str) -> int | None:
    try:
        with file.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if line.startswith(f"{key}:"):
                    return number
                if number > 1 and line.startswith("---"):
                    return 1
    except OSError:
        return None
    return None


# Past this many changed sources, counting every pair again costs less than asking the index source by source.
MAX_RELINKED = 200


def project_origins(
    sources: dict[str, Source], store: Store, counting: Callable[[], object] | None = None
) -> Origins:
    """Independent origins of the sources. Fingerprints are cached; when a few sources
    changed, only they (and the sources a stock phrase's count puts in or out of play) are compared again.

    Args:
        counting: called once the sources are fingerprinted, before this process counts the text they share alone
            (when they are not remembered), to start other work in another process meanwhile.
    """
    key = hashlib.sha256(
        json.dumps(
            sorted(
                (s.id, s.body_sha256, [r.model_dump() for r in s.not_article], s.meta.publisher)
                for s in sources.values()
            )
        ).encode()
    ).hexdigest()
    remembered = _remembered_origins(store, key)
    if remembered is not None:
        return remembered
    keys = {sid: _fingerprint_key(s) for sid, s in sources.items()}
    stored = store.fingerprint_keys()
    # Fingerprinted before the lock is taken, into a table of this connection alone (not memory): the costly part of
    # a cold run does not hold up other processes, and 100,000 fingerprints do not stay in memory.
    staged = [sid for sid in sources if stored.get(sid, ("",))[0] != keys[sid]]
    fresh = fingerprints_of([sources[sid] for sid in staged])
    store.stage_fingerprints(zip(staged, (keys[sid] for sid in staged), fresh, strict=True), first=True)
    if counting is not None:
        counting()
    with store.writing():
        remembered = _remembered_origins(store, key)  # another process may have grouped these very sources
        if remembered is not None:
            return remembered
        stored = store.fingerprint_keys()
        changed = [sid for sid in sources if stored.get(sid, ("",))[0] != keys[sid]]
        late = set(changed).difference(staged)
        store.stage_fingerprints(
            (sid, keys[sid], packed_fingerprint(article_text(sources[sid]))) for sid in changed if sid in late
        )
        gone = [sid for sid in stored if sid not in sources]
        state = json.loads(store.get_state("origins") or "{}")
        previous = [OriginLink(**link) for link in state.get("links", [])] if state.get("indexed") else None
        if previous is None or len(changed) + len(gone) > MAX_RELINKED:
            store.index_staged(gone)
            stored_now = store.stored_fingerprints()
            sizes = {sid: size for sid, (_key, size) in store.fingerprint_keys().items()}
            with _collector_paused():
                links = count_links(stored_now.ids, stored_now, sizes)
        else:
            links = _relink(store, previous, store.staged_fingerprints(changed), gone)
        before = {(link.source_id, link.other_id): link.sample for link in previous or ()}
        moved = set(changed)

        def kept(link: OriginLink) -> bool:
            return (link.source_id, link.other_id) in before and not moved & {link.source_id, link.other_id}

        # Links come in id order, so a source's links are mostly together: a few texts at hand, not every body again.
        @functools.lru_cache(maxsize=64)
        def text(sid: str) -> str:
            return article_text(sources[sid])

        others = store.cached_fingerprints({link.other_id for link in links if not kept(link)})
        links = [
            dataclasses.replace(link, sample=before[link.source_id, link.other_id])
            if kept(link)
            else dataclasses.replace(
                link, sample=shared_run(text(link.source_id), text(link.other_id), others.get(link.other_id))
            )
            for link in links
        ]
        published = {sid: s.meta.published.isoformat() for sid, s in sources.items() if s.meta.published}
        publishers = {sid: s.meta.publisher for sid, s in sources.items() if s.meta.publisher}
        origins = group_origins(sources, links, published, publishers)
        store.set_state(
            "origins",
            json.dumps({"key": key, "indexed": True, "origin_of": origins.origin_of,
                        "links": [link.__dict__ for link in origins.links]}),
        )
    return origins


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building hundreds of thousands of lists (none of them in a cycle) would
    set it off again and again, each pass walking every object made so far (a third of building the index)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _remembered_origins(store: Store, key: str) -> Origins | None:
    remembered = store.get_state("origins")
    if remembered:
        data = json.loads(remembered)
        if data.get("key") == key:
            return Origins(origin_of=data["origin_of"], links=[OriginLink(**link) for link in data["links"]])
    return None


def _relink(
    store: Store,
    previous: list[OriginLink],
    changed: Mapping[str, Collection[int]],
    gone: list[str],
) -> list[OriginLink]:
    """The text links after a few sources changed: those and the sources whose pairs a stock phrase's count moved
    across MAX_SOURCES_PER_SHINGLE are counted again from the holders of their shingles; every other pair is as it
    was. The holders come from one pass over the stored fingerprints (two when a count moved): no index of every
    shingle is kept in step, so a cold run writes one row a source."""
    old = {sid: set(hashes) for sid, hashes in store.cached_fingerprints([*changed, *gone]).items()}
    now = {sid: set(hashes) for sid, hashes in changed.items()}
    delta: set[int] = set()
    for sid, hashes in now.items():
        delta |= old.get(sid, set()) ^ hashes
    for sid in gone:
        delta |= old.get(sid, set())
    store.index_staged(gone)
    wanted = delta.union(*now.values())
    # Past this many holders a run was a stock phrase before the edit and is one after: its holders do not matter.
    most = MAX_SOURCES_PER_SHINGLE + len(changed) + len(gone)
    holders = store.shingle_holders(wanted, most)
    affected = set(changed)
    for h in delta:
        had = [sid for sid in (*changed, *gone) if h in old.get(sid, ())]
        has = [sid for sid in changed if h in now[sid]]
        count = len(holders.get(h, ()))  # at most `most` + 1: enough to tell
        if (count <= MAX_SOURCES_PER_SHINGLE) != (count - len(has) + len(had) <= MAX_SOURCES_PER_SHINGLE):
            affected |= set(holders.get(h, ())) | set(had)  # every pair holding it counts it now, or no longer
    affected -= set(gone)
    hashes = {**store.cached_fingerprints(affected - set(changed)), **changed}
    more = set().union(*(hashes[sid] for sid in affected - set(changed))) - wanted
    if more:
        holders.update(store.shingle_holders(more, most))
    postings = {h: sids for h, sids in holders.items() if len(sids) <= MAX_SOURCES_PER_SHINGLE}
    shared: dict[tuple[str, str], int] = {}
    for sid in sorted(affected):
        shared.update(shared_counts(sid, hashes[sid], postings))
    sizes = {sid: size for sid, (_key, size) in store.fingerprint_keys().items()}
    return relink(previous, affected | set(gone), shared, sizes)


# Enough of an undated article to find its dateline, sign-off and dated events, even when it is 50 MB.
_DATING_HEAD, _DATING_TAIL = 20_000, 5_000


def infer_dates(
    sources: list[Source], store: Store, *, vocabulary: Vocabulary | None = None
) -> dict[str, InferredDate]:
    """The inferred publication date of every undated source, cached by the text it was read from (and the rules)."""
    vocabulary = vocabulary or package_vocabulary()
    out: dict[str, InferredDate] = {}
    for source in sources:
        if source.meta.published is not None:
            continue
        text = article_text(source)
        if len(text) > _DATING_HEAD + _DATING_TAIL:
            text = text[:_DATING_HEAD] + "\n\n" + text[-_DATING_TAIL:]
        key = f"dating:{rules_key(vocabulary)}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        cached = store.get_state(key)
        if cached is not None:
            data = json.loads(cached)
            if data:
                from factcheck.dating import InferredDate

                out[source.id] = InferredDate(
                    dt.date.fromisoformat(data["earliest"]),
                    dt.date.fromisoformat(data["latest"]) if data["latest"] else None,
                    data["confidence"],
                    data["evidence"],
                )
            continue
        from factcheck.dating import infer_published  # reads times: only when a date is not cached

        found = infer_published(text, vocabulary=vocabulary)
        store.set_state(
            key,
            json.dumps(
                {
                    "earliest": found.earliest.isoformat(),
                    "latest": found.latest.isoformat() if found.latest else None,
                    "confidence": found.confidence,
                    "evidence": found.evidence,
                }
                if found
                else None
            ),
        )
        if found:
            out[source.id] = found
    return out


def source_reference(source: Source, inferred: InferredDate | None) -> Reference | None:
    """The date to read a source's relative times against: its `published`, else the date its text implies."""
    if source.meta.published is not None:
        day = source.meta.published
        return Reference(day, day, f"published {day.isoformat()}")
    if inferred is not None and inferred.latest is not None:
        return Reference(inferred.earliest, inferred.latest, f"inferred {inferred.describe()}", inferred=True)
    return None  # no date, or one with no later bound: "last year" or "in April" could mean any year since


def article_text(source: Source) -> str:
    """The article text of a source: its body without the stretches that are not the article."""
    return "\n".join(source.body[a:b] for a, b in article_spans(source.body, source.not_article))


def _fingerprint_key(source: Source) -> str:
    regions = json.dumps([r.model_dump() for r in source.not_article])
    return hashlib.sha256(f"{source.body_sha256}\0{regions}".encode()).hexdigest()


def source_names(
    sources: dict[str, Source], root: Path | None = None
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Every name evidence may cite a source by (its id and its aliases), mapped to the id.

    Args:
        root: the project folder, to read the line of a clashing alias from its file.
    """
    names = {sid: sid for sid in sources}
    problems = []
    for source in sources.values():
        for index, alias in enumerate(source.meta.aliases):
            if alias in names and names[alias] != source.id:
                other = names[alias]
                what = "is the id of" if other == alias else "already names"
                line, col = _alias_position(root / source.path, index) if root else (None, None)
                problems.append(
                    Diagnostic(
                        source.path,
                        line,
                        col,
                        "error",
                        f"aliases[{index}]: alias '{alias}' of source {source.id} {what} source {other}; "
                        "give each alias to one source",
                        title="duplicate alias",
                    )
                )
            else:
                names[alias] = source.id
    return names, problems


def _alias_position(file: Path, index: int) -> tuple[int | None, int | None]:
    """Where aliases[index] stands in a source file's front matter; read again only for this message."""
    try:
        front, _, _ = split_front_matter(decode_source_bytes(file.read_bytes(), str(file)), str(file))
        data = load_yaml(front, str(file), line_offset=1)
    except (OSError, InvalidSourceError, YamlSyntaxError):
        return None, None
    return position(data, ("aliases", index), line_offset=1)


def anchor_ledger(
    ledger: Ledger,
    sources: dict[str, Source],
    names: dict[str, str],
    store: Store,
    say: Progress,
    paths_sources: Path,
    inferred: dict[str, InferredDate] | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    located: Mapping[str, tuple[Anchor | None, Anchor | None]] | None = None,
    read_times: Mapping[str, str] | None = None,
) -> tuple[list[EvidenceCheck], list[Diagnostic]]:
    """Anchor every quote of every claim in its source's article text, reusing cached anchors.

    Quotes of claims that are not valid (ledger.loose_evidence) are anchored too, for their errors, but give no
    check: their claim is neither scored nor reported.

    Args:
        located: quotes already anchored (`locate_quote`) in another process, by anchor key: used where the cache
            lacks them.
        read_times: quotes' times already read in another process (`read_quote_times`), as cache rows by their
            cache key: used where the cache lacks them.
    """
    file_index = {claim.id: i for i, claim in _claim_file_indexes(ledger)}
    items = [
        (file_index[claim.id], claim.id, ev_index, evidence, True)
        for claim in ledger.claims
        for ev_index, evidence in enumerate(claim.evidence)
    ] + [(ci, claim_id, ev_index, evidence, False) for ci, claim_id, ev_index, evidence in ledger.loose_evidence]
    regions_json = {sid: json.dumps([r.model_dump() for r in s.not_article]) for sid, s in sources.items()}
    keys = {
        (ci, ei): anchor_key(sources[names[ev.source]].body_sha256, ev.quote, regions_json[names[ev.source]])
        for ci, _, ei, ev, _ in items
        if ev.source in names
    }
    cached = store.cached_anchors(set(keys.values()))
    fresh = []
    missing = [k for k in keys.values() if k not in cached]
    if missing:
        say(f"anchoring {len(set(missing))} quotes")
    checks: list[EvidenceCheck] = []
    problems: list[Diagnostic] = []
    known_references: dict[str, Reference | None] = {}
    inferred = inferred or {}

    def references(source: Source) -> Reference | None:
        if source.id not in known_references:
            known_references[source.id] = source_reference(source, inferred.get(source.id))
        return known_references[source.id]

    to_time: list[tuple[EvidenceCheck, Source, int]] = []  # check, source, sentence start
    unknown = 0
    for ci, claim_id, ev_index, evidence, scored in items:
        loc = ("claims", ci, "evidence", ev_index)
        source_id = names.get(evidence.source, evidence.source)
        check = EvidenceCheck(
            claim_id=claim_id,
            index=ev_index,
            source_id=source_id,
            stance=evidence.stance,
            quote=evidence.quote,
            note=evidence.note,
        )
        source = sources.get(source_id)
        if source is None and (paths_sources / f"{evidence.source}{SOURCE_SUFFIX}").exists():
            # The file exists but could not be read; its own error says why, once.
            check.problem = f"source '{evidence.source}' could not be read"
            if scored:
                checks.append(check)
            continue
        if source is None:
            check.problem = f"no source '{evidence.source}'"
            unknown += 1
            # Past what is shown, a message only to be counted: no close-match search over every source id.
            hint = _did_you_mean(evidence.source, list(sources)) if unknown <= MAX_SHOWN_PER_KIND else ""
            problems.append(
                ledger.diagnostic(
                    (*loc, "source"),
                    f"claims[{ci}].evidence[{ev_index}].source: no source '{evidence.source}' in sources/"
                    f"{hint}; add it as sources/{evidence.source}.md or fix the id",
                    title="unknown source",
                )
            )
            if scored:
                checks.append(check)
            continue
        key = keys[(ci, ev_index)]
        if key in cached:
            anchor, closest = cached[key]
        else:
            anchor, closest = located[key] if located and key in located else locate_quote(evidence.quote, source)
            cached[key] = (anchor, closest)
            fresh.append((key, source.body_sha256, evidence.quote, anchor, closest))
        check.anchor, check.closest = anchor, closest
        problems.extend(_anchor_diagnostics(ledger, loc, ci, ev_index, check, source))
        if not scored:
            continue
        if anchor is not None:
            s_start, s_end, check.following = sentence_bounds(source.body, anchor.start, anchor.end)
            check.sentence = source.body[s_start:s_end]
            to_time.append((check, source, s_start))
        checks.append(check)
    if fresh:
        store.remember_anchors(fresh)
    _read_quote_times(to_time, references, store, vocabulary or package_vocabulary(), read_times or {})
    return checks, problems


def _read_quote_times(
    items: list[tuple[EvidenceCheck, Source, int]],
    references: Callable[[Source], Reference | None],
    store: Store,
    vocabulary: Vocabulary,
    read_times: Mapping[str, str],
) -> None:
    """Set each anchored check's times, read from its sentence against its source's date; cached by both.

    quote_times reads the sentence alone, so the key holds the sentence, the quote's place in it and the date, and
    the offsets are kept from the sentence's start: an edit elsewhere in the source finds them again.
    """
    keyed = []
    rules = rules_key(vocabulary)
    for check, source, s_start in items:
        assert check.anchor is not None
        reference = references(source)
        check.time_reference = reference.label if reference else None
        check.published_by = reference.written_by if reference else None
        key = _quote_times_key(rules, check.sentence, check.anchor.start - s_start, check.anchor.end - s_start,
                               reference)
        keyed.append((key, check, s_start, reference))
    cached = store.cached_times({key for key, _, _, _ in keyed})
    fresh: dict[str, str] = {}
    for key, check, s_start, reference in keyed:
        assert check.anchor is not None
        if key in cached:
            check.times = [_mention(m, s_start) for m in json.loads(cached[key])]
            continue
        if key in read_times:  # the very row this process would cache, read in another one
            check.times = [_mention(m, s_start) for m in json.loads(read_times[key])]
            fresh[key] = read_times[key]
            continue
        check.times = quote_times(
            check.sentence, s_start, check.anchor.start, check.anchor.end, reference, vocabulary=vocabulary
        )
        fresh[key] = json.dumps([_mention_json(m, s_start) for m in check.times])
    if fresh:
        store.remember_times(fresh)


def _quote_times_key(rules: str, sentence: str, start: int, end: int, reference: Reference | None) -> str:
    """The cache key of the times read in a quote's sentence: the sentence, the quote's place in it and the date."""
    dated = (
        "\0".join(map(str, (reference.earliest, reference.latest, reference.inferred, reference.label)))
        if reference else ""
    )
    return _digest(rules, "quote times in a sentence", sentence, str(start), str(end), dated)


def read_quote_times(
    claims: list[Claim],
    sources: Mapping[str, Source],
    names: Mapping[str, str],
    anchors: Mapping[str, tuple[Anchor | None, Anchor | None]],
    vocabulary: Vocabulary,
) -> dict[str, str]:
    """The times of every anchored quote's sentence, read against its source's date when no date need be inferred
    (as `anchor_ledger` reads them), as cache rows by their cache key."""
    rules = rules_key(vocabulary)
    out: dict[str, str] = {}
    for _, source, key_of_anchor in _quotes_in_sources(claims, sources, names):
        anchor = anchors.get(key_of_anchor, (None, None))[0]
        if anchor is None:
            continue
        s_start, s_end, _ = sentence_bounds(source.body, anchor.start, anchor.end)
        sentence = source.body[s_start:s_end]
        # With no date inferred: where one is, the key differs and that quote is read again in the parent.
        reference = source_reference(source, None)
        key = _quote_times_key(rules, sentence, anchor.start - s_start, anchor.end - s_start, reference)
        if key not in out:
            times = quote_times(sentence, s_start, anchor.start, anchor.end, reference, vocabulary=vocabulary)
            out[key] = json.dumps([_mention_json(m, s_start) for m in times])
    return out


def _quotes_in_sources(
    claims: list[Claim], sources: Mapping[str, Source], names: Mapping[str, str]
) -> Iterator[tuple[Evidence, Source, str]]:
    """Every quote of the claims whose source loaded, with that source and the quote's anchor key."""
    regions: dict[str, str] = {}
    for claim in claims:
        for evidence in claim.evidence:
            source = sources.get(names.get(evidence.source, evidence.source))
            if source is None:
                continue
            if source.id not in regions:
                regions[source.id] = json.dumps([r.model_dump() for r in source.not_article])
            yield evidence, source, anchor_key(source.body_sha256, evidence.quote, regions[source.id])


def claim_times(
    claims: list[Claim], store: Store, *, vocabulary: Vocabulary | None = None, read: ClaimReadings | None = None
) -> dict[str, ClaimTime]:
    """Each claim's time, from its `time:` or its text; cached by both and by the rules that read them.

    Args:
        read: the claims already read in another process (`read_claims`), used for what the cache lacks.
    """
    vocabulary = vocabulary or package_vocabulary()
    keyed = {c.id: _digest(rules_key(vocabulary), c.text, c.time or "", c.kind) for c in claims}
    cached = store.cached_times(set(keyed.values()))
    out: dict[str, ClaimTime] = {}
    fresh: dict[str, str] = {}
    for at, claim in enumerate(claims):
        key = keyed[claim.id]
        if key in cached:
            data = json.loads(cached[key])
            span = data["span"] and TimeSpan(
                dt.date.fromisoformat(data["span"][0]), dt.date.fromisoformat(data["span"][1]), data["span"][2]
            )
            out[claim.id] = ClaimTime(span or None, data["kind"], data["planned"])
            continue
        when = read.times[at] if read is not None else claim_time(claim, vocabulary=vocabulary)
        out[claim.id] = when
        span = when.span
        span_json = [span.earliest.isoformat(), span.latest.isoformat(), span.label] if span else None
        fresh[key] = json.dumps({"span": span_json, "kind": when.kind, "planned": when.planned})
    if fresh:
        store.remember_times(fresh)
    return out


def claim_signatures(
    claims: list[Claim], store: Store, *, vocabulary: Vocabulary | None = None, read: ClaimReadings | None = None
) -> dict[str, EventSignature]:
    """Each claim's event signature as read_event reads its text; cached by the text and the rules that read it.

    Args:
        read: the claims already read in another process (`read_claims`), used for what the cache lacks.
    """
    vocabulary = vocabulary or package_vocabulary()
    rules = event_rules_key(vocabulary)
    keyed = {c.id: _digest(rules, c.text) for c in claims}
    cached = store.cached_signatures(set(keyed.values()))
    found: dict[str, EventSignature] = {}  # by key: a text given twice is read once
    fresh: dict[str, str] = {}
    for at, claim in enumerate(claims):
        key = keyed[claim.id]
        if key in found:
            continue
        if key in cached:  # a row that does not decode raises ValueError: the cache is damaged and rebuilt
            found[key] = load_signature(cached[key])
        else:
            found[key] = read.signatures[at] if read is not None else read_event(claim.text, vocabulary.events)
            fresh[key] = dump_signature(found[key])
    if fresh:
        store.remember_signatures(fresh)
    return {c.id: found[keyed[c.id]] for c in claims}


@dataclass
class ClaimReadings:
    """What a ledger's claims say, read without the cache: each claim's time and event signature, the rivals
    `find_rivals` finds among them, and (filled in by the process that reads ahead) their quotes' anchors, wording
    cues and times."""

    # By position in the ledger, not by id: an invalid ledger may give two claims one id.
    times: list[ClaimTime]
    signatures: list[EventSignature]
    rivals: list[Conflict]
    anchors: dict[str, tuple[Anchor | None, Anchor | None]] = field(default_factory=dict)  # by anchor key
    wordings: dict[str, list[WordingFinding]] = field(default_factory=dict)  # by quote_wordings' key
    quote_times: dict[str, str] = field(default_factory=dict)  # cache rows by _read_quote_times' key

    def by_id(self, claims: list[Claim]) -> tuple[dict[str, ClaimTime], dict[str, EventSignature]]:
        """The times and signatures by claim id, as `claim_times` and `claim_signatures` give them."""
        ids = [c.id for c in claims]
        return dict(zip(ids, self.times, strict=True)), dict(zip(ids, self.signatures, strict=True))


# From this many claims, reading them in another process while this one reads the sources pays for the fork.
AHEAD_CLAIMS = 100


def read_claims(claims: list[Claim], vocabulary: Vocabulary) -> ClaimReadings:
    """Read the claims as `claim_times`, `claim_signatures` and `claim_rivals` do on a cold cache."""
    read = ClaimReadings(
        [claim_time(c, vocabulary=vocabulary) for c in claims], [read_event(c.text, vocabulary.events) for c in claims],
        [],
    )
    times, signatures = read.by_id(claims)
    read.rivals = find_rivals(
        claims, times, vocabulary.events, resolved_signatures(claims, vocabulary.events, signatures)
    )
    return read


def locate_quotes(
    claims: list[Claim], sources: Mapping[str, Source], names: Mapping[str, str]
) -> dict[str, tuple[Anchor | None, Anchor | None]]:
    """Every quote of the claims in a source that loaded, anchored (`locate_quote`), by anchor key."""
    out: dict[str, tuple[Anchor | None, Anchor | None]] = {}
    for evidence, source, key in _quotes_in_sources(claims, sources, names):
        if key not in out:
            out[key] = locate_quote(evidence.quote, source)
    return out


def _read_claims_ahead(
    ledger: Ledger, sources: dict[str, Source], names: dict[str, str], vocabulary: Vocabulary
) -> workers.Ahead[ClaimReadings] | None:
    """The claims read and their quotes anchored and read (`_read_claims_context`) in another process, for a ledger
    of many claims; else None."""
    if len(ledger.claims) < AHEAD_CLAIMS:
        return None
    # One claim read here first compiles the rules' regexes, which this process needs later anyway: the other one
    # starts with them compiled instead of compiling them again. What fails here fails again where it always did.
    with contextlib.suppress(Exception):
        read_claims(ledger.claims[:1], vocabulary)
    return workers.ahead(_read_claims_context, (ledger.claims, sources, names, vocabulary))


def _read_claims_context(
    context: tuple[list[Claim], dict[str, Source], dict[str, str], Vocabulary]
) -> ClaimReadings:
    """`read_claims`, then every quote anchored and its wording cues and times read, as the main process would."""
    claims, sources, names, vocabulary = context
    read = read_claims(claims, vocabulary)
    read.anchors = locate_quotes(claims, sources, names)
    read.wordings = read_quote_wordings(claims, sources, names, read.anchors, vocabulary)
    read.quote_times = read_quote_times(claims, sources, names, read.anchors, vocabulary)
    return read


def read_quote_wordings(
    claims: list[Claim],
    sources: Mapping[str, Source],
    names: Mapping[str, str],
    anchors: Mapping[str, tuple[Anchor | None, Anchor | None]],
    vocabulary: Vocabulary,
) -> dict[str, list[WordingFinding]]:
    """The wording cues of every anchored quote's sentence (as `quote_wordings` reads them), by its cache key."""
    rules = rules_key(vocabulary)
    out: dict[str, list[WordingFinding]] = {}
    for evidence, source, key_of_anchor in _quotes_in_sources(claims, sources, names):
        anchor = anchors.get(key_of_anchor, (None, None))[0]
        if anchor is None:
            continue
        s_start, s_end, following = sentence_bounds(source.body, anchor.start, anchor.end)
        sentence = source.body[s_start:s_end] or evidence.quote
        key = _wording_key(rules, sentence, following, anchor.exact)
        if key not in out:
            out[key] = read_wording(sentence, following, quote=anchor.exact, rules=vocabulary.wording)
    return out


def claim_rivals(
    claims: list[Claim],
    times: dict[str, ClaimTime],
    signatures: dict[str, EventSignature],
    store: Store,
    *,
    vocabulary: Vocabulary | None = None,
    read: ClaimReadings | None = None,
) -> list[Conflict]:
    """The claims' pairwise conflicts (scoring.find_rivals), kept in the cache under a digest of every claim and of
    the code and rules that read them: an edit to a source changes none of these, and they cost 0.5 s at 400 claims.

    Args:
        read: the claims already read in another process (`read_claims`): its rivals are taken when it read the
            very times and signatures given here.
    """
    vocabulary = vocabulary or package_vocabulary()
    key = _digest(
        "rivals", _scoring_code_key(), event_rules_key(vocabulary), rules_key(vocabulary),
        *(claim.model_dump_json() for claim in claims),
    )
    kept = store.get_state(RIVALS_STATE)
    if kept:
        kept_key, _, payload = kept.partition("\n")
        if kept_key == key:  # a payload that does not decode raises: the cache is damaged and rebuilt
            return [Conflict.model_validate(row) for row in json.loads(payload)]
    if read is not None and read.by_id(claims) == (times, signatures):
        rivals = read.rivals
    else:
        rivals = find_rivals(
            claims, times, vocabulary.events, resolved_signatures(claims, vocabulary.events, signatures)
        )
    store.set_state(RIVALS_STATE, f"{key}\n{json.dumps([c.model_dump(mode='json') for c in rivals])}")
    return rivals


def _modules_key(modules: Sequence[str], salt: str = "") -> str:
    """A digest of the source of factcheck's modules (and a salt): what a cached result read with them depends on."""
    digest = hashlib.sha256(salt.encode("utf-8"))
    for module in modules:
        spec = importlib.util.find_spec(f"factcheck.{module}")
        if spec is None or spec.origin is None:  # pragma: no cover - the package is always complete
            raise RuntimeError(f"factcheck.{module} is missing")
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _scoring_code_key() -> str:
    """A digest of the modules that set claims against each other beyond those event_rules_key and rules_key cover."""
    return _modules_key(("scoring", "models"))


@functools.cache
def time_rules_key() -> str:
    """A digest of the modules that read times, so cached times are read again when a rule changes."""
    return _modules_key(("temporal", "timing", "dating", "wording", "timeline"))


@functools.cache
def _event_code_key() -> str:
    """A digest of the modules that read events and of pycountry's version, whose country names they know."""
    return _modules_key(("events", "eventvocab"), PYCOUNTRY_VERSION)


def event_rules_key(vocabulary: Vocabulary) -> str:
    """What cached event signatures depend on: the code that reads them and the vocabulary files it reads with."""
    return f"{_event_code_key()}:{vocabulary.fingerprint}"


def rules_key(vocabulary: Vocabulary) -> str:
    """What cached times and dates depend on: the code that reads them and the vocabulary files it reads with."""
    return f"{time_rules_key()}:{vocabulary.fingerprint}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _mention_json(m: TimeMention, offset: int = 0) -> list:
    """A mention as a cache row, its offsets counted from `offset`."""
    return [m.start - offset, m.end - offset, m.text, m.value, m.precision, m.earliest and m.earliest.isoformat(),
            m.latest and m.latest.isoformat(), m.vague, m.relative]


def _mention(row: list, offset: int = 0) -> TimeMention:
    """A mention from a cache row whose offsets count from `offset`."""
    start, end, text, value, precision, earliest, latest, vague, relative = row
    return TimeMention(start + offset, end + offset, text, value, precision,
                       earliest and dt.date.fromisoformat(earliest), latest and dt.date.fromisoformat(latest), vague,
                       relative)


def _claim_file_indexes(ledger: Ledger) -> list[tuple[int, object]]:
    """(file index, claim) pairs; claims that failed validation are absent from ledger.claims but keep indexes."""
    if ledger.tree is None:  # restored from the cache, which holds only files where every claim is valid
        return list(enumerate(ledger.claims))
    return [(ledger.file_index(claim.id), claim) for claim in ledger.claims]


def _claim_pos(ledger: Ledger, claim_id: str) -> int:
    """A claim's index in the file's list of claims (invalid ones count), for positions and messages."""
    return ledger.file_index(claim_id)


def locate_quote(quote: str, source: Source) -> tuple[Anchor | None, Anchor | None]:
    """Anchor a quote in the article text; when it fails, the best place it could be (maybe non-article text)."""
    exclude = [(r.start, r.end) for r in source.not_article]
    anchor = anchor_quote(quote, source.body, exclude=exclude)
    if anchor is not None:
        return anchor, None
    if exclude:
        elsewhere = anchor_quote(quote, source.body)
        if elsewhere is not None:
            return None, elsewhere
    return None, closest_passage(quote, source.body, exclude=exclude)


def _anchor_diagnostics(
    ledger: Ledger, loc: tuple, ci: int, ei: int, check: EvidenceCheck, source: Source
) -> list[Diagnostic]:
    where = f"claims[{ci}].evidence[{ei}].quote"
    anchor, closest = check.anchor, check.closest
    if anchor is None:
        region = region_at(source.not_article, closest.start, closest.end) if closest else None
        if closest is not None and region is not None and closest.similarity >= 0.85:
            check.problem = f"quote lies in non-article text ({region.reason})"
            return [
                ledger.diagnostic(
                    (*loc, "quote"),
                    f"{where}: quote lies in non-article text of source {source.id} ({region.reason}), "
                    "which is never evidence; quote the article itself",
                    title="quote in non-article text",
                    fingerprint=_evidence_key(check),
                )
            ]
        check.problem = "quote not found in the source"
        hint = f'; closest passage (similarity {closest.similarity:.2f}): "{_clip(closest.exact)}"' if closest else ""
        return [
            ledger.diagnostic(
                (*loc, "quote"),
                f"{where}: quote not found in source {source.id}{hint}",
                title="quote not found",
                fingerprint=_evidence_key(check),
            )
        ]
    if anchor.method == "fuzzy":
        return [
            ledger.diagnostic(
                (*loc, "quote"),
                f"{where}: quote drifted from source {source.id} (similarity {anchor.similarity:.2f}); "
                f'the source reads "{_clip(anchor.exact)}"; copy its words into the quote',
                severity="warning",
                title="quote drift",
                fingerprint=_evidence_key(check),
            )
        ]
    return []


def _evidence_key(check: EvidenceCheck) -> str:
    """What names an evidence item whatever its place in the file: its claim, source and quote."""
    return "\0".join((check.claim_id, check.source_id, check.quote))


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def conflict_diagnostics(result: CheckResult) -> list[Diagnostic]:
    """An error for each open conflict and a note for each resolved one, at the claim that carries it."""
    out = []
    ledger = result.ledger
    for conflict in result.conflicts:
        # At the claim its reason names first (the weak one of a restatement), else the first member.
        named = [m for m in conflict.claims if f"'{m}'" in conflict.reason]
        anchor_claim = min(named, key=lambda m: conflict.reason.index(f"'{m}'")) if named else conflict.claims[0]
        loc: tuple = ("claims", _claim_pos(ledger, anchor_claim), "id")
        for member in conflict.claims:
            claim = next(c for c in ledger.claims if c.id == member)
            others = [m for m in conflict.claims if m != member]
            if any(o in claim.conflicts_with for o in others):
                loc = ("claims", _claim_pos(ledger, member), "conflicts_with")
                break
        members = " vs ".join(f"'{m}'" for m in conflict.claims)
        if conflict.status == "open":
            out.append(
                ledger.diagnostic(
                    loc,
                    f"open conflict {conflict.id} ({conflict.kind}): {members}: {conflict.reason}; resolve it by "
                    f"adding `- conflict: {conflict.id}` with outcome, by, date and note under `resolutions:`",
                    title="open conflict",
                    rule=open_conflict_rule(conflict.kind),
                    fingerprint=conflict.id,
                )
            )
        elif conflict.resolution is None:
            out.append(ledger.diagnostic(loc, f"conflict {conflict.id} {members}: {conflict.reason}",
                                         severity="note", title="settled by time", fingerprint=conflict.id))
        else:
            res = conflict.resolution
            out.append(
                ledger.diagnostic(
                    loc,
                    f"conflict {conflict.id} ({conflict.kind}) {members} resolved as {res.outcome} "
                    f"by {res.by} on {res.date.isoformat()}",
                    severity="note",
                    title="resolved conflict",
                    fingerprint=conflict.id,
                )
            )
    return out


# ---------------------------------------------------------------- evidence discovery

# Lexical candidates read closely per claim: enough for recall, few enough for 100 ms a claim. A larger --top
# widens both pools, so no fixed number limits what it can reach.
SUGGEST_CANDIDATES = 40
# Whole articles ranked by BM25 per claim (at least one more than --top), the best passages of each read closely:
# on FNC-1 development headlines 12 and 20 find the same articles in a top 5 or 10 (recall@5 0.525, @10 0.728 and
# 0.727), and 12 reads fewer passages.
SUGGEST_ARTICLES = 12
# Pseudo-relevance feedback when articles are ranked: the shared words of the best FEEDBACK_ARTICLES articles (at most
# FEEDBACK_TERMS) query the articles again, and the two scores are mixed half and half. Chosen on FNC-1 development
# headlines (python -m tests.eval_fnc): 3/8/0.5, 3/8/0.3, 5/10/0.5, 5/10/0.7 and 5/15/0.5 gave recall@10 0.738,
# 0.730, 0.738, 0.734 and 0.734 (0.726 without; BM25 0.721), and recall@1 0.186, 0.192, 0.191, 0.170 and 0.184 (0.197).
FEEDBACK_ARTICLES = 5
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 0.5
# Passages of each ranked article read: its best by BM25 may not be the one that bears on the claim most (1 gave
# recall@10 0.704 on FNC-1 development headlines, 2 gave 0.726, 4 gave 0.725 at half the speed).
ARTICLE_PASSAGES = 2
# From this many claims, suggest judges half of them in a forked process (at 2,000 sources, judging is some 20 ms a
# claim and a fork some 10 ms).
SUGGEST_AHEAD = 8


def _article_pool(rows: dict[int, dict], size: int) -> dict[int, dict]:
    """The passages read closely when articles are ranked: every article's best, then the best others up to `size`."""
    ordered = sorted(rows.values(), key=lambda r: (r["rank"], r["source_id"], r["start"]))
    firsts: dict[str, dict] = {}
    for row in ordered:
        firsts.setdefault(row["source_id"], row)
    chosen = {id(row) for row in firsts.values()}
    others = [row for row in ordered if id(row) not in chosen][: max(0, size - len(firsts))]
    return {row["id"]: row for row in [*firsts.values(), *others]}


def _article_scores(found: list[dict]) -> dict[str, float]:
    """Each found article's BM25 as a share of the best one's (FTS5 ranks are negative: lower is better)."""
    best = min((r["rank"] for r in found), default=0.0)
    return {r["source_id"]: r["rank"] / best if best < 0 else 0.0 for r in found}


def suggest_evidence(
    paths: ProjectPaths,
    claim_ids: list[str] | None = None,
    top: int = 5,
    progress: Progress | None = None,
    notice: Progress | None = None,
    per_source: int | None = None,
) -> dict[str, list[Suggestion]]:
    """For each claim (or the named ones), passages from any source that may bear on it, best first.

    Passages the claim already cites, and suggestions a reviewer rejected (rejected.yaml), are left out. When more
    sources match than `top`, or with `per_source`, whole articles are ranked (BM25 over each source's article
    text, fused with the passage's own score); `per_source` keeps at most that many passages of one source.
    """
    from factcheck.discovery import ArticleReader, Candidate, feedback_terms, own_terms, rank_candidates, search_terms

    _require_project(paths)

    # One cache for the check and the search: a cache done without (in memory) must hold the passages it indexed.
    def suggest(store: Store) -> dict[str, list[Suggestion]]:
        result = check_project(paths, progress, store=store)
        claims = result.ledger.claims
        if claim_ids:
            known = {c.id: c for c in claims}
            for claim_id in claim_ids:
                if claim_id not in known:
                    raise ClaimNotFoundError(
                        f"{paths.shown(paths.claims)}: no claim with id '{claim_id}'"
                        f"{_did_you_mean(claim_id, list(known))}"
                    )
            claims = [known[c] for c in dict.fromkeys(claim_ids)]
        rejected = load_rejections(paths.root / REJECTED_FILE, REJECTED_FILE)
        vocabulary = result.vocabulary
        references: dict[str, Reference | None] = {}

        def reference(source_id: str) -> Reference | None:
            if source_id not in references:
                source = result.sources[source_id]
                inferred = result.inferred_dates.get(source_id) or infer_dates(
                    [source], store, vocabulary=vocabulary
                ).get(source_id)
                references[source_id] = source_reference(source, inferred)
            return references[source_id]

        sentences: dict[str, list[str]] = {}

        def article_sentences(source_id: str) -> list[str]:
            if source_id not in sentences:
                source = result.sources[source_id]
                sentences[source_id] = [p.text for p in segment(source.id, source.body, source.not_article)
                                        if p.kind == "sentence"]
            return sentences[source_id]

        read_in_article = ArticleReader(article_sentences, vocabulary=vocabulary)
        # A passage found for several claims is read once: its events, and its times (which quote_times reads from
        # the passage alone, so they are kept with offsets from its start).
        events: dict[str, EventSignature] = {}
        wordings: dict[str, list[WordingFinding]] = {}
        passage_times: dict[tuple[str, Reference | None], list[TimeMention]] = {}

        def times_of(row: dict) -> list[TimeMention]:
            key = (row["text"], reference(row["source_id"]))
            if key not in passage_times:
                passage_times[key] = quote_times(row["text"], 0, 0, row["end"] - row["start"], key[1],
                                                 vocabulary=vocabulary)
            return [dataclasses.replace(m, start=m.start + row["start"], end=m.end + row["start"])
                    for m in passage_times[key]]

        found: list[tuple[Claim, ClaimTime, list[tuple[dict, float | None]]]] = []
        for claim in claims:
            cited = [
                (c.source_id, c.anchor.start, c.anchor.end) for c in result.checks_for(claim.id) if c.anchor
            ]
            candidates = []
            rows: dict[int, dict] = {}
            pool = max(SUGGEST_CANDIDATES, 2 * top)
            expanded = search_terms(claim.text, synonyms=vocabulary.synonyms)
            found_articles = store.search_documents(expanded, limit=max(SUGGEST_ARTICLES, top + 1))
            # Articles are ranked when more of them match than the list can show, since which articles it reaches
            # then matters most (1,472 news bodies: recall@10 of distinct articles 0.660 -> 0.726 on FNC-1
            # development headlines, BM25 0.721); when it can show every one (a project about one story), only
            # the order of passages is left to decide, and several passages of one article may each bear on it.
            rank_articles = bool(per_source) or len(found_articles) > top
            articles: dict[str, float] = {}
            if rank_articles:
                # The best articles by BM25 over the whole article, each read at its best few passages.
                articles = _article_scores(found_articles)
                # The best articles name what the claim leaves out; a second query with their shared words reaches
                # articles on the same story in other words (FNC-1 development recall@10 0.726 -> 0.738).
                best_texts = [" ".join(article_sentences(r["source_id"])) for r in found_articles[:FEEDBACK_ARTICLES]
                              if r["source_id"] in result.sources]
                feedback = feedback_terms(best_texts, set(expanded), FEEDBACK_TERMS)
                if feedback:
                    again = _article_scores(store.search_documents([*expanded, *feedback], limit=len(found_articles)))
                    merged = {source_id: (1 - FEEDBACK_WEIGHT) * articles.get(source_id, 0.0)
                              + FEEDBACK_WEIGHT * again.get(source_id, 0.0) for source_id in {*articles, *again}}
                    kept = sorted(merged, key=lambda source_id: (-merged[source_id], source_id))[:len(found_articles)]
                    articles = {source_id: merged[source_id] for source_id in kept}
                each = max(per_source or 1, ARTICLE_PASSAGES)
                queries = [(expanded, each * len(articles), list(articles), each)]
            else:
                # The claim's own words find what is specific to it; the expanded query finds it in other words.
                queries = [(own_terms(claim.text), pool // 2, None, None), (expanded, pool, None, None)]
            for terms, limit, within, each in queries:
                if within is not None and not within:
                    continue
                found_rows = store.search_passages(terms, limit=limit, snippets=False, source_ids=within,
                                                   per_source=each)
                best = min((r["rank"] for r in found_rows), default=0.0)
                for r in found_rows:
                    lexical = r["rank"] / best if best < 0 else 0.0
                    if r["id"] not in rows or rows[r["id"]]["lexical"] < lexical:
                        rows[r["id"]] = {**r, "lexical": lexical}
            if rank_articles:
                rows = _article_pool(rows, len(articles) + 2 * top)
            for row in rows.values():
                if row["source_id"] not in result.sources:
                    continue
                if any(sid == row["source_id"] and s < row["end"] and row["start"] < e for sid, s, e in cited):
                    continue
                if rejection_key(claim.id, row["source_id"], row["text"]) in rejected:
                    continue
                reference(row["source_id"])  # read here, where the cache is open: judging reads no cache
                candidates.append((row, articles.get(row["source_id"], 0.0) if rank_articles else None))
            when = result.claim_times.get(claim.id) or claim_time(claim, vocabulary=vocabulary)
            found.append((claim, when, candidates))

        def judge(part: list[tuple[Claim, ClaimTime, list[tuple[dict, float | None]]]]) -> dict[str, list[Suggestion]]:
            judged = {}
            for claim, when, kept in part:
                candidates = [Candidate(row["source_id"], row["start"], row["end"], row["text"], row["rank"],
                                        times_of(row), row["lexical"], article) for row, article in kept]
                ranked = rank_candidates(claim.text, when, candidates, top, vocabulary=vocabulary,
                                         per_source=per_source, events=events, wordings=wordings)
                # The rules judged each passage alone; its article may deny or relay what the passage says.
                judged[claim.id] = read_in_article(claim.text, ranked)
            return judged

        # Judging the candidates reads only what is in memory (no cache): for many claims, a forked process judges
        # the second half while this one judges the first. Each claim is judged alone, so the output is the same.
        half = len(found) // 2 if len(found) >= SUGGEST_AHEAD else len(found)
        later = workers.ahead(judge, found[half:]) if half < len(found) else None
        out = judge(found[:half])
        rest = later.result() if later is not None else None
        out.update(rest if rest is not None else judge(found[half:]))
        return {claim.id: out[claim.id] for claim, _, _ in found}

    return with_cache(paths, notice, suggest)


@dataclass(frozen=True)
class SearchHit:
    """One passage found by `search`: where it is, in which source, and a snippet with the matches marked."""

    source: str
    publisher: str | None
    published: str | None
    start: int
    end: int
    text: str
    snippet: str  # matched words between \x01 and \x02
    score: float  # BM25 as FTS5 reports it: lower is better


_QUOTED = re.compile(r'"([^"]+)"')


def query_terms(query: str) -> list[str]:
    """A search box's words: "quoted phrases" stay phrases, other words stand alone."""
    phrases = _QUOTED.findall(query)
    rest = _QUOTED.sub(" ", query)
    return [*phrases, *(w for w in re.findall(r"[\w'’-]+", rest) if any(ch.isalnum() for ch in w))]


def search_project(
    paths: ProjectPaths,
    query: str,
    *,
    source_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    top: int = 10,
    per_source: int | None = None,
    progress: Progress | None = None,
    notice: Progress | None = None,
) -> list[SearchHit]:
    """Article passages (sentences) matching a query, best first: those with every word, then those with some."""
    asked = SearchQuery(query, source_id=source_id, since=since, until=until, top=top, per_source=per_source)
    return search_project_many(paths, [asked], progress=progress, notice=notice)[0]


@dataclass(frozen=True)
class SearchQuery:
    """One query of a batch search, with its filters."""

    query: str
    source_id: str | None = None
    since: str | None = None
    until: str | None = None
    top: int = 10
    per_source: int | None = None  # at most this many passages of one source


def search_project_many(
    paths: ProjectPaths,
    queries: Sequence[SearchQuery],
    *,
    progress: Progress | None = None,
    notice: Progress | None = None,
) -> list[list[SearchHit]]:
    """Each query's passages, as `search_project` finds them, with the sources loaded and indexed once."""
    say = progress or (lambda _message: None)

    def search(store: Store) -> list[list[dict]]:
        sources, problems = load_project_sources(paths, store, say)
        for asked in queries:
            if asked.source_id and asked.source_id not in sources:
                raise SourceNotFoundError(
                    f"no source '{asked.source_id}' in {paths.shown(paths.sources)}"
                    f"{_did_you_mean(asked.source_id, list(sources))}"
                )
        origins = project_origins(sources, store)
        store.sync_sources(list(sources.values()), origins.origin_of, passage_rows)
        return [_search(store, asked) for asked in queries]

    found = with_cache(paths, notice, search)
    tell = notice or (lambda _message: None)
    for asked, result in zip(queries, found, strict=True):
        for message in _common_notes(asked.query, result):
            tell(message)
    return [
        [SearchHit(r["source_id"], r["publisher"], r["published"], r["start"], r["end"], r["text"], r["snippet"],
                   r["rank"]) for r in result.rows[:asked.top]]
        for asked, result in zip(queries, found, strict=True)
    ]


def _rarest_terms(counts: dict[str, int], terms: list[str]) -> list[str]:
    """The terms the any-word search ranks by: the rarest ones, as many as COMMON_PASSAGES passages hold together (the
    rarest alone when it is more common than that), in the query's order; the others are left out."""
    kept: set[str] = set()
    total = 0
    for term in sorted(counts, key=lambda t: (counts[t], terms.index(t))):
        if kept and total + counts[term] > COMMON_PASSAGES:
            break
        kept.add(term)
        total += counts[term]
    return [term for term in terms if term in kept]


def _common_notes(query: str, result: SearchRows) -> list[str]:
    """What a search left unranked because words were very common, as notes for stderr."""
    notes = []
    query = printable(query)
    if result.common:
        words = ", ".join(printable(repr(w)) for w in result.common)
        notes.append(f"note: search {query!r}: passages with some of its words were found by its rarer words only; "
                     f"{words} {'is' if len(result.common) == 1 else 'are'} too common (more than "
                     f"{COMMON_PASSAGES:,} passages with the rarer ones)")
    if result.capped:
        notes.append(f"note: search {query!r}: more than {COMMON_PASSAGES:,} passages match: the best of the first "
                     f"{COMMON_PASSAGES:,} in the cache's order are shown")
    return notes


# A word in more than this many indexed passages (sentences and paragraphs) is very common: FTS5 scores every match
# before it sorts (about 1.2 µs each), so the search caps what it ranks (README, "Searching a large archive").
COMMON_PASSAGES = 15_000


@dataclass
class SearchRows:
    """One query's rows, and what the search left unranked because words were very common."""

    rows: list[dict]
    common: list[str] = field(default_factory=list)  # words left out of the any-word search
    capped: bool = False  # only the first COMMON_PASSAGES matches of a search were ranked


def _search_rows(store: Store, asked: SearchQuery) -> list[dict]:
    """One query's rows: those with every word first, as a search box does; then any word, ranked by BM25."""
    return _search(store, asked).rows


def _search(store: Store, asked: SearchQuery) -> SearchRows:
    """_search_rows, with what very common words left out (COMMON_PASSAGES)."""
    terms = query_terms(asked.query)
    filters = {"source_id": asked.source_id, "since": asked.since, "until": asked.until, "limit": asked.top,
               "per_source": asked.per_source, "cap": COMMON_PASSAGES}
    rows: dict[int, dict] = {}
    out = SearchRows([])
    # Each word's passages, counted up to the cap (0.05 µs a match): within one source every word is cheap, since
    # only that source's passages are scored, so nothing is counted there.
    counts = {t: store.count_passages(t, COMMON_PASSAGES) for t in terms} if len(terms) > 1 and not asked.source_id \
        else {}
    if len(terms) > 1:
        every = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        # Passages with every word are no more than those with its rarest word: within the cap, none are counted.
        rarest = min((n for t, n in counts.items() if any(ch.isalnum() for ch in t)), default=None)
        for row in store.search_passages([every], raw=True, at_most=rarest, **filters):
            rows[row["id"]] = row
    if len(rows) < asked.top:
        some = _rarest_terms(counts, terms) if counts else terms
        out.common = list(dict.fromkeys(t for t in terms if t not in some))
        shown = Counter(row["source_id"] for row in rows.values())
        # Asked for as many more as were found already: those found again are skipped.
        at_most = sum(counts[t] for t in some) if counts else None
        for row in store.search_passages(some, at_most=at_most, **{**filters, "limit": asked.top + len(rows)}):
            if row["id"] in rows or (asked.per_source and shown[row["source_id"]] >= asked.per_source):
                continue
            shown[row["source_id"]] += 1
            rows[row["id"]] = row
    out.rows = list(rows.values())
    out.capped = any(row.get("capped") for row in out.rows)
    return out


# ---------------------------------------------------------------- pins and drift


@dataclass(frozen=True)
class QuoteDrift:
    """What became of one quote in a changed source: unchanged, moved, changed (with the words) or lost."""

    claim_id: str
    index: int
    source_id: str
    quote: str
    status: str  # unchanged | moved | intact (words found; place in the pinned version unknown) | changed | lost
    before: tuple[int, int] | None
    after: tuple[int, int] | None
    similarity: float | None = None
    diff: str = ""


@dataclass(frozen=True)
class SourceState:
    """One source's pins: its body against `sha256`, its kept original against `original_sha256`."""

    source_id: str
    path: str
    body: str  # pinned | changed | unpinned
    original: str | None  # pinned | changed | missing | None (no original kept)
    pinned_sha256: str | None
    body_sha256: str
    line: int | None = None  # of the `sha256:` line, for messages


@dataclass
class Verification:
    """Every source's pin state and, for changed ones, what became of each quote citing them."""

    result: CheckResult
    sources: list[SourceState]
    quotes: list[QuoteDrift]
    orphans: list[str] = field(default_factory=list)  # kept originals with no source beside them

    @property
    def clean(self) -> bool:
        """Nothing unpinned, nothing changed."""
        return all(s.body == "pinned" and s.original in (None, "pinned") for s in self.sources)


def verify_sources(
    paths: ProjectPaths, progress: Progress | None = None, notice: Progress | None = None
) -> Verification:
    """Re-hash every source (body and kept original) and say what became of the quotes in changed ones.

    The report follows from the files alone: where a quote stood in the pinned version comes from the kept
    original (when making its body again gives the pinned one), never from what the cache happened to see.
    """
    from factcheck.intake import kept_original_body, orphan_originals

    result = check_project(paths, progress, notice)
    states = []
    for source in sorted(result.sources.values(), key=lambda s: s.id):
        body = "unpinned" if source.meta.sha256 is None else "pinned" if source.pinned else "changed"
        line = _front_matter_line(paths.root / source.path, "sha256") if body != "pinned" else None
        states.append(SourceState(source.id, source.path, body, _original_state(paths, source),
                                  source.meta.sha256, source.body_sha256, line))
    drifts: list[QuoteDrift] = []
    for state in states:
        if state.body != "changed":
            continue
        source = result.sources[state.source_id]
        pinned_body = next(
            (b for original in sorted(paths.sources.glob(f"{source.id}.orig.*"))
             if (b := kept_original_body(original, state.pinned_sha256 or "", (None, source.meta.url)))),
            None,
        )
        for check in result.checks:
            if check.source_id == source.id:
                # The pinned version's regions are not known: its anchor is sought in the whole pinned body.
                old = anchor_quote(check.quote, pinned_body) if pinned_body is not None else None
                drifts.append(_drift(check, old, known=pinned_body is not None))
    orphans = [paths.shown(p) for p in orphan_originals(paths.sources)]
    return Verification(result, states, drifts, orphans)


def _original_state(paths: ProjectPaths, source: Source) -> str | None:
    pinned = getattr(source.meta, "original_sha256", None)
    if not pinned:
        return None
    kept = sorted(paths.sources.glob(f"{source.id}.orig.*"))
    if not kept:
        return "missing"
    # Any of them: a `source add --replace` killed before removing the other kind's original leaves two.
    return "pinned" if any(hashlib.sha256(k.read_bytes()).hexdigest() == pinned for k in kept) else "changed"


def _drift(check: EvidenceCheck, old: Anchor | None, known: bool) -> QuoteDrift:
    """What became of a quote, given its anchor in the pinned version (`known`: whether that version was read)."""
    before = (old.start, old.end) if old else None
    now = check.anchor
    if now is None:
        return QuoteDrift(check.claim_id, check.index, check.source_id, check.quote, "lost", before, None)
    after = (now.start, now.end)
    if now.method == "fuzzy":
        return QuoteDrift(check.claim_id, check.index, check.source_id, check.quote, "changed", before, after,
                          now.similarity, word_diff(check.quote, now.exact))
    status = "intact" if before is None else "unchanged" if before == after else "moved"
    return QuoteDrift(check.claim_id, check.index, check.source_id, check.quote, status, before, after)


def word_diff(old: str, new: str) -> str:
    """The words that differ, as '-old +new' runs: "-signed +inked"."""
    import difflib

    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.append("-" + " ".join(a[i1:i2]))
        if op in ("replace", "insert"):
            out.append("+" + " ".join(b[j1:j2]))
    return " ".join(out)


def verification_diagnostics(verification: Verification) -> list[Diagnostic]:
    """Compiler-style lines: an error per unpinned or changed source, and a line per quote in a changed one."""
    out = []
    for state in verification.sources:
        if state.body == "unpinned":
            out.append(Diagnostic(state.path, state.line, None, "error",
                                  f"source {state.source_id} is not pinned: review it, then run "
                                  f"`factcheck source pin {state.source_id}`", title="unpinned source"))
        elif state.body == "changed":
            out.append(Diagnostic(state.path, state.line, None, "error",
                                  f"body of source {state.source_id} changed since its pin (pinned "
                                  f"{(state.pinned_sha256 or '')[:12]}, now {state.body_sha256[:12]}); review the "
                                  f"quotes below, then run `factcheck source pin {state.source_id}`",
                                  title="source changed"))
        if state.original in ("changed", "missing"):
            out.append(Diagnostic(state.path, None, None, "error",
                                  f"the kept original of {state.source_id} is {state.original} "
                                  "(original_sha256 no longer matches): the record of what was taken in is lost",
                                  title="original changed"))
    ledger = verification.result.ledger
    for drift in verification.quotes:
        loc = ("claims", _claim_pos(ledger, drift.claim_id), "evidence", drift.index, "quote")
        where = f"claims[{_claim_pos(ledger, drift.claim_id)}].evidence[{drift.index}].quote"
        if drift.status == "lost":
            message = (f"{where}: lost (an orphan) in {drift.source_id}: \"{_clip(drift.quote, 80)}\" is no longer "
                       "in the source; find its new words or remove the item")
            severity = "error"
        elif drift.status == "changed":
            message = (f"{where}: changed in {drift.source_id} (similarity {drift.similarity:.2f}), now at "
                       f"{_span(drift.after)}: {drift.diff}")
            severity = "warning"
        elif drift.status == "moved":
            message = f"{where}: moved in {drift.source_id}: {_span(drift.before)} → {_span(drift.after)}, words intact"
            severity = "note"
        elif drift.status == "intact":
            message = (f"{where}: words intact in {drift.source_id}, now at {_span(drift.after)} (where they stood "
                       "in the pinned version is not known: no kept original gives its text)")
            severity = "note"
        else:
            message = f"{where}: unchanged in {drift.source_id} at {_span(drift.after)}"
            severity = "note"
        out.append(ledger.diagnostic(loc, message, severity, title=f"quote {drift.status}"))
    for shown in verification.orphans:
        source_id = Path(shown).name.split(".orig.", 1)[0]
        out.append(Diagnostic(shown, None, None, "warning",
                              f"kept original with no {source_id}{SOURCE_SUFFIX} beside it (an interrupted `source "
                              f"add`?): take it in again with `factcheck source add {shown} --id {source_id}`, or "
                              "delete it", title="orphan original"))
    return out


def _span(offsets: tuple[int, int] | None) -> str:
    return f"{offsets[0]}–{offsets[1]}" if offsets else "?"


# ---------------------------------------------------------------- diff between revisions


def diff_project(
    root: Path,
    base: str | None = None,
    head: str | None = None,
    db: Path | None = None,
    progress: Progress | None = None,
    notice: Progress | None = None,
) -> LedgerDiff:
    """What the change from git revision `base` (HEAD if None) to `head` (the working tree if None) does to the ledger.

    Revisions are read from git, never checked out, into `<db>.revisions/` beside the cache, and checked there on
    a cache of their own: the first made as a copy of the project's, so rows of files that did not change are
    reused, and kept, like the files, so the next diff writes and computes only what changed. The project's own
    cache keeps saying what the working tree says.
    """
    from factcheck.ledgerdiff import LedgerDiff, Side, diff_results  # diff's, not check's

    say = progress or (lambda _message: None)
    if not root.is_dir():
        raise ProjectNotFoundError(f"{root}: no such folder: name the project's folder with --project")
    repo = find_repository(root)
    base_name = base if base is not None else "HEAD"
    try:
        base_commit: str | None = resolve_revision(repo, base_name)
    except InvalidRevisionError:
        if base is not None:
            raise
        base_commit = None  # a repository with no commit yet: everything in the working tree is new
    head_commit = resolve_revision(repo, head) if head is not None else None
    paths = ProjectPaths.at(root, db)
    if head_commit is None:  # first, so a new revisions cache is a copy of one that is up to date
        say("checking the working tree")
        head_result, head_side = _check_side(
            "the working tree", lambda: check_project(paths, progress, notice, keep_going=True)
        )
    with revision_space(Path(f"{paths.db}.revisions")) as space:
        cache = space / "cache.db"
        if not cache.exists():
            copy_cache(paths.db, cache)
        if head_commit is not None:
            assert head is not None
            head_result, head_side = _check_revision(repo, head, head_commit, space / "head", cache, progress)
        if base_commit is None:
            base_result, base_side = None, Side("HEAD (no commit yet)", "absent")
        else:
            base_result, base_side = _check_revision(repo, base_name, base_commit, space / "base", cache, progress)
    if base_side.state == head_side.state == "absent":
        raise ProjectNotFoundError(
            f"{root}: not a factcheck project in {base_side.name} nor in {head_side.name} (no claims.yaml, no "
            "sources/): run factcheck diff in a project folder or name one with --project"
        )
    if "unreadable" in (base_side.state, head_side.state):  # comparing with what could not be read would mislead
        return LedgerDiff(base=base_side, head=head_side)
    return diff_results(base_result, head_result, base_side=base_side, head_side=head_side)


# What a check reads of a project: a revision's other files are not exported.
REVISION_PARTS = (CLAIMS_FILE, "sources", RULES_DIR)


def _check_revision(
    repo: Repository, name: str, commit: str, project: Path, db: Path, progress: Progress | None
) -> tuple[CheckResult | None, Side]:
    """Check the project as it is at one commit, from its files in git; absent when it did not exist there."""
    from factcheck.ledgerdiff import Side

    short = short_hash(repo, commit)
    label = short if commit.startswith(name.lower()) else f"{name} ({short})"  # a hash is not named twice
    if not export_project(repo, commit, project, REVISION_PARTS):
        return None, Side(label, "absent")
    ProjectPaths.at(project).sources.mkdir(exist_ok=True)  # git keeps no empty folder: a ledger with no source yet
    if progress:
        progress(f"checking {label}")
    return _check_side(
        label, lambda: check_project(ProjectPaths.at(project, db), progress, None, keep_going=True), project
    )


def _check_side(
    label: str, check: Callable[[], CheckResult], root: Path | None = None
) -> tuple[CheckResult | None, Side]:
    """Run one side's check: its result, or why it could not be checked; paths under `root` (where a revision's
    files were written) are named from the project, as in that revision."""
    from factcheck.ledgerdiff import Side

    try:
        result = check()
        if result.ledger.problems and result.ledger.tree is None:  # claims.yaml refused whole (bad YAML ...)
            errors = [d.format() for d in result.ledger.problems if d.severity == "error"]
            return None, Side(label, "unreadable", tuple(errors))
        return result, Side(label)
    except ProjectNotFoundError:
        return None, Side(label, "absent")
    except FactcheckError as exc:
        lines = [d.format() for d in exc.diagnostics] or [str(exc)]
        if root is not None:
            where = str(root)
            lines = [line.replace(where + os.sep, "").replace(where, ".") for line in lines]
        return None, Side(label, "unreadable", tuple(lines))
