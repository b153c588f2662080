"""DomainError: the one exception type services raise for a user's mistake."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A refusal the user can act on: a stable code, a translatable message, optional field errors."""

    status: int = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        fields: Mapping[str, list[str | Promise]] | None = None,
        status: int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        self.params = dict(params or {})
        if status is not None:
            self.status = status

    def render_message(self) -> str:
        """The message in the active language, with its parameters filled in."""
        text = str(self.message)
        return text % self.params if self.params else text

    def render_fields(self) -> dict[str, list[str]]:
        """Field errors in the active language."""
        return {name: [str(m) for m in msgs] for name, msgs in self.fields.items()}


class NotFound(DomainError):
    """The object does not exist or belongs to someone else: the two look identical."""

    status = 404


class PermissionDenied(DomainError):
    """The actor may see the object but not do this to it."""

    status = 403
