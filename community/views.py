"""Pages of the groups. Every view is behind the wall (members.wall.verified_member_required);
each fetches through access.py, reads through selectors.py and writes through services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from club.ratelimit import allow
from members.wall import verified_member_required

from . import access, selectors, services
from .forms import (
    GroupForm,
    GroupSearchForm,
    ListingGroupsForm,
    NotifyForm,
    PostForm,
    PostReportForm,
    ReplyForm,
    ShareForm,
)
from .models import Membership

PAGE_SIZE = 20
POSTS_PER_PAGE = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@verified_member_required
@require_GET
def group_list(request):
    form = GroupSearchForm(request.GET or None)
    q = place = ""
    if form.is_valid():
        q, place = form.cleaned_data["q"].strip(), form.cleaned_data["lieu"].strip()
    groups = selectors.groups_listed(request.user, q=q, place=place)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    for group in page.object_list:
        membership = group.my_memberships[0] if group.my_memberships else None
        group.my_membership = membership
        group.can_read = selectors.group_can_read(request.user, group, membership)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/list.html",
        {"form": form, "page": page, "groups": page.object_list, "query": query.urlencode(), "searching": q or place},
    )


@verified_member_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = services.group_create(
            founder=request.user,
            name=data["name"],
            description=data["description"],
            place=data["place"],
            access=data["access"],
            picture=data["picture"],
        )
        messages.success(request, _("Votre groupe est créé. Invitez d'autres membres à le rejoindre !"))
        return redirect(group)
    return render(request, "community/form.html", {"form": form})


@verified_member_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = access.access_group_admin(request.user, pk)
    form = GroupForm(request.POST or None, request.FILES or None, instance=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.group_update(
            group=group,
            by=request.user,
            name=data["name"],
            description=data["description"],
            place=data["place"],
            access=data["access"],
            picture=data["picture"],
        )
        messages.success(request, _("Le groupe est modifié."))
        return redirect(group)
    return render(request, "community/form.html", {"form": form, "group": group})


def _detail_context(request, group, *, post_form=None):
    membership = selectors.membership_of(request.user, group)
    can_read = selectors.group_can_read(request.user, group, membership)
    is_admin = selectors.group_is_admin(request.user, group, membership)
    context = {
        "group": group,
        "membership": membership,
        "can_read": can_read,
        "is_admin": is_admin,
        "is_member": bool(membership and membership.is_active),
    }
    if can_read:
        posts = Paginator(selectors.group_posts(group), POSTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            posts=posts,
            members=selectors.group_members(group),
            shared=selectors.group_listings(group, user=request.user)[:12],
            post_form=post_form or PostForm(),
            reply_form=ReplyForm(),
        )
    if context["is_member"]:
        context["notify_form"] = NotifyForm(initial={"notify": membership.notify})
        shareable = selectors.listings_shareable(group, user=request.user)
        context["share_form"] = ShareForm(listings=shareable) if shareable.exists() else None
    if is_admin:
        context["pending"] = selectors.group_pending(group)
        context["reports"] = selectors.group_reports_to_decide(group, user=request.user)
        context["reported"] = {
            post_id
            for post_id in group.posts.filter(reports__status="open", removed_at__isnull=True).values_list(
                "pk", flat=True
            )
        }
    return context


@verified_member_required
@require_http_methods(["GET", "POST"])
def group_detail(request, pk):
    """The group's page. POST writes a message (members only)."""
    group = access.access_group(request.user, pk)
    post_form = None
    if request.method == "POST":
        group = access.access_group_content(request.user, pk)
        post_form = PostForm(request.POST)
        if post_form.is_valid():
            if not allow(request, "group_post"):
                messages.error(request, _("Vous avez écrit beaucoup de messages : réessayez dans un moment."))
                return redirect(group)
            try:
                services.post_create(group=group, author=request.user, text=post_form.cleaned_data["text"])
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                post_form.add_error("text", error)
            else:
                messages.success(request, _("Message publié."))
                return redirect(group)
    return render(request, "community/detail.html", _detail_context(request, group, post_form=post_form))


@verified_member_required
@require_GET
def group_picture(request, pk):
    group = access.access_group(request.user, pk)
    if not group.picture:
        raise Http404
    try:
        handle = group.picture.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@verified_member_required
