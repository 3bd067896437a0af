"""Alembic's entry point: finds the database and runs the revisions in migrations/versions.

The URL comes from the caller (`game.store.migrate` puts it in `config.attributes["url"]`),
else from DATABASE_URL, else the default SQLite file; `game.store.database_url` decides, so
the command line and the server always agree on which database they mean.
"""

from logging.config import fileConfig

from alembic import context

import game.accounts  # noqa: F401  (registers the accounts tables on Base.metadata)
import game.library  # noqa: F401  (registers the scenario library's tables)
from game.store import Base, database_url, make_engine

config = context.config

# Only the alembic command line reads alembic.ini; a program calling migrate() keeps its logging.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata
url = database_url(config.attributes.get("url"))


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (alembic upgrade head --sql)."""
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the database. SQLite cannot ALTER most things, so it migrates in batches."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
