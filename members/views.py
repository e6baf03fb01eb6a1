from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from club.ratelimit import allow

from . import services
from .forms import AccountDeleteForm, ProfileForm, VerificationForm
from .privacy import account_delete, account_export


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
def account(request):
    return render(request, "members/account.html", {"profile": request.user.profile})


@login_required
@require_http_methods(["GET", "POST"])
def verification(request):
    profile = request.user.profile
    next_url = _safe_next(request, "")
    if profile.is_verified:
        return render(request, "members/verification_done.html", {"profile": profile, "next": next_url})

    form = VerificationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not allow(request, "verify_membership"):
            form.add_error(None, _("Trop de tentatives. Pour votre sécurité, réessayez dans une heure."))
            status = 429
        else:
            profile = services.verification_submit(profile=profile, **form.cleaned_data)
            if profile.is_verified:
                messages.success(request, _("Bienvenue au Club ! Votre qualité de sociétaire est vérifiée."))
                return redirect(next_url or "listings:list")
            messages.info(
                request,
                _(
                    "Nous n'avons pas pu vous reconnaître automatiquement. Votre demande est transmise à "
                    "notre équipe, qui vous répondra par e-mail sous deux jours ouvrés."
                ),
            )
            return redirect("members:account")
    elif request.method == "POST":
        status = 400
    context = {"form": form, "profile": profile, "next": next_url}
    return render(request, "members/verification.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=profile, **form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("members:account")
    return render(request, "members/profile_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def data_export(request):
    """Download everything the club keeps about me, as a JSON file."""
    response = JsonResponse(account_export(user=request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="le-club-mes-donnees.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, _("Votre compte et vos données ont été supprimés. Au revoir, et merci."))
        return redirect("venue:home")
    return render(request, "members/delete_account.html", {"form": form}, status=400 if form.errors else 200)
