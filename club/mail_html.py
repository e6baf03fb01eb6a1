"""The HTML part of the club's e-mails: the shared layout (templates/emails/layout.html), an e-mail's
text part turned into HTML when it has no `.html` template of its own, and the CSS inlined.

The text part is the source of truth: every e-mail has one, written for people. An e-mail without
an HTML template still gets an HTML part in the club's look: its text, escaped once, in paragraphs,
with links; the line holding the e-mail's main link (`action_url`) becomes a button."""

import re

import css_inline
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A URL ends before spaces, angle brackets, quotes and French quotes, and before a final
# punctuation mark (« … sur https://example.org/. » keeps its full stop out of the link).
URL_RE = re.compile(r"https?://[^\s<>\"'«»]*[^\s<>\"'«».,;:!?)]")

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


# French typography: no line break between a word and « », :, ;, ! or ? (the text part has plain
# spaces, which a narrow screen may break, leaving a lone » at the start of a line).
_BEFORE_PUNCTUATION = re.compile(r" ([:;!?»])")
_AFTER_GUILLEMET = re.compile(r"« ")


def typeset(text: str) -> SafeString:
    """Plain words as HTML: escaped once, with French non-breaking spaces."""
    html = _BEFORE_PUNCTUATION.sub("\u00a0\\1", escape(text))
    return mark_safe(_AFTER_GUILLEMET.sub("«\u00a0", html))  # noqa: S308 (escaped above)


def _link(url: str, links: dict, css: str = "link") -> str:
    label = links.get(url)
    if label:
        return f'<a href="{escape(url)}" class="link">{typeset(str(label))}</a>'
    return f'<a href="{escape(url)}" class="{css}">{escape(url)}</a>'


def _linkify(line: str, links: dict) -> str:
    """One line of text as HTML: escaped, its URLs as links (with their words when `links` has them)."""
    html, last = [], 0
    for match in URL_RE.finditer(line):
        html.append(typeset(line[last : match.start()]))
        html.append(_link(match.group(0), links))
        last = match.end()
    html.append(typeset(line[last:]))
    return "".join(html)


def button(url: str, label: str) -> SafeString:
    """A « bulletproof » button: a table cell with the colour, so it shows even without CSS
    support or images, and the whole area is the link."""
    return mark_safe(  # noqa: S308 (escaped here)
        render_to_string("emails/_button.html", {"url": url, "label": label})
    )


def text_to_html(
    text: str, *, action_url: str = "", action_label: str = "", links: dict | None = None, details: str = ""
) -> SafeString:
    """`text` (an e-mail's plain-text part) as HTML paragraphs. A line that is only a URL is a
    link on its own line; in the last line that ends with `action_url`, that URL is drawn as the
    button instead (and the button is added at the end when the text never shows that URL).
    `links` maps other URLs to the words their links show (« Annuler ma réservation »). The
    paragraph made of the lines of `details` (the booking's or the exchange's facts, as the text
    part shows them) is drawn as a box; a paragraph in « » (a member's message) as a quote."""
    links = links or {}
    detail_lines = {line.strip() for line in details.splitlines() if line.strip()}
    paragraphs = [
        [line.strip() for line in paragraph.splitlines() if line.strip()]
        for paragraph in re.split(r"\n\s*\n", text.strip())
    ]
    with_button = None
    if action_url and action_label:
        found = [(p, n) for p, lines in enumerate(paragraphs) for n, ln in enumerate(lines) if ln.endswith(action_url)]
        with_button = found[-1] if found else None
    blocks = []

    def paragraph_of(lines, kind="p"):
        if not lines:
            return []
        if kind == "details":
            rows = "".join(
                f'<tr><td class="details-line{" details-first" if n == 0 else ""}">{line}</td></tr>'
                for n, line in enumerate(lines)
            )
            blocks.append(
                '<table role="presentation" class="details" width="100%" border="0" cellpadding="0" '
                f'cellspacing="0"><tr><td class="details-cell" bgcolor="#e3f0f2"><table role="presentation" '
                f'width="100%" border="0" cellpadding="0" cellspacing="0">{rows}</table></td></tr></table>'
            )
        elif kind == "quote":
            blocks.append('<blockquote class="quote">' + "<br>\n".join(lines) + "</blockquote>")
        else:
            blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
        return []

    for p, lines in enumerate(paragraphs):
        others = [line for n, line in enumerate(lines) if (p, n) != with_button]
        if detail_lines and others and all(line in detail_lines for line in others):
            kind = "details"
        elif lines[0].startswith("«") and lines[-1].endswith("»"):
            kind = "quote"
        else:
            kind = "p"
        pending = []
        for n, line in enumerate(lines):
            if (p, n) == with_button:
                pending = paragraph_of(pending, kind)
                # « Votre billet en ligne : https://… » : the words stay, the link is the button.
                if label := line[: -len(action_url)].strip():
                    paragraph_of([_linkify(label, links)])
                blocks.append(button(action_url, action_label))
            elif URL_RE.fullmatch(line):
                pending.append(_link(line, links, "link link-alone"))
            else:
                pending.append(_linkify(line, links))
        paragraph_of(pending, kind)
    if action_url and action_label and with_button is None:
        blocks.append(button(action_url, action_label))
    return mark_safe("\n".join(blocks))  # noqa: S308 (every piece escaped above)


def preheader_of(text: str) -> str:
    """The line mail apps show after the subject: the first paragraph that is not the greeting."""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        line = " ".join(paragraph.split())
        if line and not line.endswith(",") and not URL_RE.fullmatch(line):
            return line[:140]
    return ""


def inline_css(html: str) -> str:
    """Inline the layout's CSS into style attributes (mail apps drop <style> blocks); the
    @media rules (phones, dark mode) stay in a <style> block for the apps that read them."""
    return _INLINER.inline(html)
