"""Writes for Homecoming: enrolment with its decision and wallet, exactly-once redemption, the rules.

Every function owns its transaction and leaves nothing half-written when it refuses.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.audit.services import audit_record
from aftercare.history.choices import HistoryEventType
from aftercare.history.services import event_record
from aftercare.homecoming import errors, photos, rules, selectors
from aftercare.homecoming.choices import (
    SINGLE_USE,
    AppliedVia,
    BenefitKind,
    BenefitStatus,
    EnrolmentStatus,
    OwnerKind,
    PurchaseChannel,
)
from aftercare.homecoming.errors import FieldErrors
from aftercare.homecoming.models import Benefit, Enrolment, ParticipatingStore, RuleSet
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.models import Store
from aftercare.notifications.services import inbox_post
from aftercare.vehicles import inputs as vehicle_inputs
from aftercare.vehicles.choices import OwnershipSource, VehicleUseType
from aftercare.vehicles.inputs import LicenceInput, SpecificationInput
from aftercare.vehicles.models import Ownership, Vehicle, VehicleLicence
from aftercare.vehicles.selectors import latest_licence, vehicle_get
from aftercare.vehicles.services import _licence_record, vehicle_register

Photo = IO[bytes] | bytes | None
REFERENCE_MAX = 64
NOTE_MAX = 200


def _require(actor: Actor, permission: str) -> None:
    if actor.kind == ActorKind.OWNER:
        return
    if not actor.is_staff_side or not actor.can(permission):
        raise errors.not_allowed()


# --------------------------------------------------------------------------------------------
# Enrolment
# --------------------------------------------------------------------------------------------


def _choice_problems(purchase_channel: str, owner_kind: str, problems: FieldErrors) -> None:
    if purchase_channel not in PurchaseChannel.values:
        problems.setdefault("purchase_channel", []).append(_("Choose where the car was bought."))
    if owner_kind not in OwnerKind.values:
        problems.setdefault("owner_kind", []).append(
            _("Say whether the registered owner is a private person or a company.")
        )


def _held_since_problems(
    held_since: dt.date | None,
    today: dt.date,
    licence: VehicleLicence | LicenceInput | None,
    ownership: Ownership | None,
    problems: FieldErrors,
) -> None:
    field = problems.setdefault("held_since", [])
    registered = getattr(licence, "registration_date", None)
    if held_since is None:
        field.append(_("Enter the date you bought the car or the transfer (过户) date."))
    elif held_since > today:
        field.append(_("The purchase date cannot be in the future."))
    elif registered is not None and held_since < registered:
        field.append(_("The purchase date cannot be before the car's first registration."))
    elif ownership is not None and ownership.source == OwnershipSource.TRANSFER and held_since < ownership.started_on:
        field.append(
            _("The store recorded the transfer on %(date)s; the purchase date cannot be earlier.")
            % {"date": ownership.started_on.isoformat()}
        )
    if not field:
        del problems["held_since"]


def _wallet_code() -> str:
    alphabet, length = selectors.WALLET_CODE_ALPHABET, selectors.WALLET_CODE_LENGTH
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(length))
        if not Enrolment.objects.filter(wallet_code=code).exists():
            return code


@transaction.atomic
def enrolment_apply(
    *,
    actor: Actor,
    vehicle_id: int,
    held_since: dt.date | None,
    purchase_channel: str,
    owner_kind: str,
    photo: Photo,
    licence: LicenceInput | None = None,
    clock: Clock = system_clock,
) -> Enrolment:
    """Apply for a car: decide with the rules in force, record the outcome; approval opens the benefits wallet.

    The owner applies for their own car; staff with the permission apply at check-in for a car of their group.
    A refusal is recorded too (with its reasons and, when only time stands in the way, the eligible date).
    `licence` is used only when the car has no vehicle licence on record yet.
    """
    _require(actor, "homecoming.enrol_vehicle")
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()  # one application per car at a time
    now = clock.now()
    today = timezone.localdate(now)
    ownership = Ownership.objects.filter(vehicle=vehicle, ended_on__isnull=True).select_related("owner").first()
    if ownership is None:
        raise errors.no_current_owner()
    on_record = latest_licence(vehicle)
    problems: FieldErrors = {}
    if on_record is None:
        vehicle_inputs.licence_clean(licence or LicenceInput("", "", "", None, None), today, problems)
    _choice_problems(purchase_channel, owner_kind, problems)
    _held_since_problems(held_since, today, on_record or licence, ownership, problems)
    stored_photo = photos.photo_clean(photo, problems)
    if problems or held_since is None or stored_photo is None:
        raise errors.invalid_input(problems)
    if Enrolment.objects.filter(vehicle=vehicle, owner=ownership.owner, status=EnrolmentStatus.APPROVED).exists():
        raise errors.already_enrolled()
    if on_record is None:
        assert licence is not None
        # The car was registered without its licence (staff may skip it): record it the vehicles way first.
        on_record = _licence_record(vehicle, licence, vehicle.plate, actor, now)
    rule_set = _rules_in_force()
    decision = rules.decide(
        selectors.rules_of(rule_set),
        rules.Application(
            owner_kind=owner_kind,
            registered_owner_name=on_record.registered_owner_name,
            held_since=held_since,
            channel=purchase_channel,
            use_type=on_record.use_type,
        ),
        today,
    )
    enrolment = Enrolment(
        vehicle=vehicle,
        owner=ownership.owner,
        status=EnrolmentStatus.APPROVED if decision.approved else EnrolmentStatus.REFUSED,
        held_since=held_since,
        purchase_channel=purchase_channel,
        owner_kind=owner_kind,
        licence=on_record,
        refusals=[{"code": r.code, "params": dict(r.params)} for r in decision.refusals],
        days_held=decision.days_held,
        eligible_on=decision.eligible_on,
        rule_set=rule_set,
        wallet_code=_wallet_code() if decision.approved else "",
        applied_via=AppliedVia.OWNER if actor.kind == ActorKind.OWNER else AppliedVia.STORE,
        store_id=actor.store_id if actor.kind == ActorKind.STAFF else None,
        applied_by_id=actor.user_id,
        applied_at=now,
    )
    enrolment.photo.save(stored_photo.name or "licence.jpg", stored_photo, save=False)
    try:
        with transaction.atomic():
            enrolment.save(force_insert=True)
    except IntegrityError as exc:  # a parallel application for the same owner was approved a moment ago
        enrolment.photo.delete(save=False)
        raise errors.already_enrolled() from exc
    if enrolment.approved:
        _wallet_open(enrolment, actor, now)
    _notify(enrolment, ownership)
    return enrolment


def _rules_in_force() -> RuleSet:
    rule_set = selectors.rules_current()
    if rule_set.pk is None:  # nobody seeded the table: the code defaults become its first row
        rule_set.note = "Programme defaults"
        rule_set.save()
    return rule_set


def _wallet_open(enrolment: Enrolment, actor: Actor, now: dt.datetime) -> None:
    Benefit.objects.bulk_create(
        Benefit(
            enrolment=enrolment,
            vehicle_id=enrolment.vehicle_id,
            kind=kind,
            status=BenefitStatus.AVAILABLE if kind in SINGLE_USE else BenefitStatus.ACTIVE,
        )
        for kind in BenefitKind.values
    )
    event_record(
        vehicle_id=enrolment.vehicle_id,
        event_type=HistoryEventType.ENROLLED,
        occurred_at=now,
        actor_user_id=actor.user_id,
        payload={
            "enrolment": enrolment.pk,
            "held_since": enrolment.held_since.isoformat(),
            "purchase_channel": enrolment.purchase_channel,
            "via": enrolment.applied_via,
            "rule_set": enrolment.rule_set_id,
            "benefits": list(BenefitKind.values),
        },
    )


def _notify(enrolment: Enrolment, ownership: Ownership) -> None:
    user_id = ownership.owner.user_id
    if not user_id:
        return
    car = enrolment.vehicle.plate or enrolment.vehicle.vin[-6:]
    if enrolment.approved:
        inbox_post(
            recipient_id=user_id,
            kind="homecoming_enrolled",
            title=_("Welcome home: %(car)s has joined Homecoming") % {"car": car},
            body=_(
                "Your benefits wallet is ready: a free 76-item health check, a free oil and filter service, a "
                "maintenance discount by car age, connected services and recall reminders. Show wallet code "
                "%(code)s at any participating store."
            )
            % {"code": enrolment.wallet_code},
            link=f"/my/vehicles/{enrolment.vehicle_id}/homecoming/",
        )
    elif enrolment.applied_via == AppliedVia.STORE:
        reasons = " ".join(selectors.refusal_messages(enrolment))
        when = (
            _("It can join from %(date)s.") % {"date": enrolment.eligible_on.isoformat()}
            if enrolment.eligible_on
            else ""
        )
        inbox_post(
            recipient_id=user_id,
            kind="homecoming_refused",
            title=_("%(car)s cannot join Homecoming yet") % {"car": car},
            body=f"{reasons} {when}".strip(),
            link=f"/my/homecoming/enrolments/{enrolment.pk}/",
        )


@transaction.atomic
def car_add_and_enrol(
    *,
    actor: Actor,
    vin: str,
    plate: str,
    licence: LicenceInput | None,
    odometer_km: int | None,
    held_since: dt.date | None,
    purchase_channel: str,
    owner_kind: str,
    photo: Photo,
    specification: SpecificationInput | None = None,
    clock: Clock = system_clock,
) -> Enrolment:
    """The owner's "add my car and join Homecoming": the usual registration, then the application, all or nothing
    when the input is wrong (a refusal is an outcome, not a mistake: the car stays and the refusal is kept)."""
    if actor.kind != ActorKind.OWNER:
        raise errors.not_allowed()
    problems: FieldErrors = {}
    _choice_problems(purchase_channel, owner_kind, problems)
    if held_since is None:
        problems["held_since"] = [_("Enter the date you bought the car or the transfer (过户) date.")]
    photos.photo_clean(photo, problems)
    try:
        vehicle = vehicle_register(
            actor=actor,
            vin=vin,
            plate=plate,
            licence=licence,
            owned_since=held_since,
            odometer_km=odometer_km,
            specification=specification,
            clock=clock,
        )
    except DomainError as exc:
        if exc.code == "invalid_input":
            exc.fields = {("held_since" if name == "owned_since" else name): msgs for name, msgs in exc.fields.items()}
            for name, msgs in problems.items():
                exc.fields.setdefault(name, []).extend(msgs)
        raise
    if problems:
        raise errors.invalid_input(problems)
    return enrolment_apply(
        actor=actor,
        vehicle_id=vehicle.pk,
        held_since=held_since,
        purchase_channel=purchase_channel,
        owner_kind=owner_kind,
        photo=photo,
        clock=clock,
    )


@transaction.atomic
def enrolment_photo_open(*, actor: Actor, enrolment_id: int, ip_address: str | None = None) -> bytes:
    """The licence photo's bytes. The applying owner sees it; staff need the reveal permission and are audited."""
    enrolment = selectors.enrolment_get(actor=actor, enrolment_id=enrolment_id)
    if actor.kind != ActorKind.OWNER:
        if not actor.can("owners.reveal_personal_data"):
            raise errors.not_allowed()
        audit_record(
            actor_user_id=actor.user_id or 0,
            action="homecoming.licence_photo_viewed",
            object_type="homecoming.enrolment",
            object_id=enrolment.pk,
            fields=["photo"],
            reason="Homecoming licence photo",
            dealer_group_id=enrolment.vehicle.dealer_group_id,
            ip_address=ip_address,
        )
    with enrolment.photo.open("rb") as handle:
        data: bytes = handle.read()
    return data


