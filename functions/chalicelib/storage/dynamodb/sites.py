"""The offices, one item each in the SITES partition."""

from chalicelib.sites.model import Site
from chalicelib.sites.ports import SiteDirectory
from chalicelib.storage.dynamodb.table import OnTable

SITES_PARTITION = "SITES"


class DynamoSites(OnTable, SiteDirectory):
    def save_site(self, site: Site) -> None:
        self.table.put({"pk": SITES_PARTITION, "sk": site.id, **site.as_dict()})

    def get_site(self, site_id: str) -> Site | None:
        item = self.table.get(SITES_PARTITION, site_id)
        return Site.from_dict(item) if item else None

    def list_sites(self) -> list[Site]:
        return [Site.from_dict(item) for item in self.table.partition(SITES_PARTITION)]
