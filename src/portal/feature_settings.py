"""The settings of single features (the referral journeys, follow-ups, retention and MESH),
read from the environment; `portal.config` gathers them into the app's typed settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ReferralSettings:
    """How the public referral journeys guard themselves and how long they keep answers."""

    # Sending a referral or call back request counts per client address *and* per journey: a
    # community centre helping several people from one address is not shut out, and one
    # browser cannot send again and again.
    submit_limit: str = "30 per hour"  # per client address
    min_fill_seconds: int = 20  # quicker than this from start to send is marked as possible spam
    draft_hours: int = 24  # unsent answers are kept this long after the last change
    journey_submit_limit: str = "5 per hour"  # per journey (the answers this browser holds)


@dataclass(frozen=True)
class FollowupSettings:
    """How long groups have to answer a referral, and when people are asked how it went
    (each is FOLLOWUPS_ and the name in capitals in the environment)."""

    answer_working_days: int = 5
    chase_working_days: int = 2
    days_after_first_session: int = 7
    link_valid_days: int = 14
    talk_within_working_days: int = 1
    no_answer_after_days: int = 3
    quiet_weeks: int = 4


@dataclass(frozen=True)
class RetentionSettings:
    """How long each kind of record keeps the person in it (RETENTION_ and the name in capitals
    in the environment); unsent drafts follow `ReferralSettings.draft_hours`. After that the
    retention job anonymises the record: the counts reports need stay, the person goes."""

    spam_days: int = 30  # after a referral was closed as spam
    closed_years: int = 8  # after any other referral was closed (the NHS records code)
    # Longer than the records they describe, so who saw a record can be shown as long as it exists.
    audit_years: int = 10
    # Sent messages keep what they said (a GP email holds health details) this long, for
    # questions about delivery; then it goes, and only that a message went stays.
    outbox_days: int = 30


@dataclass(frozen=True)
class MeshSettings:
    """The scheme's own MESH mailbox, for the message back to the GP (MESH_ and the name in
    capitals in the environment). Sending over MESH is on when MESH_URL is set; then production
    needs every other value too."""

    url: str
    mailbox: str = ""
    password: str = field(default="", repr=False)
    shared_key: str = field(default="", repr=False)
    workflow_id: str = "SOCIAL_PRESCRIBING"

    def missing(self) -> list[str]:
        """The environment variables sending needs and does not have."""
        values = {"MESH_MAILBOX": self.mailbox, "MESH_PASSWORD": self.password, "MESH_SHARED_KEY": self.shared_key}
        return [name for name, value in values.items() if not value]


def mesh_from(environ: dict[str, str]) -> MeshSettings | None:
    """None when the scheme has no MESH mailbox: messages by MESH wait until it has."""
    url = environ.get("MESH_URL", "").strip()
    if not url:
        return None
    return MeshSettings(
        url=url,
        mailbox=environ.get("MESH_MAILBOX", "").strip(),
        password=environ.get("MESH_PASSWORD", ""),
        shared_key=environ.get("MESH_SHARED_KEY", ""),
        workflow_id=environ.get("MESH_WORKFLOW_ID", "").strip() or "SOCIAL_PRESCRIBING",
    )


def referrals_from(environ: dict[str, str]) -> ReferralSettings:
    defaults = ReferralSettings()
    return ReferralSettings(
        submit_limit=environ.get("REFERRAL_SUBMIT_LIMIT", defaults.submit_limit),
        journey_submit_limit=environ.get("REFERRAL_JOURNEY_SUBMIT_LIMIT", defaults.journey_submit_limit),
        min_fill_seconds=int(environ.get("REFERRAL_MIN_FILL_SECONDS", defaults.min_fill_seconds)),
        draft_hours=int(environ.get("REFERRAL_DRAFT_HOURS", defaults.draft_hours)),
    )


def followups_from(environ: dict[str, str]) -> FollowupSettings:
    defaults = asdict(FollowupSettings())
    return FollowupSettings(
        **{name: int(environ.get(f"FOLLOWUPS_{name.upper()}", value)) for name, value in defaults.items()}
    )


def retention_from(environ: dict[str, str]) -> RetentionSettings:
    defaults = asdict(RetentionSettings())
    retention = RetentionSettings(
        **{name: int(environ.get(f"RETENTION_{name.upper()}", value)) for name, value in defaults.items()}
    )
    if retention.audit_years <= retention.closed_years:
        raise ValueError("RETENTION_AUDIT_YEARS must be more than RETENTION_CLOSED_YEARS")
    if min(retention.spam_days, retention.closed_years, retention.outbox_days) < 1:
        raise ValueError("RETENTION_SPAM_DAYS, RETENTION_CLOSED_YEARS and RETENTION_OUTBOX_DAYS must be at least 1")
    return retention


def mesh_problems(mesh: MeshSettings | None) -> list[str]:
    """With MESH sending on, every value it needs, over TLS."""
    if mesh is None:
        return []
    problems = [f"{', '.join(missing)} must be set when MESH_URL is"] if (missing := mesh.missing()) else []
    if urlsplit(mesh.url).scheme != "https":
        problems.append("MESH_URL must be an https:// address")
    return problems
