"""The roster follows the insurer: a sociétaire who leaves loses the members-only side at once,
comes back with their row; any file a spreadsheet writes is read; big files import in batches."""

import codecs
import re

import pytest
from django.core import mail
from django.test import Client

from exchanges.models import ExchangeStatus
from exchanges.tests.factories import ExchangeFactory, loan_listing
from listings.models import Status
from listings.tests.factories import ListingFactory
from members.models import MembershipEvent, RosterEntry, VerificationStatus
from members.roster import RosterFileError, roster_import
from members.tests.factories import RosterEntryFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

HEADER = "number,last_name,postcode,active\n"


def row(entry, active="oui"):
    return f"{entry.number},{entry.last_name},{entry.postcode},{active}\n"


def file_of(*lines) -> bytes:
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def societaire():
    return VerifiedMemberFactory(email="claire@example.org")


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_inactive_row_takes_the_annonces_away_at_once(societaire, django_capture_on_commit_callbacks):
    entry = societaire.profile.roster_entry
    published = ListingFactory(author=societaire, status=Status.PUBLISHED)
    draft = ListingFactory(author=societaire, status=Status.DRAFT)
    asked_of_them = ExchangeFactory(listing=loan_listing(author=societaire))
    asked_by_them = ExchangeFactory(initiator=societaire)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report = roster_import(file_of(row(entry, active="non")))

    assert (report.deactivated, report.members_lapsed) == (1, 1)
    societaire.refresh_from_db()
    assert societaire.profile.verification_status == VerificationStatus.LAPSED
    assert not societaire.is_verified_member
    assert _client_of(societaire).get("/annonces/").status_code == 302  # to the verification page
    published.refresh_from_db(), draft.refresh_from_db()
    assert (published.status, draft.status) == (Status.PAUSED, Status.DRAFT)
    asked_of_them.refresh_from_db(), asked_by_them.refresh_from_db()
    assert asked_of_them.status == ExchangeStatus.DECLINED
    assert asked_by_them.status == ExchangeStatus.WITHDRAWN
    lapsed = [m for m in mail.outbox if m.to == ["claire@example.org"]]
    assert [m.subject for m in lapsed] == ["Votre accès aux annonces du Club est suspendu"]
    assert "mises en pause" in lapsed[0].body
    assert list(MembershipEvent.objects.values_list("profile__user__email", "kind")) == [
        ("claire@example.org", "lapsed")
    ]


def test_missing_from_a_full_roster_is_the_same_as_inactive(societaire):
    other = RosterEntryFactory()
    report = roster_import(file_of(row(other)), deactivate_missing=True)
    assert (report.deactivated, report.members_lapsed) == (1, 1)
    societaire.refresh_from_db()
    assert societaire.profile.verification_status == VerificationStatus.LAPSED
    assert RosterEntry.objects.get(pk=other.pk).active


def test_a_reactivated_row_gives_access_back_and_annonces_stay_paused(societaire, django_capture_on_commit_callbacks):
    entry = societaire.profile.roster_entry
    listing = ListingFactory(author=societaire, status=Status.PUBLISHED)
    roster_import(file_of(row(entry, active="non")))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report = roster_import(file_of(row(entry, active="oui")))

    assert (report.reactivated, report.members_restored) == (1, 1)
    societaire.refresh_from_db()
    assert societaire.is_verified_member
    assert _client_of(societaire).get("/annonces/").status_code == 200
    listing.refresh_from_db()
    assert listing.status == Status.PAUSED
    assert [m.subject for m in mail.outbox] == ["Votre accès aux annonces du Club est rétabli"]
    assert list(societaire.profile.history.values_list("kind", flat=True)) == ["restored", "lapsed"]


def test_reactivation_does_not_verify_an_account_that_was_rejected():
    entry = RosterEntryFactory(active=False)
    user = VerifiedMemberFactory()
    profile = user.profile
    profile.roster_entry, profile.verification_status = entry, VerificationStatus.REJECTED
    profile.save()
    report = roster_import(file_of(row(entry, active="oui")))
    assert (report.reactivated, report.members_restored) == (1, 0)
    profile.refresh_from_db()
    assert profile.verification_status == VerificationStatus.REJECTED


def test_rerunning_a_sync_changes_nothing_and_tells_nobody(societaire):
    raw = file_of(row(societaire.profile.roster_entry, active="non"), "S9,Petit,01000,oui\n")
    roster_import(raw, deactivate_missing=True)
    mail.outbox.clear()
    report = roster_import(raw, deactivate_missing=True)
    assert (report.created, report.updated, report.deactivated, report.members_lapsed) == (0, 0, 0, 0)
    assert report.unchanged == 2
    assert MembershipEvent.objects.count() == 1
    assert mail.outbox == []


