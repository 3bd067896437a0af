"""Shared fixtures: a database on each backend the store supports.

`database_url` is parametrised over SQLite (a file under tmp_path) and PostgreSQL (a fresh
schema per test, chosen through the connection's search_path, dropped afterwards), so a test
that takes it runs on both and no two tests see each other's rows. PostgreSQL is skipped when
the server is not reachable, unless PLENARY_REQUIRE_SERVICES=1 (as in CI): then an unreachable
server fails the run rather than quietly testing less.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from game.store import EventStore, make_engine, migrate

POSTGRES = URL.create("postgresql+psycopg", username="postgres", host="127.0.0.1", port=5432,
                      database="test")


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on the test database that creates and drops the per-test schemas."""
    engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        engine.dispose()
        _unreachable(str(error.orig).strip().splitlines()[0])
    yield engine
    engine.dispose()


def _unreachable(why: str) -> None:
    where = f"{POSTGRES.host}:{POSTGRES.port}"
    if os.environ.get("PLENARY_REQUIRE_SERVICES") == "1":
        pytest.fail(f"PostgreSQL at {where} not reachable and PLENARY_REQUIRE_SERVICES=1: {why}",
                    pytrace=False)
    pytest.skip(f"PostgreSQL at {where} not reachable: skipped (set PLENARY_REQUIRE_SERVICES=1 "
                f"to fail instead): {why}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty database, private to this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'plenary.db'}"
        return
    admin: Engine = request.getfixturevalue("postgres_admin")
    schema = f"plenary_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = POSTGRES.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def store(database_url: str) -> Iterator[EventStore]:
    """An event store on a freshly migrated database."""
    migrate(database_url)
    engine = make_engine(database_url)
    yield EventStore(engine)
    engine.dispose()
