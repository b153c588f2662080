"""Nothing is fetched from another origin: no CDN, no web fonts, no trackers (pages and the API docs)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

ASSET = re.compile(rb"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/login/", "/my/login/", "/api/docs"])
def test_page_assets_are_served_by_us(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    urls = ASSET.findall(response.content)
    assert urls, "the page should reference its own CSS/JS"
    external = [u for u in urls if u.startswith((b"http://", b"https://", b"//"))]
    assert not external, f"{path} loads from another origin: {external}"
