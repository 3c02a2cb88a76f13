import pytest
from django.test import override_settings

from dangvien.audit.models import AuditEvent
from dangvien.users.services import AccountLocked, login_authenticate

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


def test_admin_login_goes_through_the_lock_out(client):
    """Regression (review): /admin/login/ used Django's form and never counted failures."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@override_settings(LOGIN_MAX_FAILURES=3)
def test_an_attempt_is_counted_before_the_password_is_checked(make_actor):
    """Regression (review): parallel guesses all passed the lock check before any failure counted."""
    from dangvien.accounts.models import LoginThrottle

    user = make_actor()
    login_authenticate(request=None, username=user.username, password="wrong")
    login_authenticate(request=None, username=user.username, password="wrong")
    # two failures counted; the third attempt is counted (and locks) even while it is checked
    assert LoginThrottle.objects.get(username=user.username).failures == 2
    assert login_authenticate(request=None, username=user.username, password="wrong") is None
    with pytest.raises(AccountLocked):
        login_authenticate(request=None, username=user.username, password="pass-12345")
