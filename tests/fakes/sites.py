"""The site directory in memory."""

from chalicelib.sites.model import Site
from chalicelib.sites.ports import SiteDirectory
from tests.fakes.memory import Fake, dump, load


class FakeSites(Fake, SiteDirectory):
    def save_site(self, site: Site) -> None:
        with self.memory.lock:
            self.memory.sites[site.id] = dump(site.as_dict())

    def get_site(self, site_id: str) -> Site | None:
        doc = self.memory.sites.get(site_id)
        return Site.from_dict(load(doc)) if doc is not None else None

    def list_sites(self) -> list[Site]:
        with self.memory.lock:
            docs = [self.memory.sites[key] for key in sorted(self.memory.sites)]
        return [Site.from_dict(load(doc)) for doc in docs]
