import contextlib
from datetime import timedelta

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from dangvien.audit.models import AuditEvent
from dangvien.users.models import FailedLogins
from dangvien.users.services import AccountLocked, login_authenticate

pytestmark = pytest.mark.django_db

RIGHT = "pass-12345"


def _from(address):
    return RequestFactory().post("/login/", REMOTE_ADDR=address)


@pytest.fixture
def clock(monkeypatch):
    """``clock.advance(minutes)``: time passes for the throttle."""

    class Clock:
        now = timezone.now()

        def advance(self, minutes=0, seconds=0):
            self.now += timedelta(minutes=minutes, seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def attempt(user_or_name, password="wrong", address="10.0.0.1"):  # noqa: S107
    name = getattr(user_or_name, "username", user_or_name)
    return login_authenticate(request=_from(address), username=name, password=password)


def test_correct_password_logs_in_and_is_audited(make_actor):
    user = make_actor()
    assert login_authenticate(request=None, username=user.username, password=RIGHT) == user
    assert AuditEvent.objects.filter(action="login", object_id=str(user.pk)).count() == 1


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
def test_locks_out_after_repeated_failures_even_with_right_password(make_actor):
    # given
    user = make_actor()
    for _ in range(3):
        assert attempt(user) is None
    # when / then
    with pytest.raises(AccountLocked):
        attempt(user, RIGHT)
    assert AuditEvent.objects.filter(action="login_failed").count() == 3


@override_settings(LOGIN_MAX_FAILURES=3)
def test_success_resets_the_failure_count(make_actor):
    user = make_actor()
    for _ in range(2):
        attempt(user)
    attempt(user, RIGHT)
    for _ in range(2):
        attempt(user)
    assert attempt(user, RIGHT) == user


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_MINUTES=1, LOGIN_LOCKOUT_MAX_MINUTES=60)
def test_the_lock_holds_after_its_first_expiry(make_actor, clock):
    """Regression (issue 13, defect 2): after a 1-minute lock expired, 20 more bad passwords
    were all evaluated, none locked again, and then the right password returned a token."""
    # given: locked after five failures
    user = make_actor()
    for _ in range(5):
        attempt(user)
    with pytest.raises(AccountLocked):
        attempt(user)
    # when: the lock expires and the guessing goes on
    evaluated = 0
    for _ in range(20):
        clock.advance(minutes=1, seconds=1)
        try:
            attempt(user)
            evaluated += 1
        except AccountLocked:
            pass
    # then: one guess per (doubling) window, not twenty; and the right password is refused too
    assert evaluated <= 4
    with pytest.raises(AccountLocked):
        attempt(user, RIGHT)
    assert AuditEvent.objects.filter(action="login_failed").count() == 5 + evaluated


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_MINUTES=1)
def test_each_further_failure_doubles_the_refusal(make_actor, clock):
    user = make_actor()
    for _ in range(5):
        attempt(user)
    pair = FailedLogins.objects.get(scope="pair")
    assert pair.blocked_until - clock.now == timedelta(minutes=1)
    clock.advance(minutes=1, seconds=1)
    attempt(user)
    pair.refresh_from_db()
    assert pair.blocked_until - clock.now == timedelta(minutes=2)


@override_settings(LOGIN_MAX_FAILURES=5)
def test_guessing_from_elsewhere_does_not_lock_out_the_owner(make_actor, superuser):
    """Regression (issue 13, defect 2): anyone could lock any account, admin included, with
    five tries."""
    # given: an attacker fails many times against the administrator from one address
    for _ in range(12):
        with contextlib.suppress(AccountLocked):
            attempt(superuser, address="203.0.113.9")
    # when / then: the administrator logs in from the office
    assert attempt(superuser, "root-pass-123", address="10.1.1.1") == superuser


