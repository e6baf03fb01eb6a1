"""Run by tests/test_sentry.py with `manage.py shell -c`, with or without SENTRY_DSN: one view
raises, and the probe prints whether sentry_sdk was imported and initialised, as one JSON line."""

import json
import os
import sys

from django.test import Client, override_settings

out = {"imported_at_start": "sentry_sdk" in sys.modules}
with override_settings(ROOT_URLCONF="tests.error_urls"):
    # Personal data the request carries; from the environment, so that it is not in sys.argv either.
    response = Client(raise_request_exception=False).post(
        "/en-panne/",
        {"name": os.environ["PROBE_NAME"]},
        HTTP_X_REQUEST_ID="sentry-probe-request",
        HTTP_COOKIE=f"sessionid={os.environ['PROBE_SESSION']}",
    )
out["status"] = response.status_code
out["imported"] = "sentry_sdk" in sys.modules
if out["imported"]:
    import sentry_sdk

    out["active"] = sentry_sdk.get_client().is_active()
    sentry_sdk.flush(timeout=10)
print("PROBE" + json.dumps(out))
