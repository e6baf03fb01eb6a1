"""The roster in the admin: its rows, the imports staff start (run in the background, with their
progress and the refused rows as a CSV), and the history each member's page shows."""

import io

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from club.csv_export import spreadsheet_writer

from .models import MembershipEvent, RosterEntry, RosterImport
from .roster_files import MAX_FILE_BYTES, RosterFileError, expected_columns, read_rows
from .roster_jobs import roster_import_enqueue


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "by"]
    readonly_fields = fields
    verbose_name_plural = _("historique (registre des sociétaires)")

    def has_add_permission(self, request, obj=None):
        return False


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du registre"),
        help_text=_("CSV ou texte Unicode enregistré par un tableur, avec les colonnes %(columns)s.")
        % {"columns": expected_columns()},
    )
    deactivate_missing = forms.BooleanField(
        label=_("Ce fichier est le registre complet : désactiver les sociétaires absents"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse %(size)d Mo.") % {"size": MAX_FILE_BYTES // 2**20})
        raw = upload.read()
        try:
            next(read_rows(raw), None)  # the header, read now so that a wrong file is said at once
        except RosterFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.raw = raw
        return upload


@admin.register(RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):
    list_display = ["number", "last_name", "postcode", "active", "claimed", "updated_at"]
    list_filter = ["active"]
    search_fields = ["number", "last_name", "postcode"]
    change_list_template = "admin/members/rosterentry/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claimed_by__user")

    @admin.display(description=_("compte rattaché"))
    def claimed(self, entry):
        profile = getattr(entry, "claimed_by", None)
        return profile.user.email if profile else "—"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="members_rosterentry_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:index")
        form = RosterImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = roster_import_enqueue(
                raw=form.raw,
                file_name=form.cleaned_data["file"].name,
                deactivate_missing=form.cleaned_data["deactivate_missing"],
                by=request.user,
            )
            self.message_user(request, _("Import lancé : suivez son avancement sur cette page."), messages.SUCCESS)
            return redirect("admin:members_rosterimport_change", job.pk)
        return TemplateResponse(
            request,
            "admin/members/rosterentry/import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Importer le registre des sociétaires"),
                "form": form,
                "opts": self.model._meta,
            },
            status=400 if form.errors else 200,
        )


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "created_by", "state", "progress", "rejected_count"]
    list_filter = ["state"]
    fields = [
        "file_name",
        "created_at",
        "created_by",
        "deactivate_missing",
        "state",
        "rows_done",
        "rows_total",
        "summary",
        "rejected_count",
        "error",
        "finished_at",
    ]
    readonly_fields = fields
    change_form_template = "admin/members/rosterimport/change_form.html"

    def has_add_permission(self, request):
        return False  # an import starts from the roster's « Importer » page

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("avancement"))
    def progress(self, job):
        return f"{job.percent} %"

    def get_urls(self):
        return [
            path(
                "<int:pk>/refusees.csv",
                self.admin_site.admin_view(self.rejected_csv),
                name="members_rosterimport_rejected",
            ),
            *super().get_urls(),
        ]

    def rejected_csv(self, request, pk):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        job = get_object_or_404(RosterImport, pk=pk)
        buffer = io.StringIO()
        writer = spreadsheet_writer(buffer, delimiter=";")
        writer.writerow([_("ligne"), _("ligne refusée ou corrigée"), _("motif")])
        writer.writerows(job.rejected)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registre-import-{job.pk}-lignes-refusees.csv"'
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "rejected_url": reverse("admin:members_rosterimport_rejected", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)
