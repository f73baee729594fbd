from datetime import UTC, datetime, timedelta

import pytest

from elearn.auth.lockout import Rule, blocked_until
from elearn.auth.sessions import device_summary

AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0": "Edge · Windows",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1": "Safari · iOS",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0": "Firefox · Linux",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15": "Safari · macOS",
    "curl/8.5.0": "",
    "": "",
}


@pytest.mark.parametrize("agent, summary", AGENTS.items())
def test_device_summary_names_browser_and_system(agent, summary):
    assert device_summary(agent) == summary


def test_back_off_starts_at_the_threshold_doubles_and_stops_at_the_cap():
    rule = Rule(threshold=5, first_wait=timedelta(minutes=15))
    last = datetime(2026, 12, 1, tzinfo=UTC)
    cap = timedelta(hours=24)
    assert blocked_until(4, last, rule, cap) is None
    waits = [blocked_until(n, last, rule, cap) - last for n in (5, 6, 7)]
    assert waits == [timedelta(minutes=15), timedelta(minutes=30), timedelta(minutes=60)]
    assert blocked_until(10_000, last, rule, cap) == last + cap