@require_POST
def group_join(request, pk):
    group = access.access_group(request.user, pk)
    try:
        membership = services.group_join(group=group, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if membership.is_active:
            messages.success(request, _("Bienvenue dans le groupe !"))
        else:
            messages.success(request, _("Votre demande est envoyée aux administrateurs du groupe."))
    return redirect(group)


@verified_member_required
@require_POST
def group_leave(request, pk):
    group = access.access_group(request.user, pk)
    try:
        services.group_leave(group=group, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(group)
    messages.success(request, _("Vous avez quitté le groupe."))
    return redirect("community:list")


@verified_member_required
@require_POST
def group_notify(request, pk):
    group = access.access_group(request.user, pk)
    membership = selectors.membership_of(request.user, group)
    if membership is None or not membership.is_active:
        raise Http404
    form = NotifyForm(request.POST)
    if form.is_valid():
        services.membership_set_notify(membership=membership, notify=form.cleaned_data["notify"])
        messages.success(request, _("Votre choix d'e-mails est enregistré."))
    else:
        messages.error(request, _("Choisissez une des options."))
    return redirect(group)


@verified_member_required
@require_POST
def group_share(request, pk):
    group = access.access_group_content(request.user, pk)
    form = ShareForm(request.POST, listings=selectors.listings_shareable(group, user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choisissez une de vos annonces publiées."))
        return redirect(group)
    try:
        services.listing_share(listing=form.cleaned_data["listing"], group=group, by=request.user)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("Vous ne pouvez partager une annonce qu'avec un groupe dont vous êtes membre."))
    else:
        messages.success(request, _("Votre annonce est partagée avec le groupe."))
    return redirect(group)


@verified_member_required
@require_POST
def listing_groups(request, listing_pk):
    """« Partager avec mes groupes », from the author's own annonce page: the checked groups get it."""
    from listings.selectors import access_own_listing

    listing = access_own_listing(request.user, listing_pk)
    form = ListingGroupsForm(request.POST, groups=selectors.groups_of(request.user))
    if not form.is_valid():
        messages.error(request, _("Choisissez parmi vos groupes."))
        return redirect(listing)
    try:
        added, removed = services.listing_groups_set(
            listing=listing, by=request.user, groups=form.cleaned_data["groups"]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if added or removed:
            messages.success(request, _("Les groupes avec lesquels l'annonce est partagée sont enregistrés."))
    return redirect(listing.get_absolute_url() + "#groups-title")


MEMBER_ACTIONS = {"approve", "remove", "admin", "unadmin"}


@verified_member_required
@require_POST
def member_action(request, pk, membership_pk, action):
    if action not in MEMBER_ACTIONS:
        raise Http404
    membership: Membership = access.access_membership_to_manage(request.user, pk, membership_pk)
    name = membership.user.profile.public_name
    try:
        if action == "approve":
            services.membership_approve(membership=membership, by=request.user)
            messages.success(request, _("%(name)s est maintenant membre du groupe.") % {"name": name})
        elif action == "remove":
            pending = not membership.is_active
            services.membership_remove(membership=membership, by=request.user)
            text = _("La demande de %(name)s est refusée.") if pending else _("%(name)s ne fait plus partie du groupe.")
            messages.success(request, text % {"name": name})
        else:
            services.membership_make_admin(membership=membership, by=request.user, admin=action == "admin")
            messages.success(request, _("Les rôles du groupe sont modifiés."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(membership.group)


@verified_member_required
@require_POST
def post_reply(request, pk):
    post = access.access_post(request.user, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez une réponse."))
        return redirect(post)
    if not allow(request, "group_post"):
        messages.error(request, _("Vous avez écrit beaucoup de messages : réessayez dans un moment."))
        return redirect(post)
    try:
        services.post_create(group=post.group, author=request.user, text=form.cleaned_data["text"], parent=post)
    except PermissionDenied:
        messages.error(request, _("Rejoignez le groupe pour répondre."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Réponse publiée."))
    return redirect(post)


@verified_member_required
@require_http_methods(["GET", "POST"])
def post_report(request, pk):
    post = access.access_post(request.user, pk)
    form = PostReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow(request, "report"):
            messages.error(request, _("Vous avez fait beaucoup de signalements : réessayez plus tard."))
            return redirect(post)
        services.post_report(post=post, reporter=request.user, **form.cleaned_data)
        messages.success(request, _("Merci : le message est signalé à l'équipe de modération."))
        return redirect(post)
    return render(request, "community/report.html", {"post": post, "form": form})


POST_ACTIONS = {"pin", "unpin", "remove"}


@verified_member_required
@require_POST
def post_action(request, pk, action):
    if action not in POST_ACTIONS:
        raise Http404
    post = access.access_post(request.user, pk)
    try:
        if action == "remove":
            services.post_remove(post=post, by=request.user)
            messages.success(request, _("Le message est retiré."))
        else:
            services.post_pin(post=post, by=request.user, pinned=action == "pin")
            messages.success(request, _("Message épinglé.") if action == "pin" else _("Message désépinglé."))
    except PermissionDenied as error:
        raise Http404 from error
    return redirect(post.group)


REPORT_ACTIONS = {"dismiss", "remove"}


@verified_member_required
@require_POST
def report_action(request, pk, report_pk, action):
    """A group admin decides a report on one of the group's messages: dismiss it, or remove the message."""
    if action not in REPORT_ACTIONS:
        raise Http404
    report = access.access_report_to_decide(request.user, pk, report_pk)
    try:
        if action == "remove":
            services.report_remove_post(report=report, by=request.user)
            messages.success(request, _("Le message signalé est retiré."))
        else:
            services.report_dismiss(report=report, by=request.user)
            messages.success(request, _("Le signalement est classé sans suite ; le message reste en ligne."))
    except PermissionDenied as error:
        raise Http404 from error
    return redirect(report.post.group.get_absolute_url() + "#reports-title")
