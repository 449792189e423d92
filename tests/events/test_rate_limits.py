import pytest

from events.rate_limits import SlidingWindow, allow

pytestmark = pytest.mark.unit


def test_no_double_burst_across_a_window_boundary():
    # 120/60 s: 120 votes at 59.9 s and 120 more at 60.1 s must not all pass (fixed windows let
    # 240 through in a fraction of a second).
    passed = sum(allow("burst-test", 120, 60, now=59.9) for _ in range(120))
    passed += sum(allow("burst-test", 120, 60, now=60.1) for _ in range(120))
    assert passed <= 121


def test_the_limit_recovers_as_the_window_slides():
    assert sum(allow("slide-test", 10, 60, now=10) for _ in range(20)) == 10
    # At 70 s, 50 of the full window's 60 s still count (10 × 50/60 ≈ 8.3): one more passes.
    assert sum(allow("slide-test", 10, 60, now=70) for _ in range(5)) == 1
    # At 115 s only 5 s of it remain: room for eight more.
    assert sum(allow("slide-test", 10, 60, now=115) for _ in range(20)) == 8


def test_socket_window_is_exact():
    now = [0.0]
    window = SlidingWindow(3, 10, clock=lambda: now[0])
    assert [window.hit() for _ in range(4)] == [True, True, True, False]
    now[0] = 9.9
    assert not window.hit()
    now[0] = 10.0
    assert window.hit()
