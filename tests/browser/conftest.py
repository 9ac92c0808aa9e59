"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Playwright cannot download its own browsers here: it launches the system's `chromium` (`apt-get install
chromium`; `.ci/run` does it). Run only these with `pytest -m browser`, skip them with `-m "not browser"`.
Without Chromium they are skipped with that message, except where ROPA_BROWSER_REQUIRED is set (`.ci/run`).
Screenshots of the failing step land in `browser-artifacts/` (set ROPA_SCREENSHOTS=1 to keep every step's).
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from ropa.roles import AUDITOR, CONTRIBUTOR, DPO

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ROPA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "browser-artifacts"
PASSWORD = "browser-test-pw"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"Browser tests need Chromium at {CHROMIUM}: `apt-get install -y chromium`, or deselect them "
            'with -m "not browser".'
        )
        # CI (.ci/run installs Chromium) requires them; a machine without the system browser is told and skips.
        if os.environ.get("ROPA_BROWSER_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if getattr(request.node, "browser_failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        for i, p in enumerate(context.pages):
            p.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failed-{i}.png"), full_page=True)
    context.close()


def shot(page, name: str) -> None:
    """Keep a screenshot of a step when ROPA_SCREENSHOTS is set (to look at the pages as a DPO would)."""
    if os.environ.get("ROPA_SCREENSHOTS"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-screen.png"))


def _rerun_data_migrations() -> None:
    from django.apps import apps

    for module, function in (
        ("0002_seed_catalogues", "seed_catalogues"),
        ("0006_adequacy_scope_and_dpo_designation", "record"),
        ("0003_roles", "create_roles"),
    ):
        getattr(importlib.import_module(f"ropa.migrations.{module}"), function)(apps, None)


@pytest.fixture
def users(transactional_db):
    """The three role users. A transactional test run before this one in the same worker flushes what the data
    migrations made (catalogues, adequacy decisions, roles): they are made again first, by the migrations' own code."""
    if not Group.objects.exists():
        _rerun_data_migrations()
    made = {}
    for role in (DPO, CONTRIBUTOR, AUDITOR):
        user = User.objects.create_user(role.lower(), password=PASSWORD, is_staff=True, email=f"{role}@example.org")
        user.groups.add(Group.objects.get(name=role))
        made[role] = user
    return made


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#ropa-overview, #content-main")
