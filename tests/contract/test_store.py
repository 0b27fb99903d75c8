"""The contract every store keeps. It runs against SQLite and against DynamoDB (moto)."""

from chalicelib.sites.model import Site

NAMES = {
    "en": "Radom branch",
    "pl": "Delegatura w Radomiu",
    "uk": "Філія",
    "ru": "Филиал",
    "vi": "Chi nhánh",
}


def site(site_id: str, city: str = "Radom", address: str | None = None) -> Site:
    return Site(id=site_id, city=city, name=dict(NAMES), address=address)


def test_a_store_says_which_kind_it_is_and_answers_a_ping(store, stores):
    store.upkeep.ping()

    assert store.kind == stores.kind


def test_a_new_store_has_no_sites(store):
    assert store.sites.list_sites() == []
    assert store.sites.get_site("rad") is None


def test_a_saved_site_reads_back_the_same(store):
    saved = site("rad", address="ul. Żeromskiego 53, Radom")

    store.sites.save_site(saved)

    assert store.sites.get_site("rad") == saved


def test_a_site_without_an_address_keeps_none(store):
    store.sites.save_site(site("plo", city="Płock"))

    assert store.sites.get_site("plo").address is None


def test_saving_a_site_again_replaces_it(store):
    store.sites.save_site(site("rad", address="old"))

    store.sites.save_site(site("rad", address="new"))

    assert [s.address for s in store.sites.list_sites()] == ["new"]


def test_sites_are_listed_in_order_of_their_id(store):
    for site_id in ("waw", "cie", "rad"):
        store.sites.save_site(site(site_id))

    assert [s.id for s in store.sites.list_sites()] == ["cie", "rad", "waw"]


def test_sites_survive_reopening_the_store(stores):
    stores.open().sites.save_site(site("sie", city="Siedlce"))

    reopened = stores.open()

    assert reopened.sites.get_site("sie") == site("sie", city="Siedlce")


def test_many_sites_are_all_listed(store):
    ids = [f"s{number:03}" for number in range(120)]
    for site_id in ids:
        store.sites.save_site(site(site_id))

    assert [s.id for s in store.sites.list_sites()] == ids
