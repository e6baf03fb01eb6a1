"""What a shared link shows: Open Graph / Twitter card values and schema.org Event JSON-LD."""

from django.conf import settings
from django.templatetags.static import static
from easy_thumbnails.files import get_thumbnailer

SCHEMA_TYPES = {"exposition": "ExhibitionEvent", "atelier": "EducationEvent", "rencontre": "SocialEvent"}


def absolute(path: str) -> str:
    return path if path.startswith("http") else settings.SITE_URL.rstrip("/") + path


def event_image_url(event) -> str:
    if event.image:
        return absolute(get_thumbnailer(event.image).get_thumbnail({"size": (1200, 630), "crop": "smart"}).url)
    return absolute(static("img/og-default.png"))


def event_jsonld(event, venue) -> dict:
    url = absolute(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(event.type.slug, "Event"),
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "image": [event_image_url(event)],
        "organizer": {"@type": "Organization", "name": settings.CLUB_NAME, "url": absolute("/")},
    }
    if venue is not None:
        data["location"] = {
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.street,
                "postalCode": venue.postcode,
                "addressLocality": venue.city,
                "addressCountry": "FR",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": float(venue.latitude), "longitude": float(venue.longitude)},
        }
    if event.needs_booking:
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/SoldOut" if event.is_full else "https://schema.org/InStock",
        }
        if event.booking_opens_at:
            data["offers"]["validFrom"] = event.booking_opens_at.isoformat()
    speakers = event.speaker_list()
    if speakers:
        data["performer"] = [{"@type": "Person", "name": name} for name in speakers]
    partners = list(event.partners.all())
    if partners:
        data["sponsor"] = [
            {"@type": "Organization", "name": p.name, **({"url": p.url} if p.url else {})} for p in partners
        ]
    return data
