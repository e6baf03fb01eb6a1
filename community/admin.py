"""Staff moderate groups in the admin: suspend a group (its admins are told why), restore it, and
work the queue of reported messages. Actions call the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Group, Membership, Post, PostReport, SharedListing


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "notify", "joined_at"]
    readonly_fields = ["user", "status", "notify", "joined_at"]
    can_delete = True


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (envoyé aux administrateurs du groupe)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "access", "founder", "members", "created_at", "is_suspended_display"]
    list_filter = ["access", ("suspended_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "place", "description", "founder__email"]
    raw_id_fields = ["founder"]
    readonly_fields = ["created_at", "suspended_at", "suspension_reason"]
    inlines = [MembershipInline]
    actions = ["suspend", "restore"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("founder")
            .annotate(member_count=Count("memberships", filter=Q(memberships__status="active")))
        )

    @admin.display(description=_("membres"), ordering="member_count")
    def members(self, group):
        return group.member_count

    @admin.display(description=_("suspendu"), boolean=True, ordering="suspended_at")
    def is_suspended_display(self, group):
        return group.is_suspended

    @admin.action(description=_("Suspendre les groupes choisis (leurs administrateurs sont prévenus)"))
    def suspend(self, request, queryset):
        if "apply" in request.POST:
            form = SuspendForm(request.POST)
            if form.is_valid():
                for group in queryset:
                    services.group_suspend(group=group, by=request.user, reason=form.cleaned_data["reason"])
                self.message_user(
                    request, _("Groupes suspendus ; leurs administrateurs sont prévenus."), messages.SUCCESS
                )
                return None
        else:
            form = SuspendForm()
        return render(
            request,
            "admin/community/suspend.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Suspendre des groupes"),
                "groups": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Rétablir les groupes choisis"))
    def restore(self, request, queryset):
        for group in queryset.filter(suspended_at__isnull=False):
            services.group_restore(group=group, by=request.user)
        self.message_user(request, _("Groupes rétablis."), messages.SUCCESS)


class PostReportInline(admin.TabularInline):
    model = PostReport
    extra = 0
    fields = ["reporter", "reason", "text", "status", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "author", "created_at", "pinned", "removed_at"]
    list_filter = [("removed_at", admin.EmptyFieldListFilter), "pinned"]
    search_fields = ["text", "group__name", "author__email"]
    list_select_related = ["group", "author"]
    raw_id_fields = ["author", "parent", "group"]
    readonly_fields = ["created_at", "removed_at", "removed_by"]
    inlines = [PostReportInline]
    actions = ["remove"]

    @admin.action(description=_("Retirer les messages choisis"))
    def remove(self, request, queryset):
        for post in queryset:
            services.post_remove(post=post, by=request.user)
        self.message_user(request, _("Messages retirés."), messages.SUCCESS)


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    """The queue of reported group messages, next to the annonces' one: open reports first."""

    list_display = ["post_link", "group", "reason", "status", "reporter", "created_at", "decided_by"]
    list_filter = ["status", "reason"]
    search_fields = ["post__text", "text", "reporter__email", "post__group__name"]
    list_select_related = ["post__group", "reporter", "decided_by"]
    readonly_fields = ["post", "reporter", "reason", "text", "created_at", "decided_at", "decided_by", "status"]
    actions = ["remove_post", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("message"))
    def post_link(self, report):
        url = reverse("admin:community_post_change", args=[report.post_id])
        return format_html('<a href="{}">{}</a>', url, report.post.text[:60])

    @admin.display(description=_("groupe"))
    def group(self, report):
        return report.post.group

    @admin.action(description=_("Retirer le message"))
    def remove_post(self, request, queryset):
        count = services.reports_decide(reports=queryset, by=request.user, remove=True)
        self.message_user(request, ngettext("%d signalement traité.", "%d signalements traités.", count) % count)

    @admin.action(description=_("Classer sans suite"))
    def dismiss(self, request, queryset):
        count = services.reports_decide(reports=queryset, by=request.user, remove=False)
        self.message_user(request, ngettext("%d signalement classé.", "%d signalements classés.", count) % count)


@admin.register(SharedListing)
class SharedListingAdmin(admin.ModelAdmin):
    list_display = ["listing", "group", "shared_by", "created_at"]
    raw_id_fields = ["listing", "group", "shared_by"]
    search_fields = ["listing__title", "group__name"]


from . import proposal_admin  # noqa: E402,F401  (registers the proposals)
