"""Authenticator keys are stored encrypted with DATA_ENCRYPTION_KEY, and read back as they were."""

from cryptography.fernet import Fernet
from sqlalchemy import text

from portal import migrate
from portal.accounts.models import Role, User
from portal.config import is_data_key
from portal.data_protection import keys
from tests.authz import TOTP_SECRET, make_user


def stored_secret(db, user_id):
    return db.execute(text("SELECT totp_secret FROM user_account WHERE id = :id"), {"id": user_id}).scalar_one()


def stored_secret_then_let_go(db, user_id):
    """Read, then end the transaction: on PostgreSQL a migration waits for every open one."""
    try:
        return stored_secret(db, user_id)
    finally:
        db.close()


def test_an_authenticator_key_is_stored_encrypted_and_read_back_as_it_was(db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    stored = stored_secret(db, user.id)
    assert TOTP_SECRET not in stored
    assert keys.decrypt(stored) == TOTP_SECRET
    db.expire_all()
    assert db.get(User, user.id).totp_secret == TOTP_SECRET


def test_outside_production_the_key_comes_from_the_secret_key(settings):
    assert len(settings.data_keys) == 1 and is_data_key(settings.data_keys[0])


def test_a_second_key_still_reads_what_the_first_encrypted(app):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = Fernet(old.encode()).encrypt(b"SECRET").decode()
    keys.add_keys((new, old))
    assert keys.decrypt(token) == "SECRET"


def test_the_migration_encrypts_keys_stored_before_it_and_its_downgrade_decrypts_them(app, db):
    user_id = make_user(db, "sam@example.org", Role.LINK_WORKER).id
    db.close()
    with app.app_context():
        migrate.downgrade("0015-1")
        try:
            assert stored_secret_then_let_go(db, user_id) == TOTP_SECRET
        finally:
            migrate.upgrade()
    assert keys.decrypt(stored_secret_then_let_go(db, user_id)) == TOTP_SECRET
