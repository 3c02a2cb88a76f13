import pytest
from django.test import override_settings

from dangvien.accounts.services import AccountLocked, login_authenticate
from dangvien.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_correct_password_logs_in_and_is_audited(make_actor):
    user = make_actor()
    assert login_authenticate(request=None, username=user.username, password="pass-12345") == user
    assert AuditEvent.objects.filter(action="login", object_id=str(user.pk)).count() == 1


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
def test_locks_out_after_repeated_failures_even_with_right_password(make_actor):
    # given
    user = make_actor()
    for _ in range(3):
        assert login_authenticate(request=None, username=user.username, password="wrong") is None
    # when / then
    with pytest.raises(AccountLocked):
        login_authenticate(request=None, username=user.username, password="pass-12345")
    assert AuditEvent.objects.filter(action="login_failed").count() == 3


@override_settings(LOGIN_MAX_FAILURES=3)
def test_success_resets_the_failure_count(make_actor):
    user = make_actor()
    for _ in range(2):
        login_authenticate(request=None, username=user.username, password="wrong")
    login_authenticate(request=None, username=user.username, password="pass-12345")
    for _ in range(2):
        login_authenticate(request=None, username=user.username, password="wrong")
    assert login_authenticate(request=None, username=user.username, password="pass-12345") == user


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
