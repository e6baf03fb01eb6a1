"""{% exchange_request listing %}: the request panel of an annonce's page (the form to ask or to
offer, or, for its author, the requests waiting on it). Included once by listings/detail.html."""

from django import template

from exchanges.pages import request_panel_context

register = template.Library()


@register.inclusion_tag("exchanges/_request_panel.html", takes_context=True)
def exchange_request(context, listing):
    return request_panel_context(context["request"], listing)
