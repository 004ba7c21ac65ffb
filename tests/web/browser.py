"""The browser harness: Playwright (its bundled driver) driving Debian's own chromium.

Nothing is downloaded at run time: the browser is /usr/bin/chromium (`.ci/run` installs it with
apt when missing), started headless with a fresh profile directory; every wait is bounded.
Each page can be checked with the vendored axe-core and saved as a PNG under
tests/artifacts/screens/ (gitignored) for a person to look at.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("POBRATYM_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000  # any one wait: navigation, a selector, a script
AXE = Path(__file__).parent / "assets" / "axe.min.js"
SCREENS = Path(__file__).parents[1] / "artifacts" / "screens"
BLOCKING = {"serious", "critical"}


def chromium_path() -> str:
    """The system chromium, or a skip (a failure under CI) when it is not installed."""
    found = shutil.which(CHROMIUM) or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if found is None:
        message = f"chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@contextmanager
def browser_context() -> Iterator[Any]:
    """A headless chromium with a fresh profile directory, closed and removed afterwards."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="pobratym-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile,
                executable_path=chromium_path(),
                headless=True,
                args=ARGS,
                timeout=TIMEOUT_MS * 2,
                locale="uk-UA",
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(TIMEOUT_MS)
            context.set_default_navigation_timeout(TIMEOUT_MS)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations axe-core finds on the page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
    )
    return [v for v in result if v["impact"] in BLOCKING]


def check_page(page: Any, name: str) -> None:
    """No serious or critical axe violation; the screenshot saved as `<name>.png`."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True, timeout=TIMEOUT_MS)
    found = axe_violations(page)
    assert not found, f"{name}: {found}"
