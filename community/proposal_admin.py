"""Staff review proposals in the admin: on a proposal's page, « Décision » asks the proposer a
question, declines it with a reason or accepts it (a draft event is made from it). Each calls
community/proposals.py; the proposer is e-mailed. Imported by community/admin.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import proposals
from .models import Proposal, ProposalComment


class ProposalAdminForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        required=False,
        choices=[
            ("", _("— aucune —")),
            ("question", _("Poser une question au proposant")),
            ("decline", _("Décliner (avec la raison)")),
            ("accept", _("Accepter : créer l'évènement en brouillon")),
        ],
    )
    message = forms.CharField(
        label=_("Question ou raison (envoyée au proposant)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Proposal
        fields = ["title", "type", "description", "format", "wished_period", "needs", "partner", "group"]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and self.instance.pk and not self.instance.is_open:
            raise ValidationError({"decision": _("Cette proposition a déjà été décidée.")})
        if decision in ("question", "decline") and not (data.get("message") or "").strip():
            raise ValidationError({"message": _("Écrivez la question ou la raison : le proposant la reçoit.")})
        return data


class ProposalCommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    fields = ["author", "text", "created_at"]
    readonly_fields = ["author", "text", "created_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    form = ProposalAdminForm
    list_display = ["title", "type", "proposer", "state", "support_count", "created_at"]
    list_filter = ["state", "type"]
    search_fields = ["title", "description", "proposer__email"]
    raw_id_fields = ["group"]
    readonly_fields = ["proposer", "state", "staff_message", "support_count", "event_link", "created_at", "decided_at"]
    inlines = [ProposalCommentInline]
    fieldsets = [
        (None, {"fields": ["title", "type", "description", "format", "wished_period", "needs", "partner", "group"]}),
        (_("Examen"), {"fields": ["proposer", "state", "support_count", "staff_message", "event_link", "decided_at"]}),
        (_("Décision"), {"fields": ["decision", "message"]}),
    ]

    def has_add_permission(self, request):
        return False  # members propose from the site

    @admin.display(description=_("évènement"))
    def event_link(self, obj):
        if not obj.event_id:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:events_event_change", args=[obj.event_id]), obj.event.title
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        decision, message = form.cleaned_data.get("decision"), form.cleaned_data.get("message", "")
        if decision == "question":
            proposals.proposal_ask_question(proposal=obj, by=request.user, question=message)
            self.message_user(request, _("La question est envoyée au proposant."))
        elif decision == "decline":
            proposals.proposal_decline(proposal=obj, by=request.user, reason=message)
            self.message_user(request, _("La proposition est déclinée ; le proposant est prévenu."))
        elif decision == "accept":
            event = proposals.proposal_accept(proposal=obj, by=request.user)
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Proposition acceptée. L'évènement est en brouillon, à des dates provisoires à corriger :"),
                    reverse("admin:events_event_change", args=[event.pk]),
                    event.title,
                ),
                messages.WARNING,
            )
