"""Check in a headless browser that the built site typesets its mathematics
offline and that the HTML report renders, and keep screenshots of both.

Usage::

    python tools/render_check.py SITE_DIR [--report REPORT.html] [--out DIR]

The site is served from localhost (no other network is used: the browser
is started with its background connections off), each page that holds
mathematics is loaded, and the document the browser ends with must hold one
typeset MathJax element per formula of the page and no TeX error. The
screenshots (the first mathematics page, and the report) go to ``--out``
and must not be blank.

With no Chromium on the machine, it says so and exits 0, unless
``--require`` is given: the check runs where a browser is available.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Let MathJax load its components and typeset before the page is taken.
    "--virtual-time-budget=20000",
)
_FORMULA = re.compile(r'class="math notranslate nohighlight"')
_TYPESET = re.compile(r"<mjx-container\b")
_ERROR = re.compile(r"<mjx-merror\b|data-mjx-error")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serving(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _browser(browser: str, *args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if done.returncode != 0:
        msg = f"{browser} failed ({done.returncode}): {done.stderr[-2000:]}"
        raise SystemExit(msg)
    return done.stdout


def _not_blank(png: Path) -> int:
    """The number of distinct colours of a screenshot (at least 16, or it
    is taken to be blank)."""
    from matplotlib import image

    pixels = image.imread(png)
    colours = len({tuple(p) for p in pixels.reshape(-1, pixels.shape[-1])[::7]})
    if colours < 16:
        msg = f"{png}: the screenshot is blank ({colours} colours)"
        raise SystemExit(msg)
    return colours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built HTML site")
    parser.add_argument("--report", type=Path, help="an HTML report to render too")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="for the PNGs")
    parser.add_argument("--require", action="store_true", help="fail if there is no browser")
    args = parser.parse_args(argv)
    browser = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if browser is None:
        print("render check: no Chromium on this machine; skipped", file=sys.stderr)
        return 1 if args.require else 0
    args.out.mkdir(parents=True, exist_ok=True)
    pages = sorted(
        p for p in args.site.rglob("*.html") if _FORMULA.search(p.read_text(encoding="utf-8"))
    )
    if not pages:
        raise SystemExit(f"{args.site}: no page holds mathematics")
    with _serving(args.site) as base:
        for page in pages:
            url = f"{base}/{page.relative_to(args.site).as_posix()}"
            formulas = len(_FORMULA.findall(page.read_text(encoding="utf-8")))
            dom = _browser(browser, "--dump-dom", url)
            typeset = len(_TYPESET.findall(dom))
            if typeset < formulas or _ERROR.search(dom):
                msg = f"{url}: {typeset} of {formulas} formulas typeset"
                raise SystemExit(msg + (" (a TeX error)" if _ERROR.search(dom) else ""))
            print(f"render check: {page.relative_to(args.site)}: {typeset} formulas typeset")
        shot = args.out / "mathematics.png"
        first = pages[0].relative_to(args.site).as_posix()
        _browser(browser, f"--screenshot={shot}", "--window-size=1200,1600", f"{base}/{first}")
        print(f"render check: {shot}: {_not_blank(shot)} colours")
    if args.report is not None:
        shot = args.out / "report.png"
        _browser(
            browser,
            f"--screenshot={shot}",
            "--window-size=1200,3000",
            args.report.resolve().as_uri(),
        )
        print(f"render check: {shot}: {_not_blank(shot)} colours")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
