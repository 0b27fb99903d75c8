"""The offices, stored one JSON document per site."""

import json

from chalicelib.sites.model import Site
from chalicelib.sites.ports import SiteDirectory
from chalicelib.storage.sqlite.database import Database


class SqliteSites(SiteDirectory):
    def __init__(self, db: Database) -> None:
        self.db = db

    def save_site(self, site: Site) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO sites (id, doc) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
                (site.id, json.dumps(site.as_dict(), ensure_ascii=False)),
            )

    def get_site(self, site_id: str) -> Site | None:
        row = self.db.one("SELECT doc FROM sites WHERE id = ?", site_id)
        return Site.from_dict(json.loads(row[0])) if row else None

    def list_sites(self) -> list[Site]:
        rows = self.db.rows("SELECT doc FROM sites ORDER BY id")
        return [Site.from_dict(json.loads(doc)) for (doc,) in rows]
