"""Report files → warehouse: walk, hash, parse each file in isolation, load, relink.

Every run works on a copy of the warehouse in the same directory and `os.replace`s the
target only after the copy was written, checkpointed and closed, so a crash or kill at any
point leaves the previous warehouse as it was.

Per file (identity = resolved path, version = SHA-256 of the bytes):
- same path, same hash as loaded → `unchanged`, nothing is re-parsed;
- same path, new hash → `replaced`: its earlier reports (and their rows) are removed first;
- a hash already loaded under another path → `duplicate`, not loaded twice (report ids come
  from the content, and the same report counted twice would double every total);
- unreadable, unparseable or without any report → `rejected`, with a reason naming the file
  and the place; a rejected new version of a loaded file leaves the earlier reports in place.
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from tqdm import tqdm

from etl import warehouse
from etl.errors import ReadError
from etl.extract import NO_FORM, extract_file
from etl.linking import cluster_units, link_projects, unit_id
from etl.readers.convert import sweep_leftovers
from etl.records import ParseResult
from etl.scoring.audit import audit
from etl.scoring.facts import report_facts
from etl.scoring.profiles import get_profile, load_profiles, load_warning_thresholds
from etl.scoring.recompute import recompute
from etl.scoring.warnings import report_warnings
from etl.taxonomy import indicator_key
from etl.worker import Budget, BudgetedReader, WorkerCrash, describe_crash


@dataclass
class FileOutcome:
    """What happened to one file in one run (one `ingest_log` row)."""

    file: str
    hash: str | None
    status: str  # loaded / replaced / unchanged / duplicate / rejected
    reason: str | None = None
    n_reports: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestSummary:
    """Counts of one run. `loaded` includes `replaced`; `unchanged` includes `duplicates`."""

    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    n_reports: int = 0  # reports written by this run
    warehouse_reports: int = 0  # reports in the warehouse after this run
    outcomes: list[FileOutcome] = field(default_factory=list)  # every file, for the log

    def add(self, outcome: FileOutcome) -> None:
        """Keep and count one file's outcome."""
        self.outcomes.append(outcome)
        if outcome.status in ("loaded", "replaced"):
            self.loaded += 1
            self.replaced += outcome.status == "replaced"
            self.n_reports += outcome.n_reports
        elif outcome.status in ("unchanged", "duplicate"):
            self.unchanged += 1
            self.duplicates += outcome.status == "duplicate"
        else:
            self.rejected += 1

    @property
    def rejects(self) -> list[tuple[str, str]]:
        """(file, reason) of every rejected file."""
        return [(o.file, o.reason or "") for o in self.outcomes if o.status == "rejected"]

    @property
    def exit_code(self) -> int:
        """0 when every file was loaded or unchanged, 2 when any was rejected."""
        return 2 if self.rejected else 0

    def lines(self) -> list[str]:
        """A human-readable summary, one line per fact, rejects last."""
        out = [
            f"loaded {self.loaded} file(s) ({self.replaced} replacing an earlier version), "
            f"{self.n_reports} report(s)",
            f"unchanged {self.unchanged} file(s) ({self.duplicates} duplicate content)",
            f"rejected {self.rejected} file(s)",
            f"warehouse now holds {self.warehouse_reports} report(s)",
        ]
        out += [f"  rejected: {reason}" for _, reason in self.rejects]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


# Told each file's outcome as the run goes: (outcome, files done, files in the run).
OnFile = Callable[[FileOutcome, int, int], None]


@dataclass(frozen=True)
class _RunOptions:
    progress: bool | None
    budget: Budget
    loaded_by: str | None
    on_file: OnFile | None = None


def ingest_paths(
    paths: list[Path],
    db: Path,
    progress: bool | None = None,
    budget: Budget | None = None,
    loaded_by: str | None = None,
    on_file: OnFile | None = None,
) -> IngestSummary:
    """Load files and folders into the warehouse at `db` (created when missing).

    progress: show a tqdm bar; None means "when stderr is a terminal".
    budget: the time and memory one file may take to read (etl/worker.py defaults).
    loaded_by: who runs it, for the ingest log (default: the operating-system user).
    on_file: called after each file is read (a progress display elsewhere).
    """
    options = _RunOptions(progress, budget or Budget(), loaded_by or _os_user(), on_file)
    return _run(paths, db, False, options)


def build_warehouse(
    raw_dir: Path, db: Path, progress: bool | None = None, budget: Budget | None = None
) -> IngestSummary:
    """Rebuild the warehouse at `db` from scratch out of every report file under `raw_dir`."""
    return _run([raw_dir], db, True, _RunOptions(progress, budget or Budget(), _os_user()))


def _os_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (a container without an /etc/passwd entry)
        return None


# --- files -----------------------------------------------------------------------------