def test_the_admin_shows_the_change_in_the_members_history(societaire, staff_client):
    roster_import(file_of(row(societaire.profile.roster_entry, active="non")))
    page = staff_client.get(f"/admin/members/memberprofile/{societaire.profile.pk}/change/").content.decode()
    assert "n&#x27;est plus sociétaire (registre)" in page


@pytest.mark.parametrize(
    "header",
    [
        "Numéro;Nom;Code postal;Actif",
        "NUMERO;NOM;CODE_POSTAL;ACTIF",
        "numero_societaire;nom de famille;CP;statut",
        "N° sociétaire;Nom;Code Postal;Actif",
        " number ; last_name ; postcode ; active ",
    ],
)
def test_headers_as_spreadsheets_write_them(header):
    roster_import(f"{header}\nS1;Martin;75011;oui\n".encode())
    assert RosterEntry.objects.get(number="S1").postcode == "75011"


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF8 + "numéro;nom;code postal;actif\r\nS1;Lefèvre;75011;oui\r\n".encode(),
        "numéro,nom,code postal,actif\rS1,Lefèvre,75011,oui\r".encode("cp1252"),  # old Mac line ends
        "numéro\tnom\tcode postal\tactif\r\nS1\tLefèvre\t75011\toui\r\n".encode("utf-16"),  # « Texte Unicode »
        "numéro\tnom\tcode postal\tactif\nS1\tLefèvre\t75011\toui\n".encode(),
    ],
    ids=["utf8-bom-crlf", "cp1252-mac-cr", "utf16-tab", "utf8-tab"],
)
def test_the_files_a_spreadsheet_writes_are_read(raw):
    report = roster_import(raw)
    assert (report.created, report.rejected) == (1, [])
    assert RosterEntry.objects.get(number="S1").last_name == "Lefèvre"


def test_a_postcode_that_lost_its_leading_zero_is_restored_with_a_warning():
    report = roster_import(file_of("S1,Martin,1000,oui\n", "S2,Durand,975,oui\n"))
    assert RosterEntry.objects.get(number="S1").postcode == "01000"
    assert [(w.line, "01000" in w.reason) for w in report.warnings] == [(2, True)]
    assert [(r.line, r.reason) for r in report.rejected] == [(3, "code postal invalide « 975 »")]


def test_ligatures_fold_when_matching_names(verified_member):
    from members.services import verification_submit
    from members.tests.factories import UserFactory

    roster_import(file_of("S77,Lecœur,75011,oui\n", "S78,Lætitia-Bœuf,75011,oui\n"))
    for number, typed in [("S77", "LECOEUR"), ("S78", "laetitia boeuf")]:
        profile = verification_submit(profile=UserFactory().profile, number=number, last_name=typed, postcode="75011")
        assert profile.is_verified, typed


def test_an_unreadable_file_says_why_with_the_french_columns():
    with pytest.raises(RosterFileError) as error:
        roster_import("Prénom;Ville\nClaire;Paris\n".encode())
    message = str(error.value)
    for column in ("« numéro »", "« nom »", "« code postal »", "« actif »", "« Prénom »"):
        assert column in message
    assert RosterEntry.objects.count() == 0


def test_a_binary_file_is_refused_in_words_staff_understand():
    with pytest.raises(RosterFileError, match="Enregistrer sous"):
        roster_import(b"PK\x03\x04\x00\x00 an xlsx file")


def test_fifty_thousand_rows_import_in_batches_and_rerun_is_idempotent():
    lines = "".join(f"S{n:07d},Nom{n},{75001 + n % 20},{'oui' if n % 7 else 'non'}\n" for n in range(50_000))
    raw = file_of(lines)
    seen = []
    report = roster_import(raw, progress=lambda done, total: seen.append((done, total)))
    assert report.created == 50_000 and report.rejected == []
    assert seen[-1] == (50_000, 50_000) and len(seen) == 10
    assert RosterEntry.objects.filter(active=False).count() == len([n for n in range(50_000) if n % 7 == 0])
    again = roster_import(raw)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 50_000)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_admin_import_is_run_by_the_worker_with_its_progress(celery_worker, staff):
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.models import RosterImport

    client = Client()
    client.force_login(staff)
    lines = "".join(f"W{n:06d},Nom{n},69003,oui\n" for n in range(12_000))
    upload = SimpleUploadedFile("registre.csv", file_of(lines), content_type="text/csv")
    response = client.post("/admin/members/rosterentry/import/", {"file": upload})
    assert response.status_code == 302
    job = RosterImport.objects.get()
    deadline = time.monotonic() + 60
    while job.state in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total) == ("done", 12_000, 12_000)
    assert RosterEntry.objects.count() == 12_000
    page = client.get(f"/admin/members/rosterimport/{job.pk}/change/").content.decode()
    assert "12000lignessur12000" in re.sub(r"\s", "", page)  # 12 000 with a thousands separator