# --------------------------------------------------------------------------------------------
# Redemption
# --------------------------------------------------------------------------------------------


def _benefit_in_reach(actor: Actor, benefit_id: int, wallet_code: str) -> Benefit:
    """The benefit when it is in the actor's group, or when the owner's wallet code was given; else a 404."""
    benefit = (
        Benefit.objects.filter(pk=benefit_id).select_related("enrolment", "vehicle").first()
        if 0 < benefit_id < 2**53
        else None
    )
    if benefit is None:
        raise errors.benefit_not_found()
    own_group = actor.dealer_group_id is not None and benefit.vehicle.dealer_group_id == actor.dealer_group_id
    code = selectors.wallet_code_normalize(wallet_code)
    by_code = bool(code) and hmac.compare_digest(benefit.enrolment.wallet_code, code)
    if not (own_group or by_code):
        raise errors.benefit_not_found()
    return benefit


@transaction.atomic
def benefit_redeem(
    *,
    actor: Actor,
    benefit_id: int,
    store_id: int | None = None,
    reference: str = "",
    wallet_code: str = "",
    clock: Clock = system_clock,
) -> Benefit:
    """Use a voucher once at a participating store (the actor's own). Exactly once, even when two stores try at
    the same moment: a conditional UPDATE … WHERE status='available'; the loser gets benefit_already_redeemed."""
    if actor.kind != ActorKind.STAFF or not actor.can("homecoming.redeem_benefit"):
        raise errors.not_allowed()
    benefit = _benefit_in_reach(actor, benefit_id, wallet_code)
    store_id = store_id if store_id is not None else actor.store_id
    reference = (reference or "").strip()
    if len(reference) > REFERENCE_MAX:
        raise errors.invalid_input({"reference": [_("Keep the reference under 64 characters.")]})
    if store_id is None or store_id != actor.store_id:
        raise errors.store_not_yours()
    if not selectors.store_participates(store_id=store_id):
        raise errors.store_not_participating()
    if benefit.kind not in SINGLE_USE:
        raise errors.benefit_not_redeemable()
    holder = Ownership.objects.filter(vehicle_id=benefit.vehicle_id, ended_on__isnull=True).first()
    if holder is None or holder.owner_id != benefit.enrolment.owner_id:
        raise errors.wallet_closed()
    updated = Benefit.objects.filter(pk=benefit.pk, status=BenefitStatus.AVAILABLE).update(
        status=BenefitStatus.REDEEMED,
        redeemed_at=clock.now(),
        redeemed_store_id=store_id,
        redeemed_by_id=actor.user_id,
        reference=reference,
    )
    if updated != 1:
        raise errors.benefit_already_redeemed()
    benefit.refresh_from_db()
    return benefit


