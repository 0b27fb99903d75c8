"""The site directory's use cases, on the in-memory fakes."""

import pytest

from chalicelib.sites import services
from chalicelib.sites.model import Site, SiteNotFound
from tests.fakes import memory_stores

NAMES = {lang: f"Office ({lang})" for lang in ("en", "pl", "uk", "ru", "vi")}


@pytest.fixture
def store():
    return memory_stores()


def test_listing_sites_gives_every_office_in_order_of_its_id(store):
    services.save_site("rad", "Radom", NAMES, None, store)
    services.save_site("waw", "Warszawa", NAMES, "ul. Marszałkowska 3/5", store)
    services.save_site("plo", "Płock", NAMES, None, store)

    sites = services.list_sites(store)

    assert [site.id for site in sites] == ["plo", "rad", "waw"]


def test_listing_sites_of_an_empty_directory_gives_none(store):
    assert services.list_sites(store) == []


def test_a_saved_site_is_found_by_its_id(store):
    services.save_site("waw", "Warszawa", NAMES, "ul. Marszałkowska 3/5", store)

    site = services.get_site("waw", store)

    assert site == Site("waw", "Warszawa", NAMES, "ul. Marszałkowska 3/5")


def test_an_unknown_site_is_not_found(store):
    with pytest.raises(SiteNotFound):
        services.get_site("nowhere", store)


def test_saving_a_site_trims_its_city_and_replaces_what_was_known(store):
    services.save_site("waw", "Warszawa", NAMES, "old address", store)

    saved = services.save_site("waw", "  Warsaw  ", NAMES, None, store)

    assert saved == Site("waw", "Warsaw", NAMES, None)
    assert store.sites.list_sites() == [saved]


def test_a_site_without_a_name_in_every_language_is_refused_and_nothing_is_saved(store):
    with pytest.raises(ValueError):
        services.save_site("waw", "Warszawa", {"en": "Office"}, None, store)

    assert store.sites.list_sites() == []
