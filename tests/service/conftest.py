"""A service over a real store (SQLite in a temporary folder, or PostgreSQL), with a clock
the test moves by hand."""

from __future__ import annotations

import pytest

from game import scenario as scenarios
from game.service import Service


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(store, clock) -> Service:
    return Service(store, clock=clock, snapshot_every=25)


@pytest.fixture
def starter() -> scenarios.Scenario:
    return scenarios.find("classroom-starter")
