from django.core.management.base import BaseCommand, CommandError

from members.roster import RosterFileError, roster_import


class Command(BaseCommand):
    help = "Import the insurer's roster of sociétaires from a CSV file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (or tab-separated text) with columns numéro, nom, code postal, actif")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="The file is the whole roster: deactivate active rows that are not in it.",
        )

    def handle(self, *args, file, deactivate_missing, **options):
        try:
            with open(file, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            report = roster_import(raw, deactivate_missing=deactivate_missing)
        except RosterFileError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        for row in report.rejected:
            self.stderr.write(f"line {row.line}: {row.reason}")
        for row in report.warnings:
            self.stderr.write(f"line {row.line} (warning): {row.reason}")
        self.stdout.write(
            f"created={report.created} updated={report.updated} deactivated={report.deactivated} "
            f"reactivated={report.reactivated} unchanged={report.unchanged} rejected={len(report.rejected)} "
            f"members_lapsed={report.members_lapsed} members_restored={report.members_restored}"
        )
