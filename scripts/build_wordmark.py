"""Build static/img/logo.svg and favicon.svg, the club's wordmark: the mark (two linked rings on the club's teal
square, as in favicon.svg) and « Le Club » set in Inter, turned into outlines so the SVG needs no
font when shown as an <img>.

A one-off for designers, not part of the site: it needs fontTools and brotli, which the project
does not depend on. Run it from a throwaway virtualenv:
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools brotli
    /tmp/ft/bin/python scripts/build_wordmark.py
"""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

HERE = Path(__file__).resolve().parent.parent
FONT = HERE / "static/vendor/inter/inter-latin-wght-normal.woff2"
INK, BRAND, ACCENT = "#1d2433", "#0b5563", "#f4b942"
HEIGHT = 40  # viewBox height; the mark is a 40 x 40 square
SIZE = 27  # font size in viewBox units


def text_path(font: TTFont, text: str, x: float, baseline: float, tracking: float = 0) -> tuple[str, float]:
    """An SVG path of `text` starting at x on `baseline`, and the x where it ends."""
    cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
    scale = SIZE / font["head"].unitsPerEm
    hmtx = font["hmtx"]
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
    for char in text:
        name = cmap[ord(char)]
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += hmtx[name][0] * scale + tracking
    return pen.getCommands(), x - tracking


def main() -> None:
    font = instancer.instantiateVariableFont(TTFont(FONT), {"wght": 780})
    baseline = 29
    le, end = text_path(font, "Le", 50, baseline, tracking=-0.4)
    club, end = text_path(font, "Club", end + 6, baseline, tracking=-0.5)
    width = round(end + 2)
    mark = (
        f'<rect width="40" height="40" rx="10" fill="{BRAND}"/>'
        f'<circle cx="15" cy="20" r="8.5" fill="none" stroke="#fff" stroke-width="3.5"/>'
        f'<circle cx="25" cy="20" r="8.5" fill="none" stroke="{ACCENT}" stroke-width="3.5"/>'
        # the white ring passes over the yellow one at the top: the rings are linked
        f'<path d="M17.2 11.79 A8.5 8.5 0 0 1 21.96 15.12" fill="none" stroke="#fff" stroke-width="3.5"/>'
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}"'
        f' role="img" aria-label="Le Club"><title>Le Club</title>{mark}'
        f'<path fill="{BRAND}" d="{le}"/><path fill="{INK}" d="{club}"/></svg>\n'
    )
    (HERE / "static/img/logo.svg").write_text(svg)
    # The favicon is the mark alone, so the tab and the header match.
    favicon = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">{mark}</svg>\n'
    (HERE / "static/img/favicon.svg").write_text(favicon)
    print(f"static/img/logo.svg: {width} x {HEIGHT}, {len(svg)} bytes")


if __name__ == "__main__":
    main()
