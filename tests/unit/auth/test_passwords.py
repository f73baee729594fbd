import pytest

from elearn.auth.passwords import (
    common_passwords,
    hash_password,
    password_problems,
    verify_password,
)


def problems(password, email="nino.beridze@police.example"):
    return password_problems(password, email=email, min_length=10)


def test_a_long_uncommon_password_passes(app):
    with app.test_request_context():
        assert problems("Rustaveli-Avenue-1918") == []


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("short-1", "at least 10 characters"),
        ("nino.beridze@police.example", "email address"),
        ("NINO.BERIDZE-2026", "email address"),
        ("password12", "too common"),
        ("qwertyuiop", "too common"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, password, fragment):
    with app.test_request_context():
        assert any(fragment in problem for problem in problems(password))


def test_the_shipped_common_password_list_is_loaded():
    assert len(common_passwords()) > 19000
    assert "123456" in common_passwords()


def test_hash_round_trip():
    method = "pbkdf2:sha256:1000"
    hashed = hash_password("Rustaveli-Avenue-1918", method)
    assert hashed != "Rustaveli-Avenue-1918"
    assert verify_password(hashed, "Rustaveli-Avenue-1918", method=method)
    assert not verify_password(hashed, "rustaveli-avenue-1918", method=method)
    assert not verify_password(None, "anything", method=method)