def discover(paths: list[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """(files to ingest, rejections for paths that cannot be read). Folders are walked in
    name order, skipping hidden entries, JSON (gold answers) and Office lock files; files
    named explicitly are always taken. Each file appears once. A path that does not exist
    and a symbolic link whose target does not are rejected, so the ingest log says so.
    """
    files: dict[Path, Path] = {}
    problems: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            entries = sorted(p for p in path.rglob("*") if _wanted(p, path))
            found = [p for p in entries if p.is_file()]
            problems += [_dangling(p) for p in entries if p.is_symlink() and not p.exists()]
        elif path.is_file():
            found = [path]
        else:
            problems.append(_dangling(path) if path.is_symlink() else _missing(path))
            continue
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values()), problems


def _missing(path: Path) -> FileOutcome:
    reason = f"{path} (whole file): no such file or directory"
    return FileOutcome(str(path), None, "rejected", reason)


def _dangling(link: Path) -> FileOutcome:
    target = os.readlink(link)
    reason = f"{link} (whole file): symbolic link to {target}, which does not exist"
    return FileOutcome(str(link.absolute()), None, "rejected", reason)


def _wanted(file: Path, root: Path) -> bool:
    parts = file.relative_to(root).parts
    if any(part.startswith(".") for part in parts):
        return False
    return not (file.name.lower().endswith(".json") or file.name.startswith("~$"))


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- one run ---------------------------------------------------------------------------


@dataclass
class _RunState:
    con: duckdb.DuckDBPyConnection
    known: dict[str, str]  # source_file → hash of the version in the warehouse
    owners: dict[str, str]  # hash → source_file that holds it
    reader: BudgetedReader  # reads each file in a worker, within its budget
    pending: warehouse.FileRows = field(default_factory=warehouse.FileRows)


def _run(paths: list[Path], db: Path, fresh: bool, options: _RunOptions) -> IngestSummary:
    sweep_leftovers()  # converters and folders of an earlier run that was killed
    files, problems = discover(paths)
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    with _exclusive(db), _staged(db, fresh) as staging:
        con = warehouse.connect(staging)
        try:
            summary = _load_all(con, files, problems, options)
            _log(con, summary, run_id, options.loaded_by)
            warehouse.close(con)
        finally:
            con.close()  # no-op after a clean close; releases the file after a failure
    return summary


def _load_all(
    con: duckdb.DuckDBPyConnection,
    files: list[Path],
    problems: list[FileOutcome],
    options: _RunOptions,
) -> IngestSummary:
    known = warehouse.loaded_files(con)
    reader = BudgetedReader(_extract, options.budget)
    state = _RunState(con, known, {h: f for f, h in known.items()}, reader)
    # Paths already in the warehouse go first, so a replaced version frees its hash
    # before a new path with that content is judged a duplicate.
    files = sorted(files, key=lambda p: str(p.resolve()) not in known)
    show = sys.stderr.isatty() if options.progress is None else options.progress
    outcomes = list(problems)
    with reader:
        for done, path in enumerate(
            tqdm(files, desc="ingest", unit="file", disable=not show, file=sys.stderr), 1
        ):
            outcomes.append(_ingest_file(path, state))
            if options.on_file:
                options.on_file(outcomes[-1], done, len(files))
    warehouse.write_file_rows(con, state.pending)
    _relink(con)
    _derive(con)
    summary = IngestSummary()
    for outcome in outcomes:
        summary.add(outcome)
    ((summary.warehouse_reports,),) = con.execute("select count(*) from reports").fetchall()
    return summary


def _ingest_file(path: Path, state: _RunState) -> FileOutcome:
    source_file = str(path.resolve())
    try:
        digest = file_hash(path)
    except OSError as err:
        return FileOutcome(
            source_file,
            None,
            "rejected",
            f"{source_file} (whole file): {type(err).__name__}: {err}",
        )
    previous = state.known.get(source_file)
    if previous == digest:
        return FileOutcome(source_file, digest, "unchanged")
    owner = state.owners.get(digest)
    if owner is not None:
        if previous is not None:  # this path's own earlier content is gone
            _forget(state, source_file)
        return FileOutcome(source_file, digest, "duplicate", f"same content as {owner}")
    try:
        result = state.reader.read(Path(source_file))
        if not result.reports:
            raise ReadError(source_file, NO_FORM)
        rows = warehouse.file_rows(result, source_file, digest)
    except ReadError as err:
        return _rejected(source_file, digest, str(err), previous)
    except WorkerCrash as err:  # a parser bug costs one file, not the batch
        return _rejected(source_file, digest, str(err), previous)
    except Exception as err:  # … and so does a bug in turning its reports into rows
        return _rejected(source_file, digest, describe_crash(source_file, err), previous)
    if previous is not None:
        _forget(state, source_file)
    state.pending.extend(rows)
    state.known[source_file] = digest
    state.owners[digest] = source_file
    status = "replaced" if previous is not None else "loaded"
    warnings = result.warnings + [f"{d.code} at {d.place}: {d.message}" for d in result.damage]
    warnings += [
        f"{n.code} at {n.source.label() if n.source else 'unknown place'}: {n.message}"
        for report in result.reports
        for n in report.notes
    ]
    return FileOutcome(source_file, digest, status, None, len(rows.reports), warnings)


def _extract(path: Path) -> ParseResult:
    # Looked up at call time (in the forked child), so tests may stand in for it.
    return extract_file(path)


def _forget(state: _RunState, source_file: str) -> None:
    warehouse.delete_file(state.con, source_file)
    state.owners.pop(state.known.pop(source_file), None)


def _rejected(file: str, digest: str, reason: str, previous: str | None) -> FileOutcome:
    if previous is not None:
        reason += f"; the reports of the earlier version ({previous[:12]}) stay"
    return FileOutcome(file, digest, "rejected", reason)


def _log(
    con: duckdb.DuckDBPyConnection, summary: IngestSummary, run_id: str, loaded_by: str | None
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as UTC
    warehouse.insert_rows(
        con,
        "ingest_log",
        [
            {
                "run_id": run_id,
                "file": o.file,
                "hash": o.hash,
                "status": o.status,
                "reason": o.reason,
                "n_reports": o.n_reports,
                "warnings": "\n".join(o.warnings) or None,
                "ingested_at": now,
                "loaded_by": loaded_by,
            }
            for o in summary.outcomes
        ],
    )


def _relink(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute units and projects over every report, so a new year joins earlier ones."""
    names = warehouse.unit_names(con)
    clusters = cluster_units(names) if names else {}
    canonical = {raw: clusters.get(raw, raw) for raw in names}
    ids = {raw: unit_id(canon) for raw, canon in canonical.items()}
    keys = warehouse.report_link_keys(con)
    # A report without any unit name still links by project name, within the "" unit.
    wanted = [(canonical.get(unit, ""), name, year) for _, unit, _, name, year in keys if name]
    projects = link_projects(wanted) if wanted else {}
    assignments = [
        {
            "report_id": rid,
            "unit_id": ids.get(unit),
            "department_unit_id": ids.get(dept),
            "project_id": projects.get((canonical.get(unit, ""), name)) if name else None,
        }
        for rid, unit, dept, name, _ in keys
    ]
    names_by_id = {ids[raw]: canon for raw, canon in canonical.items()}
    warehouse.write_links(con, ids, names_by_id, assignments)


def _derive(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every report's score under every profile, its warnings, its design
    findings and the indicator library (they depend on nothing else, so all are rebuilt:
    a changed profile file takes effect at the next ingest)."""
    profiles = load_profiles()
    facts = list(report_facts(con))
    warehouse.write_scores(
        con, (recompute(report, profile) for profile in profiles.values() for report in facts)
    )
    thresholds, default = load_warning_thresholds(), get_profile()
    warehouse.write_warnings(
        con, ((r.report_id, report_warnings(r, thresholds, default)) for r in facts)
    )
    warehouse.write_design_findings(con, ((r.report_id, audit(r)) for r in facts))
    warehouse.write_indicator_library(
        con,
        (
            (rid, index, key)
            for rid, index, level3, level2 in warehouse.indicator_level_names(con)
            if (key := indicator_key(level3, level2)) is not None
        ),
    )


# --- atomic replacement ----------------------------------------------------------------


@contextmanager
def _exclusive(db: Path) -> Iterator[None]:
    """One writer at a time: two runs copying the same file would lose one's changes.

    The lock is on the folder (the file itself is swapped out from under any lock on it), and
    while it is held, scratch files beside `db` can only be leftovers of a killed run.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    folder = os.open(db.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        for leftover in db.parent.glob(f".{db.name}.tmp-*"):
            leftover.unlink(missing_ok=True)
        yield
    finally:
        os.close(folder)  # releases the lock


@contextmanager
def _staged(db: Path, fresh: bool) -> Iterator[Path]:
    """Yield a scratch path beside `db` (a copy of it unless `fresh`); on a clean exit the
    scratch file replaces `db` atomically, on an exception it is deleted and `db` untouched.
    """
    staging = db.with_name(f".{db.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    staging_wal, db_wal = Path(f"{staging}.wal"), Path(f"{db}.wal")
    try:
        if not fresh and db.exists():
            shutil.copyfile(db, staging)
            if db_wal.exists():
                shutil.copyfile(db_wal, staging_wal)
        yield staging
        if staging_wal.exists():
            raise RuntimeError(f"{staging} was not fully checkpointed; {db} left as it was")
        _fsync(staging)
        os.replace(staging, db)
        db_wal.unlink(missing_ok=True)  # an old log must never be replayed onto the new file
        _fsync(db.parent)
    finally:
        staging.unlink(missing_ok=True)
        staging_wal.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
