import uuid
from collections.abc import Iterator

import boto3
import pytest
from botocore.config import Config
from moto import mock_aws

from chalicelib.storage import Stores, dynamodb_stores, sqlite_stores
from tests.conftest import free_port
from tests.fakes import memory_stores
from tests.moto_server import AtomicMotoServer
from tests.stack import create_table


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")


class StoreFactory:
    """Opens a store on the same underlying data as often as a test asks, as a restart would."""

    def __init__(self, kind: str, open_store) -> None:
        self.kind = kind
        self.open = open_store


REAL_STORES = ["sqlite", "dynamodb"]

# For a test that looks inside a real store (its connection, client or raw items): it runs on
# each real store and not on the in-memory fakes, which have no such inside.
real_stores_only = pytest.mark.parametrize("stores", REAL_STORES, indirect=True)


@pytest.fixture(params=[*REAL_STORES, "memory"])
def stores(request: pytest.FixtureRequest, tmp_path, aws_credentials) -> Iterator[StoreFactory]:
    if request.param == "memory":
        memory = memory_stores()  # one object: reopening it sees what was written
        yield StoreFactory("memory", lambda: memory)
        return
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"
        yield StoreFactory("sqlite", lambda: sqlite_stores(path))
        return
    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-central-1")
        create_table(client, "blizej-test")
        yield StoreFactory("dynamodb", lambda: dynamodb_stores("blizej-test", client))


@pytest.fixture
def store(stores: StoreFactory) -> Stores:
    return stores.open()


@pytest.fixture(params=["sqlite", "dynamodb-server", "memory"])
def shared_store(request, tmp_path, aws_credentials) -> Iterator[Stores]:
    if request.param == "memory":  # its lock must hold under real threads too
        yield memory_stores()
        return
    if request.param == "sqlite":
        yield sqlite_stores(tmp_path / "race.sqlite3")
        return
    port = free_port()
    server = AtomicMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        client = boto3.client(
            "dynamodb",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="eu-central-1",
            config=Config(max_pool_connections=64, retries={"max_attempts": 10}),
        )
        table = f"race-{uuid.uuid4().hex[:8]}"  # moto's backends outlive one server
        create_table(client, table)
        yield dynamodb_stores(table, client)
    finally:
        server.stop()
