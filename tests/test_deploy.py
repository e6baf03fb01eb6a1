"""deploy/'s files agree with the app (no nginx needed; tests/test_nginx.py runs them for real)."""

import re
import subprocess
import sys
from pathlib import Path

from listings.models import MAX_PHOTOS
from listings.photos import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = (ROOT / "deploy" / "nginx" / "club.conf.template").read_text()


def test_nginx_accepts_the_largest_upload_the_app_accepts_and_little_more():
    size = re.search(r"client_max_body_size (\d+)m;", TEMPLATE)
    limit = int(size.group(1)) * 1024 * 1024
    largest = MAX_PHOTOS * MAX_BYTES  # an annonce's photos, all at their largest
    assert largest < limit <= largest + 2 * 1024 * 1024


def test_the_protected_location_is_the_one_the_app_redirects_to():
    assert re.search(r"location /protected-media/ \{\s*internal;", TEMPLATE)


def test_rendering_refuses_a_missing_value():
    result = subprocess.run(
        [sys.executable, "deploy/render_nginx.py"],
        cwd=ROOT,
        env={"CLUB_SERVER_NAME": "club.example.org"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "CLUB_MEDIA_ROOT" in result.stderr and result.stdout == ""
