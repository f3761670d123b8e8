"""The import page: upload an export (and optionally preferences), then watch it progress."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse

from seedbed.errors import InputError, NotFoundError
from seedbed.web.jobs import start_import
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()
EXPORT_SUFFIXES = (".zip", ".jsonl", ".ndjson")
PREFS_SUFFIXES = (".toml",)


@router.get("/import", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    """The upload form."""
    state = state_of(request)
    return render(request, "import.html", {"limit_mb": state.max_upload_bytes // (1024 * 1024),
                                           "limit": state.max_upload_bytes})


def _suffix(upload: UploadFile, allowed: tuple[str, ...], what: str) -> str:
    suffix = PurePath(upload.filename or "").suffix.lower()
    if suffix not in allowed:
        raise InputError(f"{upload.filename}: choose {what} ({', '.join(allowed)})")
    return suffix


def _save(upload: UploadFile, target: Path) -> int:
    """Copy an upload into the private folder; return its size."""
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out)
    return target.stat().st_size


@router.post("/import")
async def upload(request: Request) -> RedirectResponse:
    """Save the upload into a private temporary folder and start importing it."""
    form = await request.form()
    export, prefs = form.get("export"), form.get("prefs")
    if not isinstance(export, UploadFile) or not export.filename:
        raise InputError("choose a LinkedIn export zip (or a JSONL file) to import")
    name = PurePath(export.filename).name
    suffix = _suffix(export, EXPORT_SUFFIXES, "a LinkedIn export zip or a JSONL file")
    has_prefs = isinstance(prefs, UploadFile) and bool(prefs.filename)
    if isinstance(prefs, UploadFile) and has_prefs:
        _suffix(prefs, PREFS_SUFFIXES, "a preferences file")
    # mkdtemp makes the folder readable by this user only (mode 0700).
    workdir = Path(tempfile.mkdtemp(prefix="seedbed-upload-"))
    try:
        target = workdir / f"export{suffix}"
        if await run_in_threadpool(_save, export, target) == 0:
            raise InputError(f"{name}: the file is empty")
        prefs_path = None
        if isinstance(prefs, UploadFile) and has_prefs:
            prefs_path = workdir / PurePath(prefs.filename or "prefs.toml").name
            await run_in_threadpool(_save, prefs, prefs_path)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    job = start_import(state_of(request), target, prefs_path, workdir, name)
    return RedirectResponse(f"/import/{job.job_id}", status_code=303)


@router.get("/import/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    """The progress page of one import."""
    job = state_of(request).jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no import with id {job_id!r} (imports are forgotten on restart)")
    return render(request, "import_job.html", {"job": job})


@router.get("/import/{job_id}/status")
def job_status(request: Request, job_id: str) -> JSONResponse:
    """The progress of one import as JSON, for the page to poll."""
    job = state_of(request).jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no import with id {job_id!r}")
    return JSONResponse(job.as_json())
