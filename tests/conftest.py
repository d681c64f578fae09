"""Fixtures shared by every module's tests: the live app on a real database, users with tokens, clients."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from api.accounts import service as accounts
from api.db import migrate
from api.settings import Settings
from tests.support.graphql import GraphQLClient, count_statements
from tests.support.server import LiveServer, is_postgres, reset_database, test_database_url


@pytest.fixture(scope="session")
def database_url() -> str:
    url = test_database_url()
    asyncio.run(reset_database(url))
    asyncio.run(migrate(url))
    return url


@pytest.fixture(scope="session")
def on_postgres(database_url: str) -> bool:
    return is_postgres(database_url)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings.from_env(database_url=database_url)


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(settings).start()
    yield server
    server.stop()


@dataclass
class Account:
    name: str
    token: str
    client: GraphQLClient


@pytest.fixture
def make_account(live_server: LiveServer) -> Iterator:
    """Creates a fresh user with a token, and a client that sends it."""
    made: list[Account] = []

    def make(prefix: str = "user") -> Account:
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"

        async def create() -> str:
            user = await accounts.ensure_user(name=name)
            return (await accounts.create_token(user=user)).token

        token = live_server.call(create)
        account = Account(name=name, token=token, client=GraphQLClient(live_server.url, token))
        made.append(account)
        return account

    yield make
    for account in made:
        account.client.close()


@pytest.fixture
def alice(make_account) -> Account:
    return make_account("alice")


@pytest.fixture
def bob(make_account) -> Account:
    return make_account("bob")


@pytest.fixture
def gql(alice: Account) -> GraphQLClient:
    """A client authenticated as a fresh user."""
    return alice.client


@pytest.fixture
def anonymous(live_server: LiveServer) -> Iterator[GraphQLClient]:
    client = GraphQLClient(live_server.url)
    yield client
    client.close()


@pytest.fixture
def sql_statements():
    """Use as `with sql_statements() as log: ...; assert log.count == N`."""
    return count_statements
