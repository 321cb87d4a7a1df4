"""Real-browser tests: headless Chromium (Debian's package) driven by Playwright, against the
embedded demo over loopback, at a phone's width (360 px) and a desktop's (1280 px).

Every test fails on a console error (a CSP violation is one) and leaves a screenshot in
artifacts/screenshots/<test>-<width>.png.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.app_process import running_demo
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
#: How Chromium logs an HTTP refusal; tests marked `refusals` expect them (a wrong password, a lock).
REFUSED = re.compile(
    r"Failed to load resource: (the server responded with a status of (401|403|429|500) \(.*\)|net::ERR_FAILED)"
)
#: Width -> the window a person has: a 360 px phone (touch, 2x pixels) and a 1280 px desktop.
WINDOWS = {360: {"height": 740, "touch": True, "scale": 2}, 1280: {"height": 800, "touch": False, "scale": 1}}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "refusals: the test expects refused or failed requests (4xx, 500, no answer)")


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("YJS_BROWSER_TESTS") == "required":  # make test installs it: its absence is a failure
            pytest.fail("chromium is not installed (.ci/system-deps.sh required installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return path


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's data directory: its SQLite file, and demo.log with the staff accounts' passwords."""
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="session")
def demo_url(chromium: str, demo_dir: Path) -> Iterator[str]:
    with running_demo(demo_dir) as url:
        yield url


# Module scope, not session (nor package, which pytest may tear down late): sync Playwright runs
# its own event loop on this thread while its driver lives, and the async tests that run after
# the browser tests need the thread's loop free.
@pytest.fixture(scope="module")
def playwright_driver(chromium: str) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright, chromium: str) -> Iterator[Browser]:
    # --no-sandbox: the tests may run as root (in CI containers), where Chromium's sandbox cannot start.
    launched = playwright_driver.chromium.launch(
        executable_path=chromium, args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"]
    )
    yield launched
    launched.close()


@pytest.fixture(params=sorted(WINDOWS), ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def page(browser: Browser, demo_url: str, width: int, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh visitor (no stored session) at this width; console errors fail the test after it."""
    window = WINDOWS[width]
    context = browser.new_context(
        base_url=demo_url,
        viewport={"width": width, "height": window["height"]},
        has_touch=window["touch"],
        is_mobile=window["touch"],
        device_scale_factor=window["scale"],
        locale="zh-CN",
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: _note_error(message, errors))
    opened.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=SCREENSHOTS / f"{request.node.originalname}-{width}.png")
    context.close()
    if request.node.get_closest_marker("refusals"):  # the test makes the server refuse on purpose
        errors = [e for e in errors if not REFUSED.fullmatch(e)]
    assert not errors, "console errors:\n" + "\n".join(errors)


def _note_error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)
