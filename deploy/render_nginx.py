"""Render deploy/nginx/club.conf.template: every ${CLUB_...} placeholder from the environment.

    CLUB_SERVER_NAME=club.example.org ... python deploy/render_nginx.py > /etc/nginx/conf.d/club.conf

Fails, naming them, when placeholders have no value; nginx's own $variables are not touched."""

import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "club.conf.template"
PLACEHOLDER = re.compile(r"\$\{(CLUB_[A-Z_]+)\}")


def render(values: dict[str, str], template: str | None = None) -> str:
    text = TEMPLATE.read_text() if template is None else template
    missing = sorted({name for name in PLACEHOLDER.findall(text) if not values.get(name)})
    if missing:
        raise SystemExit("render_nginx: set " + ", ".join(missing))
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


if __name__ == "__main__":
    sys.stdout.write(render(dict(os.environ)))
