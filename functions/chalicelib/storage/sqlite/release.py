"""Release policies, ballots with their entries, and waiting lists (stub until the next commit)."""

from chalicelib.release.ports import Ballots, WaitingList
from chalicelib.storage.sqlite.database import Database


class SqliteBallots(Ballots):
    def __init__(self, db: Database) -> None:
        self.db = db

    def __getattribute__(self, name: str):
        if name in Ballots.__abstractmethods__:
            raise NotImplementedError(f"SqliteBallots.{name} lands in the next commit")
        return super().__getattribute__(name)


class SqliteWaitingList(WaitingList):
    def __init__(self, db: Database) -> None:
        self.db = db

    def __getattribute__(self, name: str):
        if name in WaitingList.__abstractmethods__:
            raise NotImplementedError(f"SqliteWaitingList.{name} lands in the next commit")
        return super().__getattribute__(name)


for _port, _cls in ((Ballots, SqliteBallots), (WaitingList, SqliteWaitingList)):
    for _name in _port.__abstractmethods__:
        setattr(_cls, _name, None)
    _cls.__abstractmethods__ = frozenset()
