from portal.config import load_settings
from portal.feature_settings import ReferralSettings


def environ(tmp_path, **extra):
    return {"PORTAL_ENV": "test", "PORTAL_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40, **extra}


def test_spam_limits_and_how_long_answers_are_kept_can_be_set(tmp_path):
    settings = load_settings(
        environ(tmp_path, REFERRAL_SUBMIT_LIMIT="3 per hour", REFERRAL_MIN_FILL_SECONDS="45", REFERRAL_DRAFT_HOURS="30")
    )
    assert settings.referrals == ReferralSettings(submit_limit="3 per hour", min_fill_seconds=45, draft_hours=30)
    assert load_settings(environ(tmp_path)).referrals == ReferralSettings("30 per hour", 20, 24, "5 per hour")
