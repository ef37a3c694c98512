import json

from portal.config import GPPractice, ReferralSettings, load_settings


def environ(tmp_path, **extra):
    return {"PORTAL_ENV": "test", "PORTAL_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40, **extra}


def test_the_leeds_demo_practices_are_used_unless_the_scheme_names_its_own(tmp_path):
    practices = load_settings(environ(tmp_path)).scheme.gp_practices
    assert len(practices) > 20 and practices == tuple(sorted(practices, key=lambda practice: practice.name))


def test_a_scheme_lists_its_practices_in_a_csv_file(tmp_path):
    listed = tmp_path / "practices.csv"
    listed.write_text("code,name\nB2,Zebra Surgery\nA1,Abbey Practice\n")
    scheme = load_settings(environ(tmp_path, SCHEME_GP_PRACTICES_FILE=str(listed))).scheme
    assert scheme.gp_practices == (GPPractice("A1", "Abbey Practice"), GPPractice("B2", "Zebra Surgery"))


def test_a_scheme_lists_its_practices_in_a_json_file(tmp_path):
    listed = tmp_path / "practices.json"
    listed.write_text(json.dumps([{"code": "C3", "name": "Canal Side Surgery"}]))
    scheme = load_settings(environ(tmp_path, SCHEME_GP_PRACTICES_FILE=str(listed))).scheme
    assert scheme.gp_practices == (GPPractice("C3", "Canal Side Surgery"),)


def test_spam_limits_and_how_long_answers_are_kept_can_be_set(tmp_path):
    settings = load_settings(
        environ(tmp_path, REFERRAL_SUBMIT_LIMIT="3 per hour", REFERRAL_MIN_FILL_SECONDS="45", REFERRAL_DRAFT_HOURS="30")
    )
    assert settings.referrals == ReferralSettings(submit_limit="3 per hour", min_fill_seconds=45, draft_hours=30)
    assert load_settings(environ(tmp_path)).referrals == ReferralSettings("30 per hour", 20, 24, "5 per hour")