# --------------------------------------------------------------------------------------------
# Rules and participating stores (operators)
# --------------------------------------------------------------------------------------------


def tiers_parse(rows: list[tuple[Any, Any]], problems: FieldErrors) -> tuple[rules.Tier, ...]:
    """(min_years, percent) pairs as typed; blank rows are skipped, the rest must be whole years and percents."""
    tiers: list[rules.Tier] = []
    for years, percent in rows:
        if years in (None, "") and percent in (None, ""):
            continue
        try:
            tiers.append(rules.Tier(int(years), Decimal(str(percent)).quantize(Decimal("0.01"))))
        except (TypeError, ValueError, InvalidOperation):
            problems.setdefault("discount_tiers", []).append(
                _("Give each tier a car age in whole years and a percentage.")
            )
            return ()
    messages = {
        "too_many": _("Use at most %(n)s tiers.") % {"n": rules.MAX_TIERS},
        "age_range": _("Car ages go from 0 to 50 years."),
        "percent_range": _("A discount is more than 0 and at most 100 percent."),
        "age_repeated": _("Each car age may appear in one tier only."),
        "percent_not_rising": _("Older cars must get a higher discount than younger ones."),
    }
    for code in rules.tier_problems(tiers):
        problems.setdefault("discount_tiers", []).append(messages[code])
    return tuple(sorted(tiers, key=lambda t: t.min_years))


