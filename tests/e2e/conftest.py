"""Headless Chromium (Debian's /usr/bin/chromium) driving the live server, with screenshots in test-artifacts/."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for the session; skipped (or failed, with AFTERCARE_REQUIRE_BROWSER=1) when missing."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it"
        if os.environ.get("AFTERCARE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Open a fresh browser context (own cookies) at a viewport; closed after the test."""
    contexts = []

    def make(viewport: dict[str, int] = MOBILE, locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport, locale=locale, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request) -> Callable[..., Path]:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot as test-artifacts/<test>-<name>-<width>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    test = re.sub(r"\W+", "-", request.node.name).strip("-")

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = ARTIFACTS / f"{test}-{name}-{page.viewport_size['width']}.png"
        page.evaluate("window.scrollTo(0, 0)")  # sticky bars would otherwise sit mid-page in a full-page shot
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sms_code() -> Callable[[int], str]:
    """The 6-digit code of the n-th text message in the test outbox, once the server has sent it (after commit)."""
    from aftercare.notifications.backends import MemoryBackend

    def read(count: int = 1, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while len(MemoryBackend.outbox) < count:
            if time.monotonic() > deadline:
                raise AssertionError("no login code was sent")
            time.sleep(0.05)
        message = MemoryBackend.outbox[count - 1]
        match = re.search(r"(?<!\d)(\d{6})(?!\d)", message.text)
        assert match, message.text
        return match.group(1)

    return read


def staff_login(page, username: str, password: str, *, english: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Log a staff member in through the real login form and wait for the console."""
    page.goto("/login/")
    if english:
        page.click(".lang-switch button[value=en]")
        page.wait_for_load_state()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click(".auth-card button[type=submit]")
    page.wait_for_url("**/console/")
