from django.shortcuts import render

from members.wall import verified_member_required


@verified_member_required
def listing_list(request):
    # Placeholder until the annonces issue fills it: the wall is tested from day one.
    return render(request, "listings/list.html")
