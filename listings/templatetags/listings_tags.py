import json

from django import template

register = template.Library()


@register.filter
def json_script_attr(value) -> str:
    """JSON for a data- attribute (autoescaping then escapes the quotes). Maps read it from
    static/js/map.js: no inline script, ready for a Content-Security-Policy without them."""
    return json.dumps(value, ensure_ascii=False)
