"""Password rules and hashing; authenticator codes and recovery codes."""

import pytest

from portal.accounts import mfa, passwords
from portal.accounts.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "too_short"),
        ("elevenchars", "too_short"),
        ("x" * 257, "too_long"),
        ("Password1234", "common"),
        ("QWERTYUIOP123", "common"),
        ("i love you so much", "common"),
        ("correct horse battery staple", "common"),
        ("leedsunited2025", "common"),
        ("aaaaaaaaaaaaaaaa", "common"),
    ],
)
def test_passwords_that_are_refused(password, problem):
    assert password_problem(password) == problem


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",
        "x" * 256,
        "purple tractor umbrella",
        "Dim ond geiriau Cymraeg",
        "میرا خفیہ جملہ یہاں ہے",
        "no rules: 1 Aa !",
    ],
)
def test_long_enough_uncommon_passwords_in_any_script_are_accepted(password):
    assert password_problem(password) is None


def test_a_password_containing_the_email_name_is_refused():
    assert password_problem("samantha likes tea", "Samantha@example.org") == "contains_email"


def test_the_shipped_list_has_thousands_of_entries_all_long_enough_to_matter():
    common = passwords.common_passwords()
    assert len(common) > 5000
    assert all(len(entry) >= passwords.MIN_LENGTH for entry in common)


def test_passwords_are_hashed_with_argon2id_and_the_same_password_typed_differently_matches(app):
    with app.app_context():
        hashed = passwords.hash_password("café au lait please")
        assert hashed.startswith("$argon2id$")
        assert passwords.verify_password(hashed, "cafe\u0301 au lait please")
        assert not passwords.verify_password(hashed, "cafe au lait please")
        assert not passwords.verify_password(None, "anything at all")


def test_production_hashing_follows_rfc_9106():
    params = passwords.PRODUCTION_HASHER
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 4)


def test_a_code_from_the_step_before_or_after_is_accepted_but_no_further():
    import pyotp

    secret, now = mfa.new_secret(), 1_800_000_000
    totp = pyotp.TOTP(secret)
    step = now // 30
    for offset, accepted in ((-2, False), (-1, True), (0, True), (1, True), (2, False)):
        found = mfa.matching_step(secret, totp.at(now + offset * 30), None, now)
        assert found == (step + offset if accepted else None)


def test_a_code_is_not_accepted_for_a_step_already_used():
    import pyotp

    secret, now = mfa.new_secret(), 1_800_000_000
    code = pyotp.TOTP(secret).at(now)
    step = mfa.matching_step(secret, code, None, now)
    assert step is not None
    assert mfa.matching_step(secret, code, step, now) is None


def test_recovery_codes_are_random_readable_and_hashed_with_a_salt():
    codes = mfa.new_recovery_codes()
    assert len(set(codes)) == 10
    assert all(set(code) <= set(mfa.RECOVERY_ALPHABET) and len(code) == 10 for code in codes)
    shown = mfa.show_recovery_code(codes[0])
    hashed = mfa.hash_recovery_code(codes[0], "salt-a")
    assert hashed != mfa.hash_recovery_code(codes[0], "salt-b")
    assert mfa.recovery_code_matches(f" {shown.upper()} ", "salt-a", hashed)


def test_the_qr_code_is_inline_svg_with_a_label_and_nothing_the_csp_would_block():
    svg = str(mfa.qr_code_svg(mfa.provisioning_uri(mfa.new_secret(), "sam@example.org", "Scheme"), 'QR "code"'))
    assert svg.startswith('<svg role="img" aria-label="QR &#34;code&#34;"')
    assert "<script" not in svg and "style=" not in svg and "data:" not in svg


def test_the_key_is_shown_in_groups_of_four():
    assert mfa.grouped("ABCDEFGHIJKLMNOP") == "ABCD EFGH IJKL MNOP"
