"""Reads for Homecoming: the rules in force, enrolments, wallets, eligibility and the age discount.

Scoped reads take the Actor. `vehicle_wallet`, `vehicle_eligibility` and `discount_for` take a vehicle id the
caller has already loaded in the actor's scope (work orders, check-in), so they do not scope again.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.homecoming import errors, rules
from aftercare.homecoming.choices import (
    SINGLE_USE,
    BenefitKind,
    BenefitStatus,
    EnrolmentStatus,
    OwnerKind,
    PurchaseChannel,
)
from aftercare.homecoming.models import Benefit, Enrolment, ParticipatingStore, RuleSet
from aftercare.kernel import plates
from aftercare.kernel import vin as vinlib
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.models import Store
from aftercare.network.selectors import group_scope
from aftercare.vehicles.choices import VehicleUseType
from aftercare.vehicles.models import Ownership, Vehicle, VehicleLicence
from aftercare.vehicles.selectors import current_ownership, latest_licence, vehicle_get

WALLET_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud at a counter
WALLET_CODE_LENGTH = 8


# --------------------------------------------------------------------------------------------
# Rules in force
# --------------------------------------------------------------------------------------------


def rules_current() -> RuleSet:
    """The rule set in force: the newest row (an unsaved row of code defaults if the table is empty)."""
    return RuleSet.objects.order_by("-created_at", "-id").first() or RuleSet()


def rules_history(*, limit: int = 50) -> QuerySet[RuleSet]:
    """Rule sets, newest first: the history of changes with who made them and why."""
    return RuleSet.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]


def tiers_of(rule_set: RuleSet) -> tuple[rules.Tier, ...]:
    """The discount tiers stored in a rule set."""
    return tuple(
        rules.Tier(min_years=int(t["min_years"]), percent=Decimal(str(t["percent"]))) for t in rule_set.discount_tiers
    )


def rules_of(rule_set: RuleSet) -> rules.Rules:
    """A rule set row as the plain data the pure decisions take."""
    return rules.Rules(
        min_days_held=rule_set.min_days_held,
        individual_only=rule_set.individual_only,
        channels=frozenset(rule_set.purchase_channels),
        use_types=frozenset(rule_set.use_types),
        tiers=tiers_of(rule_set),
    )


def store_participates(*, store_id: int | None) -> bool:
    """True when the store redeems Homecoming benefits."""
    if store_id is None:
        return False
    return ParticipatingStore.objects.filter(store_id=store_id, active=True, store__is_active=True).exists()


def store_participation_list() -> QuerySet[Store]:
    """Every active store with `participating` annotated, by group and code (operators' rules page)."""
    joined = ParticipatingStore.objects.filter(active=True).values("store_id")
    return (
        Store.objects.filter(is_active=True)
        .select_related("dealer_group")
        .annotate(participating=Q(pk__in=joined))
        .order_by("dealer_group__code", "code")
    )


# --------------------------------------------------------------------------------------------
# Enrolments
# --------------------------------------------------------------------------------------------


def enrolment_list(*, actor: Actor, vehicle_id: int) -> list[Enrolment]:
    """A car's enrolments in scope, newest first. An owner sees only their own applications."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    qs = Enrolment.objects.filter(vehicle=vehicle).select_related("store", "rule_set")
    if actor.kind == ActorKind.OWNER:
        qs = qs.filter(owner_id=actor.owner_id or 0)
    return list(qs.order_by("-applied_at", "-id"))


def _enrolment_scope(actor: Actor) -> Q:
    if actor.kind == ActorKind.OWNER and actor.owner_id is not None:
        return Q(owner_id=actor.owner_id)
    return group_scope(actor, "vehicle__dealer_group_id")


def enrolment_get(*, actor: Actor, enrolment_id: int) -> Enrolment:
    """One enrolment: the owner who applied, staff of the car's group, operators; anyone else gets a 404."""
    enrolment = (
        Enrolment.objects.filter(_enrolment_scope(actor), pk=enrolment_id)
        .select_related("vehicle", "store", "rule_set", "licence")
        .first()
    )
    if enrolment is None:
        raise errors.enrolment_not_found()
    return enrolment


def enrolment_latest(*, owner_id: int, vehicle_id: int) -> Enrolment | None:
    """The owner's newest application for the car."""
    return Enrolment.objects.filter(owner_id=owner_id, vehicle_id=vehicle_id).order_by("-applied_at", "-id").first()


def refusal_messages(enrolment: Enrolment) -> list[str]:
    """The reasons an application was refused, in the active language."""
    labels = {**dict(PurchaseChannel.choices), **dict(VehicleUseType.choices)}
    out = []
    for refusal in enrolment.refusals:
        template = errors.REFUSAL_MESSAGES.get(refusal["code"])
        if template is None:
            continue
        params = {k: str(labels.get(v, v)) for k, v in refusal.get("params", {}).items()}
        out.append(str(template) % params)
    return out


# --------------------------------------------------------------------------------------------
# Wallets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitView:
    """One benefit as a wallet shows it; the discount carries its percent now and the next step."""

    id: int
    kind: str
    label: str
    status: str
    status_label: str
    single_use: bool
    redeemed_at: dt.datetime | None
    redeemed_store: Store | None
    reference: str
    percent: Decimal | None = None
    next_percent: Decimal | None = None
    next_on: dt.date | None = None

    @property
    def available(self) -> bool:
        return self.status == BenefitStatus.AVAILABLE


@dataclass(frozen=True)
class WalletView:
    """An approved enrolment's benefits; nothing about the owner."""

    enrolment_id: int
    vehicle_id: int
    code: str
    enrolled_at: dt.datetime
    plate: str
    vehicle_label: str
    car_age_years: int | None
    benefits: tuple[BenefitView, ...]

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


def wallet_code_normalize(text: str) -> str:
    """A typed wallet code without spaces or dashes, upper case."""
    return re.sub(r"[\s\-]", "", text or "").upper()[:32]


def _benefit_view(benefit: Benefit, licence: VehicleLicence | None, tiers: tuple[rules.Tier, ...], on: dt.date) -> Any:
    extra: dict[str, Any] = {}
    if benefit.kind == BenefitKind.MAINTENANCE_DISCOUNT and licence is not None:
        extra["percent"] = rules.discount_percent(tiers, licence.registration_date, on)
        step = rules.next_tier(tiers, licence.registration_date, on)
        if step is not None:
            extra["next_on"], extra["next_percent"] = step
    return BenefitView(
        id=benefit.pk,
        kind=benefit.kind,
        label=str(BenefitKind(benefit.kind).label),
        status=benefit.status,
        status_label=str(BenefitStatus(benefit.status).label),
        single_use=benefit.kind in SINGLE_USE,
        redeemed_at=benefit.redeemed_at,
        redeemed_store=benefit.redeemed_store,
        reference=benefit.reference,
        **extra,
    )


def _wallet_view(enrolment: Enrolment, on: dt.date | None = None) -> WalletView:
    day = on or timezone.localdate()
    vehicle = enrolment.vehicle
    licence = latest_licence(vehicle)
    tiers = tiers_of(rules_current())
    benefits = tuple(_benefit_view(b, licence, tiers, day) for b in enrolment.benefits.all())
    label = " ".join(p for p in (vehicle.brand, vehicle.model) if p) or vehicle.manufacturer
    return WalletView(
        enrolment_id=enrolment.pk,
        vehicle_id=vehicle.pk,
        code=enrolment.wallet_code,
        enrolled_at=enrolment.applied_at,
        plate=vehicle.plate,
        vehicle_label=label,
        car_age_years=rules.car_age_years(licence.registration_date, day) if licence else None,
        benefits=benefits,
    )


def _wallet_enrolments() -> QuerySet[Enrolment]:
    benefits = Benefit.objects.select_related("redeemed_store").order_by("id")
    return Enrolment.objects.filter(status=EnrolmentStatus.APPROVED).prefetch_related(
        Prefetch("benefits", queryset=benefits)
    )


def _current_wallet_enrolment(vehicle_id: int) -> Enrolment | None:
    owning = Ownership.objects.filter(vehicle_id=vehicle_id, ended_on__isnull=True).values("owner_id")
    return _wallet_enrolments().filter(vehicle_id=vehicle_id, owner_id__in=owning).select_related("vehicle").first()


def vehicle_wallet(*, vehicle_id: int, on: dt.date | None = None) -> WalletView | None:
    """The current owner's wallet for a car the caller has already loaded in scope; None when not enrolled."""
    enrolment = _current_wallet_enrolment(vehicle_id)
    return _wallet_view(enrolment, on) if enrolment else None


def wallet_get(*, actor: Actor, vehicle_id: int) -> WalletView | None:
    """The wallet of a car in the actor's scope (404 for a car out of scope, None when not enrolled)."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    return vehicle_wallet(vehicle_id=vehicle.pk)


def _vehicle_q(query: str) -> Q | None:
    compact = vinlib.normalize(query)
    if len(compact) == vinlib.VIN_LENGTH:
        return Q(vehicle__vin=compact)
    plate = plates.check(query)
    return Q(vehicle__plate=plate.plate) if plate.valid else None


def wallet_lookup(*, actor: Actor, vin_or_plate: str, code: str) -> WalletView:
    """The narrow cross-group lookup: a store of any group sees one wallet (benefits only) given the car's full
    VIN or plate *and* the owner's wallet code. Anything else, including a code for another car, is a 404."""
    if actor.kind != ActorKind.STAFF or not actor.can("homecoming.redeem_benefit"):
        raise errors.not_allowed()
    where = _vehicle_q(vin_or_plate.strip()[:40])
    wanted = wallet_code_normalize(code)
    if where is None or len(wanted) != WALLET_CODE_LENGTH:
        raise errors.wallet_not_found()
    enrolment = _wallet_enrolments().filter(where).select_related("vehicle").first()
    if enrolment is None or not hmac.compare_digest(enrolment.wallet_code, wanted):
        raise errors.wallet_not_found()
    holder = Ownership.objects.filter(vehicle_id=enrolment.vehicle_id, ended_on__isnull=True).first()
    if holder is None or holder.owner_id != enrolment.owner_id:
        raise errors.wallet_not_found()
    return _wallet_view(enrolment)


def benefit_find(*, actor: Actor, vehicle_id: int, kind: str, wallet_code: str = "") -> int:
    """The id of one benefit in a car's current wallet: through the actor's scope, or through the wallet code."""
    if kind not in BenefitKind.values:
        raise errors.invalid_input({"benefit": [_("Choose one of the wallet's benefits.")]})
    enrolment = None
    if wallet_code:
        enrolment = _current_wallet_enrolment(vehicle_id)
        if enrolment is not None and not hmac.compare_digest(enrolment.wallet_code, wallet_code_normalize(wallet_code)):
            enrolment = None
    if enrolment is None:
        vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
        enrolment = _current_wallet_enrolment(vehicle.pk)
    if enrolment is None:
        raise errors.wallet_not_found()
    found = next((b.pk for b in enrolment.benefits.all() if b.kind == kind), None)
    if found is None:
        raise errors.benefit_not_found()
    return found


# --------------------------------------------------------------------------------------------
# Eligibility and discount
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """What Homecoming would decide for a car today, from what is on record (for check-in and car pages)."""

    vehicle_id: int
    enrolled: bool
    has_owner: bool
    has_licence: bool
    held_since: dt.date | None
    decision: rules.Decision | None

    @property
    def offer(self) -> bool:
        """Worth offering enrolment: a current owner, not enrolled, and nothing on record stands in the way."""
        return self.has_owner and not self.enrolled and (self.decision is None or self.decision.approved)


def vehicle_eligibility(
    *,
    vehicle_id: int,
    today: dt.date | None = None,
    held_since: dt.date | None = None,
    channel: str | None = None,
    owner_kind: str | None = None,
) -> Eligibility:
    """Preview the decision for a car in scope. Unknown answers are assumed favourable (any accepted channel,
    the owner kind the licence name suggests); the held-since date defaults to the current ownership's start."""
    day = today or timezone.localdate()
    vehicle = Vehicle.objects.get(pk=vehicle_id)
    owning = current_ownership(vehicle)
    licence = latest_licence(vehicle)
    enrolled = owning is not None and _current_wallet_enrolment(vehicle_id) is not None
    since = held_since or (owning.started_on if owning else None)
    decision = None
    if licence is not None and since is not None:
        in_force = rules_of(rules_current())
        guessed = OwnerKind.ORGANISATION if rules.looks_like_organisation(licence.registered_owner_name) else None
        application = rules.Application(
            owner_kind=owner_kind or guessed or OwnerKind.INDIVIDUAL,
            registered_owner_name=licence.registered_owner_name,
            held_since=since,
            channel=channel or min(in_force.channels, default="other"),
            use_type=licence.use_type,
        )
        decision = rules.decide(in_force, application, day)
    return Eligibility(
        vehicle_id=vehicle_id,
        enrolled=enrolled,
        has_owner=owning is not None,
        has_licence=licence is not None,
        held_since=since,
        decision=decision,
    )


def discount_for(*, vehicle_id: int, on: dt.date | None = None) -> Decimal:
    """The maximum maintenance discount (percent) for an enrolled car by its age; 0 when not enrolled."""
    if _current_wallet_enrolment(vehicle_id) is None:
        return Decimal("0")
    licence = VehicleLicence.objects.filter(vehicle_id=vehicle_id).order_by("-issue_date", "-id").first()
    if licence is None:
        return Decimal("0")
    return rules.discount_percent(tiers_of(rules_current()), licence.registration_date, on or timezone.localdate())
