"""Reads for the seller portal, the seller API and the admin."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from csba.errors import NotFound
from csba.roles import OPERATORS, has_role

from .models import (
    Enrollment,
    EnrollmentStatus,
    Invitation,
    Marketplace,
    ReturnPolicy,
    ReturnPolicyStatus,
    SellerAccount,
    StaffProfile,
)
from .return_policy import ApplicablePolicy, applicable_policy


class PortalStatus:
    NOT_ENROLLED = "not_enrolled"
    PENDING = EnrollmentStatus.PENDING.value
    ACTIVE = EnrollmentStatus.ACTIVE.value


@dataclass
class MarketplaceEnrollment:
    """A seller's enrollment in one marketplace: the status the seller sees
    ("pending" until effective_at, then "active"), the open window and history."""

    marketplace: Marketplace
    current: Enrollment | None
    windows: list[Enrollment] = field(default_factory=list)
    status: str = PortalStatus.NOT_ENROLLED

    @property
    def is_enrolled(self) -> bool:
        return self.current is not None

    @property
    def trial_ends_at(self) -> datetime | None:
        return next((w.trial_ends_at for w in self.windows if w.trial_ends_at), None)


def portal_status(window: Enrollment | None, *, now: datetime) -> str:
    """What the seller sees. A window whose time has come counts as active even
    if the minute job has not run yet (coverage starts at effective_at)."""
    if window is None or window.ended_at is not None:
        return PortalStatus.NOT_ENROLLED
    return PortalStatus.ACTIVE if window.effective_at <= now else PortalStatus.PENDING


def enrollment_list(*, seller_id: int, marketplace_id: int | None = None) -> QuerySet[Enrollment]:
    """The seller's windows, newest first (history)."""
    windows = Enrollment.objects.filter(seller_id=seller_id).select_related("marketplace", "program")
    if marketplace_id is not None:
        windows = windows.filter(marketplace_id=marketplace_id)
    return windows.order_by("-requested_at", "-pk")


def enrollment_get(*, seller_id: int, enrollment_id: int) -> Enrollment:
    """One of the seller's own windows; 404 for anybody else's."""
    window = enrollment_list(seller_id=seller_id).filter(pk=enrollment_id).first()
    if window is None:
        raise NotFound("No such enrollment.")
    return window


def enrollment_overview(
    *, seller_id: int, now: datetime, marketplace: Marketplace | None = None
) -> list[MarketplaceEnrollment]:
    """One entry per marketplace (or just ``marketplace``): two queries."""
    marketplaces = [marketplace] if marketplace is not None else list(Marketplace.objects.order_by("code"))
    by_marketplace: dict[int, list[Enrollment]] = {m.pk: [] for m in marketplaces}
    for window in enrollment_list(seller_id=seller_id).filter(marketplace_id__in=list(by_marketplace)):
        by_marketplace[window.marketplace_id].append(window)
    overview = []
    for market in marketplaces:
        windows = by_marketplace[market.pk]
        current = next((w for w in windows if w.ended_at is None), None)
        overview.append(MarketplaceEnrollment(market, current, windows, portal_status(current, now=now)))
    return overview


def invitation_list(*, seller_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(seller_id=seller_id).select_related("marketplace").order_by("-invited_at", "-pk")


def open_invitation_list(*, seller_id: int, now: datetime) -> QuerySet[Invitation]:
    return (
        invitation_list(seller_id=seller_id)
        .filter(status="open")
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )


def return_policy_list(*, seller_id: int, marketplace_id: int | None = None) -> QuerySet[ReturnPolicy]:
    policies = ReturnPolicy.objects.filter(seller_id=seller_id).select_related("marketplace")
    if marketplace_id is not None:
        policies = policies.filter(marketplace_id=marketplace_id)
    return policies.order_by("-submitted_at", "-pk")


def return_policy_get(*, seller_id: int, policy_id: int) -> ReturnPolicy:
    policy = return_policy_list(seller_id=seller_id).filter(pk=policy_id).first()
    if policy is None:
        raise NotFound("No such return policy.")
    return policy


@dataclass
class ReturnPolicyStatusView:
    marketplace: Marketplace
    in_force: ApplicablePolicy
    awaiting_approval: ReturnPolicy | None
    history: list[ReturnPolicy]


def return_policy_status(*, seller_id: int, marketplace: Marketplace) -> ReturnPolicyStatusView:
    history = list(return_policy_list(seller_id=seller_id, marketplace_id=marketplace.pk))
    awaiting = next((p for p in history if p.status == ReturnPolicyStatus.SUBMITTED), None)
    return ReturnPolicyStatusView(
        marketplace, applicable_policy(seller_id=seller_id, marketplace=marketplace), awaiting, history
    )


def marketplace_list() -> list[Marketplace]:
    """Every marketplace, by code (three rows: read whole)."""
    return list(Marketplace.objects.order_by("code"))


def marketplace_get(*, code: str) -> Marketplace:
    """The marketplace with ``code`` (any case); NotFound for an unknown one."""
    marketplace = Marketplace.objects.filter(code=(code or "").upper()).first()
    if marketplace is None:
        raise NotFound("No such marketplace.")
    return marketplace


def seller_for_user(user) -> SellerAccount:
    """The seller account of a signed-in seller user; 404 if the user has none."""
    seller = getattr(user, "seller_account", None) if user.is_authenticated else None
    if seller is None:
        raise NotFound("This user has no seller account.")
    return seller


# --- agents' scope --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentScope:
    """The tickets a staff user may see: those of ``marketplace_ids`` in
    ``languages`` (None: no restriction). Operators' scope is everything."""

    marketplace_ids: frozenset[int] | None = None
    languages: frozenset[str] | None = None

    @property
    def is_everything(self) -> bool:
        return self.marketplace_ids is None and self.languages is None

    def q(self, prefix: str = "") -> Q:
        """The condition on tickets (``prefix`` for a related ticket, e.g. "ticket__")."""
        condition = Q()
        if self.marketplace_ids is not None:
            condition &= Q(**{f"{prefix}marketplace_id__in": sorted(self.marketplace_ids)})
        if self.languages is not None:
            condition &= Q(**{f"{prefix}language__in": sorted(self.languages)})
        return condition

    def allows(self, ticket) -> bool:
        return (self.marketplace_ids is None or ticket.marketplace_id in self.marketplace_ids) and (
            self.languages is None or (ticket.language or "").split("-")[0] in self.languages
        )


EVERYTHING = AgentScope()
NOTHING = AgentScope(marketplace_ids=frozenset())


def agent_scope(user) -> AgentScope:
    """What ``user`` may see of the tickets: operators everything, agents the
    marketplaces (and languages) assigned to their staff profile in the admin,
    anybody else nothing. One query, remembered on the user for the request."""
    cached = getattr(user, "_csba_agent_scope", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated:
        return NOTHING
    if has_role(user, OPERATORS):
        scope = EVERYTHING
    else:
        rows = list(
            StaffProfile.marketplaces.through.objects.filter(staffprofile__user_id=user.pk).values_list(
                "marketplace_id", "staffprofile__languages"
            )
        )
        languages = next((langs for _, langs in rows if langs), None)
        scope = AgentScope(
            marketplace_ids=frozenset(mp for mp, _ in rows),
            languages=frozenset(str(lang).split("-")[0] for lang in languages) if languages else None,
        )
    user._csba_agent_scope = scope
    return scope


def marketplace_list_for(scope: AgentScope) -> list[Marketplace]:
    """The marketplaces a scope covers, by code."""
    return [m for m in marketplace_list() if scope.marketplace_ids is None or m.pk in scope.marketplace_ids]
