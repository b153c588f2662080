"""Running a form through a service: the one shape every page POST takes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.http import HttpRequest

from aftercare.kernel.errors import DomainError
from aftercare.pages.forms import add_domain_errors

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What the service returned when it accepted the form."""

    value: T


def submit(form: forms.Form, save: Callable[[dict[str, Any]], T]) -> Saved[T] | int:
    """Parse the form and hand its data to `save` (one service call).

    Returns Saved on success, else the status to show the form again with: 400 for what does not parse, or the
    service's own status with its refusal placed on the form. Not-found and permission refusals propagate.
    """
    if not form.is_valid():
        return 400
    try:
        return Saved(save(form.cleaned_data))
    except DomainError as exc:
        return add_domain_errors(form, exc)


def submit_if_posted(request: HttpRequest, form: forms.Form, save: Callable[[dict[str, Any]], T]) -> Saved[T] | int:
    """`submit` for pages that show the form on GET (200) and save it on POST."""
    if request.method != "POST":
        return 200
    return submit(form, save)
