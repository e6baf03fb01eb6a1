"""Annonces, favourites and reports are personal data (see members/privacy.py; conversations are
in messaging/privacy.py, which runs after this module).

Erasure follows the notice (templates/members/delete_account.html): the member's annonces and
their photos (files and thumbnails too) are deleted, with the conversations about them;
favourites and reports they made are deleted."""

from .models import Favourite, Listing, Report


def export(user) -> dict:
    listings = Listing.objects.filter(author=user).select_related("category").prefetch_related("photos")
    return {
        "listings": [
            {
                "id": listing.pk,
                "category": listing.category.name,
                "kind": listing.kind,
                "title": listing.title,
                "description": listing.description,
                "price": str(listing.price) if listing.price is not None else None,
                "postcode": listing.postcode,
                "city": listing.city,
                "details": listing.details,
                "status": listing.status,
                "created_at": listing.created_at.isoformat(),
                "photos": [
                    {"file": photo.image.name.rsplit("/", 1)[-1], "width": photo.width, "height": photo.height}
                    for photo in listing.photos.all()
                ],
            }
            for listing in listings.order_by("created_at")
        ],
        "favourites": [
            {"listing": favourite.listing.title, "added_at": favourite.created_at.isoformat()}
            for favourite in Favourite.objects.filter(user=user).select_related("listing").order_by("created_at")
        ],
        "reports": [
            {
                "listing": report.listing.title,
                "reason": report.reason,
                "text": report.text,
                "created_at": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(reporter=user).select_related("listing").order_by("created_at")
        ],
    }


def erase(user) -> None:
    from .services import listing_delete

    for listing in Listing.objects.filter(author=user).prefetch_related("photos"):
        listing_delete(listing=listing)  # files and thumbnails go after commit
    Favourite.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