@transaction.atomic
def rules_update(
    *,
    actor: Actor,
    min_days_held: int | None,
    individual_only: bool,
    purchase_channels: list[str],
    use_types: list[str],
    discount_tiers: list[tuple[Any, Any]],
    note: str,
) -> RuleSet:
    """Put a new version of the rules in force; the previous versions stay as the history of changes."""
    if not actor.is_staff_side or not actor.can("homecoming.manage_rules"):
        raise errors.not_allowed()
    problems: FieldErrors = {}
    if min_days_held is None or not 0 <= min_days_held <= rules.MAX_MIN_DAYS_HELD:
        problems["min_days_held"] = [_("Enter a number of days from 0 to 3650.")]
    if not purchase_channels or not set(purchase_channels) <= set(PurchaseChannel.values):
        problems["purchase_channels"] = [_("Accept at least one purchase channel.")]
    if not use_types or not set(use_types) <= set(VehicleUseType.values):
        problems["use_types"] = [_("Accept at least one use type.")]
    tiers = tiers_parse(discount_tiers, problems)
    note = (note or "").strip()
    if not note:
        problems["note"] = [_("Say why the rules change; it is kept with the history.")]
    elif len(note) > NOTE_MAX:
        problems["note"] = [_("Keep the reason under 200 characters.")]
    if problems or min_days_held is None:
        raise errors.rules_invalid(problems)
    return RuleSet.objects.create(
        min_days_held=min_days_held,
        individual_only=individual_only,
        purchase_channels=[c for c in PurchaseChannel.values if c in purchase_channels],
        use_types=[u for u in VehicleUseType.values if u in use_types],
        discount_tiers=[{"min_years": t.min_years, "percent": str(t.percent)} for t in tiers],
        note=note,
        created_by_id=actor.user_id,
    )


@transaction.atomic
def store_participation_set(*, actor: Actor, store_id: int, active: bool) -> ParticipatingStore:
    """Let a store take part in Homecoming, or stop it (the row stays as the record)."""
    if not actor.is_staff_side or not actor.can("homecoming.manage_rules"):
        raise errors.not_allowed()
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        raise errors.store_not_found()
    row, _created = ParticipatingStore.objects.update_or_create(
        store=store, defaults={"active": active, "changed_by_id": actor.user_id}
    )
    return row


# Role grants for Homecoming's permissions (role, level from which it is granted): data once seeded.
DEFAULT_GRANTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("advisor", "junior"): ("enrol_vehicle", "redeem_benefit"),
    ("manager", "junior"): ("enrol_vehicle", "redeem_benefit"),
    ("operator", "intermediate"): ("manage_rules",),
}


def homecoming_seed() -> int:
    """Create the default rule set when there is none, and the missing default grants; never undoes edits."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    from aftercare.network.models import LevelGrant

    _rules_in_force()
    create_permissions(apps.get_app_config("homecoming"), verbosity=0)
    added = 0
    for (role, level), codenames in DEFAULT_GRANTS.items():
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="homecoming", codename=codename)
            _grant, created = LevelGrant.objects.get_or_create(role=role, level=level, permission=permission)
            added += int(created)
    return added
