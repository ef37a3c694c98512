"""Every feature's models, imported in one place so Alembic and the tests see the whole schema."""

from portal.accounts.models import AuditEvent, Invitation, PasswordReset, RecoveryCode, User, UserSession
from portal.db import Base
from portal.directory.models import (
    Category,
    CategoryText,
    CategoryVersion,
    Listing,
    ListingTranslation,
    Location,
    Schedule,
    SearchEntry,
    SearchRecord,
)
from portal.followups.models import FollowUp, InboundText, ListingResponse
from portal.geo.models import OutwardCode, Postcode
from portal.gp_record.models import (
    CaseIdentity,
    CaseReferrer,
    ClinicalCode,
    CodedEvent,
    GpConsent,
    GpMessage,
    PracticeMailbox,
)
from portal.operations.models import JobRun
from portal.organisations.models import (
    CheckLink,
    GroupReferral,
    JoinRequest,
    ListingRevision,
    Organisation,
    ProblemReport,
)
from portal.outbox.models import OutboxMessage
from portal.practices.models import GpPractice
from portal.referrals.models import JourneyDraft, Referral
from portal.reports.models import (
    CountState,
    EventDayCount,
    GroupReferralDayCount,
    OutcomeDay,
    ReferralDayCount,
    SearchDayCount,
    WaitDayCount,
)
from portal.teams.models import ReferralTransfer, RoutingRule, Team, TeamMembership
from portal.triage.models import (
    Assessment,
    CaseNote,
    ContactAttempt,
    PlanAction,
    SuggestedListing,
    WellbeingPlan,
    WellbeingScore,
)

__all__ = [
    "Assessment",
    "AuditEvent",
    "Base",
    "CaseIdentity",
    "CaseNote",
    "CaseReferrer",
    "Category",
    "CategoryText",
    "CategoryVersion",
    "CheckLink",
    "ClinicalCode",
    "CodedEvent",
    "ContactAttempt",
    "CountState",
    "EventDayCount",
    "FollowUp",
    "GpConsent",
    "GpMessage",
    "GpPractice",
    "GroupReferral",
    "GroupReferralDayCount",
    "InboundText",
    "Invitation",
    "JobRun",
    "JoinRequest",
    "JourneyDraft",
    "Listing",
    "ListingResponse",
    "ListingRevision",
    "ListingTranslation",
    "Location",
    "Organisation",
    "OutboxMessage",
    "OutcomeDay",
    "OutwardCode",
    "PasswordReset",
    "PlanAction",
    "Postcode",
    "PracticeMailbox",
    "ProblemReport",
    "RecoveryCode",
    "Referral",
    "ReferralDayCount",
    "ReferralTransfer",
    "RoutingRule",
    "Schedule",
    "SearchDayCount",
    "SearchEntry",
    "SearchRecord",
    "SuggestedListing",
    "Team",
    "TeamMembership",
    "User",
    "UserSession",
    "WaitDayCount",
    "WellbeingPlan",
    "WellbeingScore",
]
