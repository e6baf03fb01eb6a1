"""Roster imports started from the admin run in the background: the web request only stores the
file and queues the job; the task imports it, saving its progress after every batch."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.queue import enqueue_after_commit

from .models import RosterImport
from .roster import RosterFileError, roster_import
from .tasks import run_roster_import


@transaction.atomic
def roster_import_enqueue(*, raw: bytes, file_name: str, deactivate_missing: bool, by) -> RosterImport:
    job = RosterImport.objects.create(
        data=raw, file_name=file_name[:255], deactivate_missing=deactivate_missing, created_by=by
    )
    enqueue_after_commit(run_roster_import, job.pk)
    return job


def roster_import_run(*, job_id: int) -> None:
    """Import a queued file. A job is run once: a second delivery of the task finds it started
    and leaves it (the import itself is idempotent, so staff may upload the file again). The file
    is dropped once imported; the report of refused rows stays for download."""
    with transaction.atomic():
        job = RosterImport.objects.select_for_update().filter(pk=job_id, state=RosterImport.State.QUEUED).first()
        if job is None:
            return
        job.state = RosterImport.State.RUNNING
        job.save(update_fields=["state"])

    def progress(done: int, total: int) -> None:
        RosterImport.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    finished = {"finished_at": timezone.now(), "data": b""}
    try:
        report = roster_import(
            bytes(job.data), deactivate_missing=job.deactivate_missing, by=job.created_by, progress=progress
        )
    except RosterFileError as exc:
        RosterImport.objects.filter(pk=job_id).update(state=RosterImport.State.FAILED, error=str(exc), **finished)
        return
    except Exception:
        RosterImport.objects.filter(pk=job_id).update(
            state=RosterImport.State.FAILED,
            error=_("L'import s'est interrompu sur une erreur technique ; relancez-le (il reprend sans doublon)."),
            finished_at=timezone.now(),
        )
        raise
    rows = [[row.line, str(_("refusée")), row.reason] for row in report.rejected]
    rows += [[row.line, str(_("corrigée")), row.reason] for row in report.warnings]
    RosterImport.objects.filter(pk=job_id).update(
        state=RosterImport.State.DONE,
        summary=report.summary(),
        rejected_count=len(report.rejected),
        rejected=sorted(rows),
        **finished,
    )
