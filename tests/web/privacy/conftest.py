"""The trainer track's fixtures (a programme, a mentor, a coordinator and a candidate)."""

from tests.web.trainers.test_trainer_track import people, programme  # noqa: F401
