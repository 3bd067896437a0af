"""The pool after the database went away: a connection that rested is pinged at checkout
and replaced if it died; one used in the last second is not, so a request right after a
short outage may be refused once as unavailable, and the next one finds new connections."""

from __future__ import annotations

import hashlib
import time
import uuid

import pytest
from sqlalchemy import text

from game.store import IDLE_BEFORE_PING, UNAVAILABLE, EventStore, make_engine, migrate
from tests.conftest import POSTGRES

from .proxy import Proxy


@pytest.fixture
def through_proxy(postgres_admin):
    """An event store on a fresh schema, reaching PostgreSQL through a Proxy the test can cut."""
    schema = f"plenary_pool_{uuid.uuid4().hex[:12]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = {"options": f"-csearch_path={schema}"}
    migrate(POSTGRES.update_query_dict(options).render_as_string(hide_password=False))
    proxy = Proxy((POSTGRES.host, POSTGRES.port))
    url = POSTGRES.set(host="127.0.0.1", port=proxy.port).update_query_dict(options)
    store = EventStore(make_engine(url.render_as_string(hide_password=False)))
    store.create_session("s1", scenario_id="x", scenario_version=hashlib.sha256(b"t").hexdigest(),
                         scenario_text="t", title="t", created_at=1.0)
    yield store, proxy
    store.engine.dispose()
    proxy.close()
    with postgres_admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def test_a_rested_connection_that_died_is_replaced_before_use(through_proxy):
    store, proxy = through_proxy
    assert store.load("s1") == []
    proxy.cut()
    proxy.restore()
    time.sleep(IDLE_BEFORE_PING + 0.2)
    assert store.load("s1") == []  # pinged, found dead, replaced: not refused


def test_right_after_a_short_outage_at_most_one_request_is_refused(through_proxy):
    store, proxy = through_proxy
    assert store.load("s1") == []
    proxy.cut()
    proxy.restore()
    answers = []
    for _ in range(3):
        try:
            answers.append(store.load("s1"))
        except UNAVAILABLE:
            answers.append("unavailable")
    assert answers[1:] == [[], []], answers
