"""Callback state (short keys, expiry, capacity) and per-user throttling, with a hand-driven clock."""
from __future__ import annotations

import pytest

from bot.telegram.state import CallbackStore, UserThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_keys_fit_callback_data_with_a_prefix_and_index():
    store: CallbackStore[str] = CallbackStore()
    key = store.put("card")
    assert len(f"c:{key}:19".encode()) <= 64
    assert store.get(key) == "card"


def test_entries_expire_after_ttl():
    clock = Clock()
    store: CallbackStore[str] = CallbackStore(ttl=3600, clock=clock)
    key = store.put("card")
    clock.now += 3599
    assert store.get(key) == "card"
    clock.now += 2
    assert store.get(key) is None
    assert len(store) == 0


def test_replace_keeps_expiry_and_fails_once_gone():
    clock = Clock()
    store: CallbackStore[str] = CallbackStore(ttl=10, clock=clock)
    key = store.put("one")
    clock.now += 5
    assert store.replace(key, "two")
    assert store.get(key) == "two"
    clock.now += 6
    assert not store.replace(key, "three")


def test_capacity_drops_the_oldest():
    store: CallbackStore[int] = CallbackStore(capacity=3)
    keys = [store.put(i) for i in range(5)]
    assert [store.get(k) for k in keys] == [None, None, 2, 3, 4]


def test_unknown_key_is_none():
    assert CallbackStore().get("nope") is None


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="ttl"):
        CallbackStore(ttl=0)
    with pytest.raises(ValueError, match="limit"):
        UserThrottle(0)


def test_throttle_allows_limit_then_warns_once_per_window():
    clock = Clock()
    throttle = UserThrottle(3, 60, clock=clock)
    assert [throttle.check(1).allowed for _ in range(3)] == [True, True, True]
    first = throttle.check(1)
    assert not first.allowed and first.warn and 0 < first.retry_in <= 60
    second = throttle.check(1)
    assert not second.allowed and not second.warn
    assert throttle.check(2).allowed  # other users are not affected
    clock.now += 61
    assert throttle.check(1).allowed


def test_throttle_window_slides():
    clock = Clock()
    throttle = UserThrottle(2, 60, clock=clock)
    throttle.check(1)
    clock.now += 30
    throttle.check(1)
    clock.now += 31  # the first question left the window, the second has not
    assert throttle.check(1).allowed
    assert not throttle.check(1).allowed
