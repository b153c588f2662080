"""Live progress: posts on the repair timeline with photos or a short video, and the parts used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor
from aftercare.vehicles.inputs import FieldErrors
from aftercare.workorders import errors, rules
from aftercare.workorders.choices import ActivityKind, MediaPurpose
from aftercare.workorders.media import CleanMedia, image_clean, media_clean
from aftercare.workorders.models import ProgressPost
from aftercare.workorders.services.checkin import store_media
from aftercare.workorders.services.core import locked, log, require

MAX_FILES = 4


@dataclass(frozen=True)
class ProgressInput:
    """A timeline post: a short text, photos or a video, and optionally the part used with old/new photos."""

    text: str
    files: Sequence[Any] = field(default_factory=tuple)
    part_name: str = ""
    part_brand: str = ""
    part_number: str = ""
    old_part_photo: Any = None
    new_part_photo: Any = None


def _clean_files(data: ProgressInput, problems: FieldErrors) -> list[tuple[str, CleanMedia]]:
    if len(data.files) > MAX_FILES:
        problems.setdefault("files", []).append(_("Add at most 4 photos or videos."))
        return []
    out: list[tuple[str, CleanMedia]] = []
    for upload in data.files:
        media, reason = media_clean(upload)
        if media is None:
            problems.setdefault("files", []).append(reason)
        else:
            out.append((MediaPurpose.PROGRESS, media))
    for name, purpose, upload in (
        ("old_part_photo", MediaPurpose.OLD_PART, data.old_part_photo),
        ("new_part_photo", MediaPurpose.NEW_PART, data.new_part_photo),
    ):
        if upload is None:
            continue
        media, reason = image_clean(upload)
        if media is None:
            problems.setdefault(name, []).append(reason)
        else:
            out.append((purpose, media))
    return out


def _problems(data: ProgressInput) -> tuple[FieldErrors, list[tuple[str, CleanMedia]]]:
    problems: FieldErrors = {}
    text = data.text.strip()
    if not text:
        problems.setdefault("text", []).append(_("Write what was done or found."))
    elif len(text) > 500:
        problems.setdefault("text", []).append(_("Keep the update under 500 characters."))
    for name, value, limit in (
        ("part_name", data.part_name, 60),
        ("part_brand", data.part_brand, 40),
        ("part_number", data.part_number, 40),
    ):
        if len(value.strip()) > limit:
            problems.setdefault(name, []).append(_("Keep this under %(n)s characters.") % {"n": limit})
    has_part_photo = data.old_part_photo is not None or data.new_part_photo is not None
    if has_part_photo and not data.part_name.strip():
        problems.setdefault("part_name", []).append(_("Name the part the old and new photos show."))
    if data.part_name.strip() and not data.part_brand.strip():
        problems.setdefault("part_brand", []).append(_("Give the brand of the part used."))
    return problems, _clean_files(data, problems)


@transaction.atomic
def progress_post(
    *, actor: Actor, work_order_id: int, data: ProgressInput, clock: Clock = system_clock
) -> ProgressPost:
    """Post an update the owner sees live; with a part used, its brand and old-versus-new photos."""
    work_order = locked(actor, work_order_id)
    require(actor, "workorders.post_progress")
    if work_order.status not in rules.PROGRESS_STATES:
        raise errors.wrong_state(_("Progress can only be posted while the car is in the workshop."))
    problems, media = _problems(data)
    if problems:
        raise errors.invalid_input(problems)
    if actor.staff_id is None:
        raise errors.not_allowed()
    now = clock.now()
    post = ProgressPost.objects.create(
        work_order=work_order,
        author_id=actor.staff_id,
        text=data.text.strip(),
        part_name=data.part_name.strip(),
        part_brand=data.part_brand.strip(),
        part_number=data.part_number.strip(),
        posted_at=now,
    )
    for purpose, item in media:
        store_media(work_order, item, purpose, actor, now, progress_post=post)
    log(work_order, ActivityKind.PROGRESS, actor, now, note=post.text)
    return post
