"""Login throttling: five failures lock a (username, address) pair for fifteen minutes."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from greenledger.web.accounts import throttle
from tests.web.conftest import PASSWORD, World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def sign_in(username: str, password: str, address: str = "192.0.2.10") -> object:
    request = RequestFactory().post("/login/", REMOTE_ADDR=address)
    return authenticate(request, username=username, password=password)


def test_the_right_password_signs_in(world: World) -> None:
    assert sign_in("enterprise-a", PASSWORD) == world.users["enterprise_a"]


def test_five_failures_lock_the_account_even_against_the_right_password(world: World) -> None:
    for _attempt in range(5):
        assert sign_in("enterprise-a", "wrong password") is None
    assert throttle.is_locked(username="enterprise-a", address="192.0.2.10")
    assert sign_in("enterprise-a", PASSWORD) is None


def test_four_failures_do_not_lock_and_a_success_clears_the_count(world: World) -> None:
    for _attempt in range(4):
        sign_in("enterprise-a", "wrong password")
    assert sign_in("enterprise-a", PASSWORD) is not None
    for _attempt in range(4):
        sign_in("enterprise-a", "wrong password")
    assert sign_in("enterprise-a", PASSWORD) is not None


def test_the_lock_holds_only_for_that_username_and_address(world: World) -> None:
    for _attempt in range(5):
        sign_in("enterprise-a", "wrong password")
    assert sign_in("enterprise-a", PASSWORD, address="198.51.100.7") is not None
    assert sign_in("enterprise-b", PASSWORD) is not None


def test_the_lock_lasts_fifteen_minutes(world: World, settings: object) -> None:
    assert settings.GREENLEDGER_LOGIN_LOCK_SECONDS == 15 * 60  # type: ignore[attr-defined]
    assert settings.GREENLEDGER_LOGIN_MAX_FAILURES == 5  # type: ignore[attr-defined]


def test_passwords_are_hashed_with_argon2_outside_the_tests() -> None:
    from greenledger.web.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
