"""{% exchange_request listing %}: the request panel of an annonce's page (the form to ask or to
offer, or, for its author, the requests waiting on it): exchanges.pages.request_panel_html."""

from django import template

from exchanges.pages import request_panel_html

register = template.Library()


@register.simple_tag(takes_context=True)
def exchange_request(context, listing):
    return request_panel_html(context["request"], listing)
