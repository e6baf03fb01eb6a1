from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def post_text(text: str) -> str:
    """A message as typed: HTML escaped first, then links made clickable (rel nofollow, opened in
    the same tab) and line breaks kept. Never the author's HTML."""
    html = urlize(escape(text), trim_url_limit=60, nofollow=True, autoescape=False)
    return mark_safe(html.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 - escaped above


@register.inclusion_tag("community/_listing_groups.html", takes_context=True)
def listing_groups(context, listing):
    """On the author's own annonce page: « Partager avec mes groupes », the groups they belong to."""
    from community.selectors import listing_groups_for_author

    user = context["request"].user
    return {
        "listing": listing,
        "groups": listing_groups_for_author(listing, user=user),
        "csrf_token": context.get("csrf_token"),
    }
