from django.shortcuts import render


def agenda(request):
    # Placeholder until the venue issue fills it.
    return render(request, "events/agenda.html")
