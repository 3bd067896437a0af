"""News between processes (game/realtime/relay.py) on a real Redis: a burst of appends is told
as one piece of news per session, sent from a task of its own."""

from __future__ import annotations

import json
import time
import uuid

import redis

from game.realtime.relay import RedisRelay


def _received(pubsub, count: int, wait: float = 5.0) -> list[tuple[str, int, int]]:
    news, deadline = [], time.monotonic() + wait
    while len(news) < count and time.monotonic() < deadline:
        message = pubsub.get_message(timeout=0.2)
        if message is not None:
            data = json.loads(message["data"])
            news.append((data["s"], data["f"], data["l"]))
    return news


def test_what_is_stored_while_news_is_on_its_way_goes_out_once_per_session(redis_url):
    channel = f"plenary-test-{uuid.uuid4().hex[:8]}:news"
    relay = RedisRelay(redis_url, channel=channel)
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(channel)
    tasks: list = []
    relay.start(lambda task, *args: tasks.append((task, args)), lambda session_id, first_seq: None)
    tasks.clear()  # the listener: this test reads the channel itself

    relay.publish("s1", 5, 5)
    relay.publish("s1", 6, 7)  # stored before the first news went out
    relay.publish("s2", 3, 3)
    assert len(tasks) == 1, "one sender task for the burst"
    task, args = tasks.pop()
    task(*args)
    assert _received(subscriber, 2) == [("s1", 5, 7), ("s2", 3, 3)]

    relay.publish("s1", 8, 8)  # the sender finished: the next news starts another
    assert len(tasks) == 1
    task, args = tasks.pop()
    task(*args)
    assert _received(subscriber, 1) == [("s1", 8, 8)]
    assert _received(subscriber, 1, wait=0.5) == [], "nothing is told twice"
    subscriber.close()


def test_news_before_the_relay_is_started_goes_out_at_once(redis_url):
    channel = f"plenary-test-{uuid.uuid4().hex[:8]}:news"
    relay = RedisRelay(redis_url, channel=channel)
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(channel)
    relay.publish("s1", 1, 2)
    assert _received(subscriber, 1) == [("s1", 1, 2)]
    subscriber.close()


def test_news_that_fails_to_go_out_does_not_hold_up_later_news(redis_url, monkeypatch):
    channel = f"plenary-test-{uuid.uuid4().hex[:8]}:news"
    relay = RedisRelay(redis_url, channel=channel)
    subscriber = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(channel)
    tasks: list = []
    relay.start(lambda task, *args: tasks.append((task, args)), lambda session_id, first_seq: None)
    tasks.clear()
    publish = relay.client.publish

    def broken(*args):
        raise ValueError("a bug, not a Redis error")

    monkeypatch.setattr(relay.client, "publish", broken)
    relay.publish("s1", 1, 1)
    task, args = tasks.pop()
    task(*args)  # logged, not raised
    monkeypatch.setattr(relay.client, "publish", publish)
    relay.publish("s1", 2, 2)
    assert len(tasks) == 1, "the sender is free again"
    task, args = tasks.pop()
    task(*args)
    assert _received(subscriber, 1) == [("s1", 2, 2)]
    subscriber.close()
