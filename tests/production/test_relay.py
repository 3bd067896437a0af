"""News between processes (game/realtime/relay.py) on a real Redis: a burst of appends is told
as one piece of news per session, sent from a task of its own."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis

from game.realtime.relay import RedisRelay


@dataclass
class Channel:
    relay: RedisRelay
    subscriber: Any
    """A pubsub on the relay's channel: this test reads the news itself."""
    tasks: list
    """The tasks the relay asked to start, run by the test when it chooses."""

    def run_task(self) -> None:
        task, args = self.tasks.pop()
        task(*args)

    def received(self, count: int, wait: float = 5.0) -> list[tuple[str, int, int]]:
        news, deadline = [], time.monotonic() + wait
        while len(news) < count and time.monotonic() < deadline:
            message = self.subscriber.get_message(timeout=0.2)
            if message is not None:
                data = json.loads(message["data"])
                news.append((data["s"], data["f"], data["l"]))
        return news


@pytest.fixture
def channel(redis_url) -> Iterator[Channel]:
    name = f"plenary-test-{uuid.uuid4().hex[:8]}:news"
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(name)
    yield Channel(RedisRelay(redis_url, channel=name), subscriber, [])
    subscriber.close()


def _started(channel: Channel) -> Channel:
    channel.relay.start(lambda task, *args: channel.tasks.append((task, args)), lambda session_id, first_seq: None)
    channel.tasks.clear()  # the listener: the test reads the channel itself
    return channel


def test_what_is_stored_while_news_is_on_its_way_goes_out_once_per_session(channel):
    relay = _started(channel).relay
    relay.publish("s1", 5, 5)
    relay.publish("s1", 6, 7)  # stored before the first news went out
    relay.publish("s2", 3, 3)
    assert len(channel.tasks) == 1, "one sender task for the burst"
    channel.run_task()
    assert channel.received(2) == [("s1", 5, 7), ("s2", 3, 3)]

    relay.publish("s1", 8, 8)  # the sender finished: the next news starts another
    assert len(channel.tasks) == 1
    channel.run_task()
    assert channel.received(1) == [("s1", 8, 8)]
    assert channel.received(1, wait=0.5) == [], "nothing is told twice"


def test_news_before_the_relay_is_started_goes_out_at_once(channel):
    channel.relay.publish("s1", 1, 2)
    assert channel.received(1) == [("s1", 1, 2)]


def test_news_that_fails_to_go_out_does_not_hold_up_later_news(channel, monkeypatch):
    relay = _started(channel).relay
    publish = relay.client.publish

    def broken(*args):
        raise ValueError("a bug, not a Redis error")

    monkeypatch.setattr(relay.client, "publish", broken)
    relay.publish("s1", 1, 1)
    channel.run_task()  # logged, not raised
    monkeypatch.setattr(relay.client, "publish", publish)
    relay.publish("s1", 2, 2)
    assert len(channel.tasks) == 1, "the sender is free again"
    channel.run_task()
    assert channel.received(1) == [("s1", 2, 2)]
