"""A random serial or status bit drawn twice is drawn again: the certificate is still issued."""

from elearn.certificates import services
from tests.web.certificates.conftest import finish


def test_a_status_bit_already_taken_is_drawn_again(users, course, monkeypatch):
    first = finish(users(), course)
    taken = [first.status_index]  # as if a concurrent issue had drawn it just now
    draw = services.new_status_index
    monkeypatch.setattr(services, "new_status_index", lambda: taken.pop() if taken else draw())

    second = finish(users(), course)

    assert second is not None and second.status_index != first.status_index
    assert services.signature_is_valid(second)
