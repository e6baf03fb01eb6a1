"""Page numbers for a paginated list: « 1 … 4 5 6 … 20 », with « ← » and « → » around them."""

from django import template

register = template.Library()

# Pages shown on each side of the current one, besides the first and the last.
AROUND = 1


def page_numbers(number: int, count: int, around: int = AROUND) -> list[int | None]:
    """The page numbers to link to, None where a gap of more than one page is left out:
    (5, 20) gives [1, None, 4, 5, 6, None, 20]; a gap of one page shows that page instead."""
    wanted = {1, count, *range(number - around, number + around + 1)}
    shown = sorted(n for n in wanted if 1 <= n <= count)
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)
        elif numbers and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


@register.inclusion_tag("_pagination.html", takes_context=True)
def pagination(context, page, query_string="", target="", swap="", label=""):
    """The pages of `page` (a Django Page) as links that keep `query_string`; with `target`
    (a CSS selector), htmx loads the page into it (`swap`: its hx-swap) and pushes the URL."""
    prefix = f"?{query_string}&page=" if query_string else "?page="
    return {
        "page": page,
        "items": [
            {"number": n, "url": f"{prefix}{n}" if n else "", "current": n == page.number}
            for n in page_numbers(page.number, page.paginator.num_pages)
        ],
        "prefix": prefix,
        "target": target,
        "swap": swap,
        "label": label,
    }
