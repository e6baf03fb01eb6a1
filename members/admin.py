from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_roster import MembershipEventInline
from .membership import membership_revoke
from .models import MemberProfile, User


class MemberProfileInline(admin.StackedInline):
    model = MemberProfile
    can_delete = False
    fk_name = "user"
    # Verification belongs to the services (approve, reject, revoke on the profiles' list, the
    # roster import): editable here, it would verify without a roster row or leave a claim behind.
    readonly_fields = [
        "verification_status",
        "societaire_number",
        "submitted_last_name",
        "submitted_postcode",
        "verification_submitted_at",
        "verification_decided_at",
        "verification_decided_by",
        "rejection_reason",
        "roster_entry",
    ]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "verification_status", "is_staff", "is_active", "date_joined"]
    list_filter = ["profile__verification_status", "is_staff", "is_active"]
    list_select_related = ["profile"]
    search_fields = ["email", "profile__display_name", "profile__societaire_number"]
    inlines = [MemberProfileInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @admin.display(description=_("nom affiché"), ordering="profile__display_name")
    def display_name(self, user):
        return user.profile.display_name

    @admin.display(description=_("vérification"), ordering="profile__verification_status")
    def verification_status(self, user):
        return user.profile.get_verification_status_display()


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Motif communiqué au membre"), max_length=255, required=False)


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = [
        "public_name",
        "user",
        "verification_status",
        "societaire_number",
        "submitted_last_name",
        "submitted_postcode",
        "verification_submitted_at",
        "verification_decided_by",
    ]
    list_filter = ["verification_status", "verification_submitted_at"]
    list_select_related = ["user", "verification_decided_by"]
    search_fields = ["user__email", "display_name", "societaire_number", "submitted_last_name"]
    readonly_fields = [
        "user",
        "verification_status",
        "societaire_number",
        "submitted_last_name",
        "submitted_postcode",
        "rejection_reason",
        "verification_submitted_at",
        "verification_decided_at",
        "verification_decided_by",
        "roster_entry",
        "created_at",
    ]
    actions = ["approve", "reject", "revoke"]
    inlines = [MembershipEventInline]
    ordering = ["-verification_submitted_at"]

    def has_add_permission(self, request):
        return False  # profiles come with their account

    @admin.action(description=_("Valider les membres sélectionnés"))
    def approve(self, request, queryset):
        approved, refused = 0, []
        for profile in queryset.select_related("user"):
            if services.verification_approve(profile=profile, by=request.user):
                approved += 1
            else:
                refused.append(profile.user.email)
        self.message_user(
            request, ngettext("%d membre validé.", "%d membres validés.", approved) % approved, messages.SUCCESS
        )
        if refused:
            self.message_user(
                request,
                _("Numéro de sociétaire déjà rattaché à un autre compte, non validé : %s") % ", ".join(refused),
                messages.WARNING,
            )

    @admin.action(description=_("Refuser les membres sélectionnés"))
    def reject(self, request, queryset):
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                count = 0
                for profile in queryset:
                    services.verification_reject(profile=profile, by=request.user, reason=form.cleaned_data["reason"])
                    count += 1
                self.message_user(
                    request, ngettext("%d demande refusée.", "%d demandes refusées.", count) % count, messages.SUCCESS
                )
                return None
        else:
            form = RejectForm()
        return TemplateResponse(
            request,
            "admin/members/reject_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuser des demandes de vérification"),
                "profiles": queryset.select_related("user"),
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Retirer la vérification (annonces en pause, numéro libéré)"))
    def revoke(self, request, queryset):
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                count = sum(
                    membership_revoke(profile_id=profile.pk, by=request.user, reason=form.cleaned_data["reason"])
                    for profile in queryset
                )
                self.message_user(
                    request,
                    ngettext("%d vérification retirée.", "%d vérifications retirées.", count) % count,
                    messages.SUCCESS,
                )
                return None
        else:
            form = RejectForm()
        return TemplateResponse(
            request,
            "admin/members/reject_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Retirer des vérifications"),
                "action_name": "revoke",
                "profiles": queryset.select_related("user"),
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.display(description=_("nom affiché"))
    def public_name(self, profile):
        return profile.public_name
