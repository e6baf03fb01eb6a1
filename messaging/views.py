"""The inbox at /messages/: threads between a member and an annonce's author."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from club.ratelimit import allow
from members.wall import verified_member_required

from . import selectors, services
from .forms import MessageForm


@verified_member_required
@require_GET
def inbox(request):
    conversations = selectors.conversations_of(request.user)
    return render(request, "messaging/inbox.html", {"conversations": conversations})


@verified_member_required
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    conversation = selectors.access_conversation(request.user, pk)
    listing = conversation.listing
    can_write = conversation.can_write
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not allow(request, "send_message"):
            form.add_error(None, _("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure."))
            status = 429
        else:
            try:
                services.message_send(conversation=conversation, sender=request.user, body=form.cleaned_data["body"])
            except (PermissionDenied, ValidationError) as error:
                form.add_error(
                    None, str(getattr(error, "message", "") or error) or _("Impossible d'envoyer ce message.")
                )
                status = 403
            else:
                messages.success(request, _("Message envoyé."))
                return redirect(conversation)
    else:
        services.conversation_mark_read(conversation=conversation, user=request.user)
    context = {
        "conversation": conversation,
        "listing": listing,
        "other": conversation.other_party(request.user),
        "thread_messages": selectors.messages_of(conversation),
        "form": form,
        "can_write": can_write,
    }
    return render(request, "messaging/thread.html", context, status=status)
