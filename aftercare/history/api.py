"""The public transparency-log API: checkpoints and RFC 9162 proofs anyone can check without trusting us.

Leaves are looked up by hash only, so the public API cannot be used to enumerate anyone's history;
leaf contents come with a car's share token or through the staff and owner scopes.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from aftercare.history import errors, selectors, services
from aftercare.history.models import Checkpoint
from aftercare.history.ratelimit import rate_exceeded
from aftercare.history.schemas import CheckpointOut, ConsistencyProofOut, InclusionProofOut, b64
from aftercare.kernel.api import MAX_ID, Page
from aftercare.kernel.http import actor_of
from aftercare.kernel.tenancy import ActorKind

router = Router()


def _limit(request: HttpRequest) -> None:
    if rate_exceeded(request, "log_api", per_minute=3000):
        raise HttpError(429, _("Too many requests; try again in a minute."))


class ProofQuery(Schema):
    hash: str = Field(max_length=100, description="The leaf hash, SHA-256(0x00 || leaf), in base64 (or hex).")
    tree_size: int | None = Field(None, ge=1, le=MAX_ID, description="Tree size; default: the latest checkpoint.")


class ConsistencyQuery(Schema):
    first: int = Field(ge=1, le=MAX_ID, description="The smaller tree size.")
    second: int | None = Field(None, ge=1, le=MAX_ID, description="The larger tree size; default: latest checkpoint.")


@router.get(
    "/checkpoint",
    response=CheckpointOut,
    auth=None,
    summary="Latest signed checkpoint (public)",
    description="The newest C2SP checkpoint (signed note, Ed25519) with its tree size and root hash in base64. "
    "404 no_checkpoint before the first one is published.",
)
def checkpoint_latest(request: HttpRequest) -> Checkpoint:
    _limit(request)
    checkpoint = selectors.checkpoint_latest()
    if checkpoint is None:
        raise errors.no_checkpoint()
    return checkpoint


@router.get(
    "/checkpoints",
    response=list[CheckpointOut],
    auth=None,
    summary="All signed checkpoints, newest first (public)",
    description="Every published checkpoint; each is consistent with the one before it.",
)
@paginate(Page)
def checkpoint_list(request: HttpRequest) -> QuerySet[Checkpoint]:
    _limit(request)
    return selectors.checkpoint_list()


@router.get(
    "/proof-by-hash",
    response=InclusionProofOut,
    auth=None,
    summary="Inclusion proof for a leaf hash (public)",
    description="Like RFC 6962 get-proof-by-hash: the leaf index and the RFC 9162 audit path (base64, leaf side "
    "first) from the leaf to the root of the given tree size (default: the latest checkpoint).",
)
def proof_by_hash(request: HttpRequest, query: Query[ProofQuery]) -> InclusionProofOut:
    _limit(request)
    leaf_hash = selectors.hash_parse(query.hash, "hash")
    proof = selectors.inclusion_proof_by_hash(leaf_hash=leaf_hash, tree_size=query.tree_size)
    return InclusionProofOut(
        leaf_index=proof.leaf_index,
        tree_size=proof.tree_size,
        leaf_hash=b64(proof.leaf_hash),
        audit_path=[b64(h) for h in proof.audit_path],
    )


@router.get(
    "/consistency",
    response=ConsistencyProofOut,
    auth=None,
    summary="Consistency proof between two tree sizes (public)",
    description="Like RFC 6962 get-sth-consistency: the RFC 9162 consistency proof (base64) showing the tree of "
    "size first is a prefix of the tree of size second (default: the latest checkpoint).",
)
def consistency(request: HttpRequest, query: Query[ConsistencyQuery]) -> ConsistencyProofOut:
    _limit(request)
    first, second, proof = selectors.consistency_proof(first=query.first, second=query.second)
    return ConsistencyProofOut(first=first, second=second, consistency=[b64(h) for h in proof])


@router.post(
    "/checkpoints",
    response={201: CheckpointOut, 200: CheckpointOut},
    summary="Publish a checkpoint now (operators)",
    description="Signs the current tree head after proving it consistent with the previous checkpoint. 201 with the "
    "new checkpoint; 200 with the latest one when the log has not grown; 409 checkpoint_inconsistent.",
)
def checkpoint_publish(request: HttpRequest) -> Status[Checkpoint]:
    if actor_of(request).kind != ActorKind.OPERATOR:
        raise errors.not_allowed()
    created = services.checkpoint_publish()
    if created is not None:
        return Status(201, created)
    latest = selectors.checkpoint_latest()
    if latest is None:
        raise errors.no_checkpoint()
    return Status(200, latest)
