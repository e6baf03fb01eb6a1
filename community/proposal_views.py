"""Pages of the proposals for the venue, behind the wall. They fetch, read and write through
community/proposals.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from club.ratelimit import allow
from members.wall import verified_member_required

from . import proposals
from .proposal_forms import ProposalCommentForm, ProposalFilter, ProposalForm

PAGE_SIZE = 20


@verified_member_required
@require_GET
def proposal_list(request):
    filters = ProposalFilter(request.GET, queryset=proposals.proposals_listed(request.user))
    queryset = filters.qs if filters.is_valid() else proposals.proposals_listed(request.user).none()
    if not request.GET.get("sort"):
        queryset = queryset.order_by("-created_at")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/proposal_list.html",
        {
            "filters": filters,
            "form": filters.form,
            "page": page,
            "proposals": page.object_list,
            "query": query.urlencode(),
        },
    )


@verified_member_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not allow(request, "proposal"):
            messages.error(request, _("Trop de propositions d'un coup : réessayez plus tard."))
        else:
            try:
                proposal = proposals.proposal_create(proposer=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Votre proposition est publiée : les membres peuvent la soutenir."))
                return redirect(proposal)
    return render(request, "community/proposal_form.html", {"form": form})


@verified_member_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    proposal = proposals.access_proposal(request.user, pk)
    form = ProposalCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not allow(request, "group_post"):
        form.add_error("text", _("Trop de commentaires d'un coup : réessayez plus tard."))
    elif request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_comment(proposal=proposal, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("Votre commentaire est publié."))
            return redirect(proposal.get_absolute_url() + "#comments-title")
    return render(
        request,
        "community/proposal_detail.html",
        {
            "proposal": proposal,
            "comments": proposals.proposal_comments(proposal),
            "comment_form": form,
            "is_proposer": proposal.proposer_id == request.user.pk,
            "event_open": proposals.proposal_event_open_to(proposal, request.user),
        },
        status=400 if form.errors else 200,
    )


@verified_member_required
@require_POST
def proposal_support(request, pk):
    proposal = proposals.access_proposal(request.user, pk)
    if request.POST.get("action") == "withdraw":
        if proposals.proposal_unsupport(proposal=proposal, user=request.user):
            messages.success(request, _("Votre soutien est retiré."))
    else:
        try:
            if proposals.proposal_support(proposal=proposal, user=request.user):
                messages.success(request, _("Merci pour votre soutien !"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(proposal)
