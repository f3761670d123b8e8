"""Import jobs: an uploaded export is imported and judged in a background thread.

Owns: starting a job, reporting its progress into ``ImportJob`` and removing the upload's
private folder when the job ends. Calls ``service.triage`` exactly as the CLI does.
Must not import FastAPI.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
from pathlib import Path
from typing import Any

from seedbed import service
from seedbed.errors import SeedbedError
from seedbed.web.state import ImportJob, WebState

log = logging.getLogger("seedbed.web")


def start_import(state: WebState, upload: Path, prefs: Path | None, workdir: Path,
                 filename: str) -> ImportJob:
    """Start importing ``upload`` (and storing ``prefs``); ``workdir`` is removed at the end."""
    job = ImportJob(secrets.token_urlsafe(9), filename)
    state.jobs[job.job_id] = job
    worker = threading.Thread(target=run_import, args=(state, job, upload, prefs, workdir),
                              name=f"seedbed-import-{job.job_id}", daemon=True)
    worker.start()
    return job


def run_import(state: WebState, job: ImportJob, upload: Path, prefs: Path | None,
               workdir: Path) -> None:
    """Import and judge; every outcome ends in ``job.phase`` done or failed."""

    def progress(name: str, done: int, total: int) -> None:
        job.phase, job.detail, job.done, job.total = "reading", name, done, total
        if total and done >= total:
            # The reader reports files only; after the last one the store and judge work.
            job.phase, job.detail = "judging", "importing and judging every item"

    def work(**engines: Any) -> service.TriageResult:
        # Queued until the pages in progress are done; from here on the import holds the store.
        job.phase, job.detail = "reading", "opening the export"
        return service.triage(upload, state.db, prefs, progress, **engines)

    try:
        result = state.run_import(work)
    except SeedbedError as exc:
        job.error = str(exc).replace(str(upload), job.filename).replace(str(workdir) + "/", "")
        job.phase = "failed"
    except Exception:
        log.exception("import of %s failed", job.filename)
        job.error, job.phase = "seedbed hit an unexpected error; the terminal shows it", "failed"
    else:
        job.items = result.count()
        job.new_items = result.imported.new_items if result.imported else 0
        job.owners = [o.name for o in result.imported.owners] if result.imported else []
        job.phase, job.detail = "done", ""
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