@override_settings(
    LOGIN_MAX_FAILURES=5, LOGIN_ACCOUNT_MAX_FAILURES=10, LOGIN_ACCOUNT_SLOW_SECONDS=10
)
def test_guessing_one_name_from_many_addresses_is_slowed_but_not_for_known_addresses(
    make_actor, clock
):
    # given: the owner logged in once from the office; then ten addresses fail once each
    user = make_actor()
    assert attempt(user, RIGHT, address="10.1.1.1") == user
    for n in range(10):
        attempt(user, address=f"198.51.100.{n}")
    # when / then: a new address must wait a few seconds, the office does not
    with pytest.raises(AccountLocked):
        attempt(user, address="198.51.100.99")
    assert attempt(user, RIGHT, address="10.1.1.1") == user
    clock.advance(seconds=11)
    assert attempt(user, address="198.51.100.99") is None


@override_settings(LOGIN_ADDRESS_MAX_FAILURES=30, LOGIN_LOCKOUT_MINUTES=1)
def test_an_address_spraying_names_is_refused_but_its_known_users_are_not(make_actor):
    # given: a colleague logged in from the shared address before
    colleague = make_actor()
    assert attempt(colleague, RIGHT, address="10.9.9.9") == colleague
    # when: the address tries thirty names
    for n in range(30):
        attempt(f"guess{n}", address="10.9.9.9")
    # then
    with pytest.raises(AccountLocked):
        attempt("guess99", address="10.9.9.9")
    other = make_actor()
    with pytest.raises(AccountLocked):
        attempt(other, RIGHT, address="10.9.9.9")
    assert attempt(colleague, RIGHT, address="10.9.9.9") == colleague


def test_invented_names_add_no_rows(make_actor):
    """Regression (issue 13, defect 2): a throttle row was made for every name tried."""
    for n in range(25):
        attempt(f"nobody{n}", address="192.0.2.1")
    assert FailedLogins.objects.count() == 1
    assert FailedLogins.objects.get().failures == 25


@override_settings(LOGIN_FAILURE_MEMORY_HOURS=24)
def test_old_failures_are_forgotten_and_their_rows_swept(make_actor, clock):
    user = make_actor()
    for _ in range(3):
        attempt(user)
    clock.advance(minutes=25 * 60)
    attempt("someone-else", address="192.0.2.7")  # a new counter sweeps the forgotten ones
    assert set(FailedLogins.objects.values_list("scope", "key")) == {("address", "192.0.2.7")}
    for _ in range(4):
        attempt(user)
    assert attempt(user, RIGHT) == user


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
    user = make_actor()
    attempt(user)
    attempt(user)
    # two failures counted; the third attempt is counted (and locks) even while it is checked
    assert FailedLogins.objects.get(scope="pair").failures == 2
    assert attempt(user) is None
    with pytest.raises(AccountLocked):
        attempt(user, RIGHT)


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_MINUTES=1)
def test_the_token_endpoint_holds_after_the_first_expiry(make_actor, clock, api_client):
    """Regression (issue 13, defect 2), through ``POST /api/auth/token/``."""
    user = make_actor()
    post = lambda password: api_client.post(  # noqa: E731
        "/api/auth/token/", {"username": user.username, "password": password}, format="json"
    )
    codes = [post("wrong").data.get("code") for _ in range(6)]
    assert codes[-1] == "account_locked"
    clock.advance(minutes=1, seconds=1)
    assert post("wrong").data["code"] == "invalid_credentials"
    response = post(RIGHT)
    assert response.status_code == 400 and response.data["code"] == "account_locked"
    assert "token" not in response.data


def test_a_success_updates_the_counters_in_the_order_they_are_locked(make_actor):
    """Two log-ins of one name from one address at the same moment deadlocked on PostgreSQL:
    the success took the pair's row first, the other log-in held the account's and the
    address's (locked by (scope, key)) and waited for the pair."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_actor()
    user.set_password(RIGHT)
    user.save()
    attempt(user)  # a failure: the three counters exist
    # when
    with CaptureQueriesContext(connection) as queries:
        assert attempt(user, RIGHT) == user
    # then: after the password, the counters are changed by (scope, key) as they were locked
    # before it (account < address < pair); the saves before it hold their locks already
    touched = [
        scope
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("UPDATE")
        for scope in ("account", "address", "pair")
        if f'"users_failedlogins"."scope" = \'{scope}\'' in q["sql"]
    ]
    assert touched == sorted(touched)
    assert set(touched) == {"account", "address", "pair"}
