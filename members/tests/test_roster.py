import pytest
from django.core.management import CommandError, call_command

from members.models import RosterEntry
from members.roster import RosterFileError, roster_import

pytestmark = pytest.mark.django_db

GOOD = (
    "number,last_name,postcode,active\nS001,Martin,75011,oui\nS 002,Lefèvre-Dupont,69003,1\nS003,Nguyen,44000,non\n"
).encode()


def test_good_file_creates_every_row_with_normalised_numbers():
    report = roster_import(GOOD)
    assert (report.created, report.updated, report.rejected) == (3, 0, [])
    assert list(RosterEntry.objects.values_list("number", "active")) == [
        ("S001", True),
        ("S002", True),
        ("S003", False),
    ]


def test_reimporting_the_same_file_changes_nothing():
    roster_import(GOOD)
    report = roster_import(GOOD)
    assert (report.created, report.updated, report.deactivated, report.unchanged) == (0, 0, 0, 3)
    assert RosterEntry.objects.count() == 3


def test_reimport_counts_updates_and_deactivations():
    roster_import(GOOD)
    changed = "numero;nom;code_postal;actif\nS001;Martin;75012;oui\nS002;Lefèvre-Dupont;69003;non\n".encode()
    report = roster_import(changed)
    assert (report.updated, report.deactivated, report.unchanged) == (1, 1, 0)
    assert RosterEntry.objects.get(number="S001").postcode == "75012"
    assert not RosterEntry.objects.get(number="S002").active


def test_full_roster_deactivates_the_missing_rows():
    roster_import(GOOD)
    report = roster_import(b"number,last_name,postcode,active\nS001,Martin,75011,1\n", deactivate_missing=True)
    assert report.deactivated == 1  # S002; S003 was already inactive
    assert set(RosterEntry.objects.filter(active=True).values_list("number", flat=True)) == {"S001"}


def test_bad_rows_are_listed_with_line_and_reason_and_good_rows_still_imported():
    raw = (
        "number,last_name,postcode,active\n"
        "S001,Martin,75011,1\n"
        ",Sans Numéro,75011,1\n"
        "S003,,75011,1\n"
        "S004,Petit,750,1\n"
        "S005,Durand,93100,peut-être\n"
        "S001,Doublon,75011,1\n"
        "S007,Trop,De,Colonnes,1\n"
    ).encode()
    report = roster_import(raw)
    assert report.created == 1
    assert [(row.line, row.reason.split()[0]) for row in report.rejected] == [
        (3, "numéro"),
        (4, "nom"),
        (5, "code"),
        (6, "valeur"),
        (7, "numéro"),
        (8, "nombre"),
    ]
    assert "ligne 2" in report.rejected[4].reason


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"id,name\n1,Martin\n",
        b"number,last_name,active\nS1,Martin,1\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xfe\x00n\x00u\x00m",
    ],
    ids=["empty", "wrong-columns", "missing-postcode", "binary", "utf16"],
)
def test_unreadable_file_or_wrong_columns_imports_nothing(raw):
    with pytest.raises(RosterFileError):
        roster_import(raw)
    assert RosterEntry.objects.count() == 0


def test_windows_1252_file_with_semicolons_is_read():
    raw = "numero;nom;code_postal;actif\r\nS9;Lefèvre;75011;oui\r\n".encode("cp1252")
    roster_import(raw)
    assert RosterEntry.objects.get(number="S9").last_name == "Lefèvre"


def test_management_command_prints_counts_and_bad_lines(tmp_path, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(GOOD + b"S004,Petit,abc,1\n")
    call_command("import_roster", str(path))
    out, err = capsys.readouterr()
    assert "created=3 updated=0 deactivated=0 reactivated=0 unchanged=0 rejected=1" in out
    assert "line 5: code postal invalide" in err


def test_management_command_refuses_a_wrong_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"foo,bar\n1,2\n")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_roster", str(path))
    assert RosterEntry.objects.count() == 0


def test_admin_import_runs_in_the_background_and_shows_the_report(staff_client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.models import RosterImport

    upload = SimpleUploadedFile("roster.csv", GOOD + b",x,75011,1\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/admin/members/rosterentry/import/", {"file": upload})
    job = RosterImport.objects.get()
    assert response["Location"] == f"/admin/members/rosterimport/{job.pk}/change/"
    response = staff_client.get(response["Location"])
    content = response.content.decode()
    assert "3 créé(s)" in content  # the task ran once the upload was committed (inline without Redis)
    assert (job.state, job.rejected_count, bytes(job.data)) == ("done", 1, b"")
    assert RosterEntry.objects.count() == 3
    csv = staff_client.get(f"/admin/members/rosterimport/{job.pk}/refusees.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "numéro manquant" in csv.content.decode("utf-8-sig")


def test_admin_import_page_shows_a_wrong_file_next_to_the_field(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.models import RosterImport

    upload = SimpleUploadedFile("roster.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = staff_client.post("/admin/members/rosterentry/import/", {"file": upload})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Colonnes manquantes" in content and "« code postal »" in content
    assert RosterEntry.objects.count() == 0
    assert not RosterImport.objects.exists()
