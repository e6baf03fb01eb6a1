"""axe-core in the browser tests: the vendored tests/browser/vendor/axe.min.js (see VERSION and
scripts/vendor_axe.sh), evaluated in the page through Playwright.

Why `page.evaluate` and not `page.add_script_tag(content=…)`: the site sends
`Content-Security-Policy: script-src 'self'`, so an inline <script> added to the page is refused
(and the refusal is a console error, which fails the test). Code evaluated through the DevTools
protocol is not subject to the page's CSP, so axe runs against the page exactly as served, with
its real CSP, and no `bypass_csp` context is needed."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


def inject(page):
    # The trailing statement makes the source a script, not a function, for Playwright's evaluate.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE + "\n;typeof window.axe")


def run(page, *, tags=WCAG_21_AA, rules=None):
    """The axe results for the current page, restricted to WCAG 2.1 A/AA (or to some rules)."""
    inject(page)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags}
    return page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": run_only, "resultTypes": ["violations"]},
    )


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    {' '.join(node['target'])}: {summary}")
    return "\n".join(lines)


def serious_violations(page, **options):
    return [v for v in run(page, **options)["violations"] if v["impact"] in FAILING_IMPACTS]
