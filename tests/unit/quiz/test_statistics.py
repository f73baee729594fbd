import pytest

from elearn.quiz.statistics import Sitting, item_statistics


def sitting(locale, q1, q2, response="a"):
    return Sitting(locale, 50 * (q1 + q2), {1: q1, 2: q2}, {1: response, 2: ["x", "y"]})


def test_facility_discrimination_and_choices():
    sittings = [
        sitting("en", 1.0, 1.0, "a"),
        sitting("en", 1.0, 0.0, "a"),
        sitting("uk", 0.0, 0.0, "b"),
        sitting("uk", 0.0, 1.0, "c"),
    ]
    first, second = item_statistics([1, 2], sittings)
    assert first.attempts == 4
    assert first.facility == 0.5
    assert first.discrimination == pytest.approx(0.0)
    assert first.choices == {"a": 2, "b": 1, "c": 1}
    assert second.choices == {"x": 4, "y": 4}
    assert first.by_language == {"en": (2, 1.0), "uk": (2, 0.0)}
    assert first.weak_languages == []  # too few attempts per language to judge


def test_a_question_much_harder_in_one_language_is_flagged():
    sittings = [sitting("en", 1.0, i % 2) for i in range(6)]
    sittings += [sitting("ro", 0.9, i % 2) for i in range(6)]
    sittings += [sitting("ka", 0.2, i % 2) for i in range(6)]
    first, second = item_statistics([1, 2], sittings)
    assert first.weak_languages == ["ka"]
    assert second.weak_languages == []


def test_no_attempts():
    [item] = item_statistics([1], [])
    assert (item.attempts, item.facility, item.discrimination) == (0, None, None)


def test_discrimination_is_positive_when_strong_trainees_get_it_right():
    sittings = [
        Sitting("en", 0, {1: 1.0, 2: 1.0, 3: 1.0}, {}),
        Sitting("en", 0, {1: 1.0, 2: 1.0, 3: 0.0}, {}),
        Sitting("en", 0, {1: 0.0, 2: 0.0, 3: 1.0}, {}),
        Sitting("en", 0, {1: 0.0, 2: 0.0, 3: 0.0}, {}),
    ]
    [item] = item_statistics([1], sittings)
    assert item.discrimination > 0.5
