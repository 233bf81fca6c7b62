"""Passwords that satisfy length and character classes but lead every cracking list are refused in Chinese."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

PASSWORD = "Test-pass-2026"  # tests.factories.make_user


@pytest.mark.parametrize(
    "password",
    ["Qwerty123!", "1qaz2wsx!QAZ", "Woaini1314!", "P@ssw0rd2026!", "Zxcvbnm,./1"],
    ids=["row-walk-and-digits", "column-walk", "chinese-common", "leetspeak", "bottom-row"],
)
def test_keyboard_walks_and_common_chinese_passwords_are_refused(town01, password):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user=town01)
    codes = [error.code for error in caught.value.error_list]
    assert "password_guessable" in codes
    assert any("容易被猜中" in message for message in caught.value.messages)


@pytest.mark.parametrize("password", ["Bicycle-river-Lantern-42", "Hx7-qpl-Wr2", "晚霞-Harbour-73"])
def test_an_unrelated_passphrase_is_accepted(town01, password):
    validate_password(password, user=town01)


def test_a_clerk_cannot_change_her_password_to_qwerty123(client_for, town01):
    client = client_for(town01)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "Qwerty123!", "new_password2": "Qwerty123!"},
    )
    assert response.status_code == 200
    assert "容易被猜中" in response.content.decode()
    town01.refresh_from_db()
    assert town01.check_password(PASSWORD)
