"""In a real browser: a staff member creates an API token, sees it once, and revokes it after a confirmation."""

from __future__ import annotations

import pytest

from aftercare.accounts.models import ApiToken
from aftercare.network.tests.factories import PASSWORD, StaffFactory
from tests.e2e.conftest import DESKTOP, MOBILE, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_creates_a_token_sees_it_once_and_revokes_it(new_page, shot) -> None:  # type: ignore[no-untyped-def]
    staff = StaffFactory(display_name="程伟")
    page = new_page(DESKTOP, locale="en-US")
    staff_login(page, staff.user.username, PASSWORD, english=True)

    page.click(".topbar-tools a[href='/console/tokens/']")
    page.wait_for_url("**/console/tokens/")
    page.fill("input[name=name]", "DMS nightly sync")
    page.click("#new-token-form button[type=submit]")
    page.wait_for_selector("#new-token")
    key = page.inner_text("#new-token")
    assert key.startswith("ac_") and page.locator("[data-copy='#new-token']").is_visible()
    assert page.inner_text("#new-token-curl").startswith(f'curl -H "Authorization: Bearer {key}" http://')
    shot(page, "created")
    page.set_viewport_size(MOBILE)
    shot(page, "created")

    page.goto("/console/tokens/")
    assert key not in page.content()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click(".token-row button[type=submit]")
    assert ApiToken.objects.get().revoked_at is None, "a dismissed confirmation revokes nothing"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".token-row button[type=submit]")
    page.wait_for_selector(".messages .alert-success")
    assert page.locator(".token-row").count() == 0
    assert ApiToken.objects.get().revoked_at is not None
    shot(page, "revoked")
