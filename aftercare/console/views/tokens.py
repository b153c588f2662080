"""The staff member's own API tokens for integrations: list, issue (the key is shown once), revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.accounts import services as account_services
from aftercare.accounts.selectors import api_token_list
from aftercare.console.access import staff_page
from aftercare.console.forms import TokenForm
from aftercare.kernel.errors import NotFound
from aftercare.kernel.http import actor_of
from aftercare.pages.submit import Saved, submit_if_posted


def _tokens_page(request: HttpRequest, form: TokenForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    # The guard has let in a logged-in staff member, so there is a user id; 0 would match nothing anyway.
    context = {"tokens": api_token_list(user_id=actor_of(request).user_id or 0), "form": form, **extra}
    return render(request, "console/tokens.html", context, status=status)


@staff_page
def tokens(request: HttpRequest) -> HttpResponse:
    """My active tokens and a form for a new one; the new key is rendered in the POST answer, never redirected."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    outcome = submit_if_posted(
        request, form, lambda data: account_services.api_token_create(user=request.user, name=data["name"])
    )
    if not isinstance(outcome, Saved):
        return _tokens_page(request, form, status=outcome)
    token, key = outcome.value
    me_url = request.build_absolute_uri(reverse("api:me"))
    curl = f'curl -H "Authorization: Bearer {key}" {me_url}'
    response = _tokens_page(request, TokenForm(), created=token, key=key, curl=curl)
    # The page guard already forbids caching; this answer holds a secret, so say so even without the guard.
    patch_cache_control(response, no_store=True, private=True)
    return response


@staff_page
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of my tokens; someone else's and a missing one are the same 404."""
    if not account_services.api_token_revoke(user=request.user, token_id=token_id):
        raise NotFound("token_not_found", gettext_lazy("Token not found."))
    messages.success(request, _("Token revoked. Integrations using it can no longer call the API."))
    return redirect("console:tokens")
