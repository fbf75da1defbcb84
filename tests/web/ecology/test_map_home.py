"""The ecology home page: a link to every ecology page of the user's role, the enterprise's own
counts, and the "Ecology" link in the main navigation."""

from __future__ import annotations

import re

import pytest

from greenledger.web.ecology.services import exchanges
from greenledger.web.ecology.views.home import links_for
from tests.web.ecology.conftest import EcologyWorld


def _links(page: str) -> list[str]:
    return re.findall(r'<li id="ecology-link-([a-z_]+)"><a href="([^"]+)"', page)  # type: ignore[return-value]


def test_the_enterprise_gets_every_page_of_its_role_and_each_link_opens(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    client = w.client("a")
    page = client.get("/ecology/").content.decode()
    names = [name for name, _url in _links(page)]
    assert names == [
        "map", "offers", "needs", "offer_new", "need_new", "exchanges", "records_import",
        "parks", "green_power_index",
    ]  # fmt: skip
    for _name, url in _links(page):
        assert client.get(url).status_code == 200, url
    assert 'id="nav-ecology"' in page and 'aria-current="page"' in page
    counts = dict(re.findall(r'id="count-([a-z]+)">(\d+)<', page))
    assert counts == {"offers": "1", "needs": "0", "waiting": "0", "active": "0"}


def test_counts_follow_a_proposal_and_its_confirmation(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    page = w.client("a").get("/ecology/").content.decode()
    assert dict(re.findall(r'id="count-([a-z]+)">(\d+)<', page))["waiting"] == "1"
    exchanges.exchange_confirm(actor=w.users["a"], exchange=exchange)
    page = w.client("a").get("/ecology/").content.decode()
    counts = dict(re.findall(r'id="count-([a-z]+)">(\d+)<', page))
    assert (counts["waiting"], counts["active"]) == ("0", "1")


def test_the_staff_and_the_researcher_get_their_pages(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    staff = [link["name"] for link in links_for(w.users["staff"])]
    assert staff == ["map", "offers", "needs", "exchanges", "parks", "green_power_index"]
    researcher = [link["name"] for link in links_for(w.users["researcher"])]
    assert researcher == ["map", "offers", "needs"]
    page = w.client("researcher").get("/ecology/").content.decode()
    assert 'id="ecology-counts"' not in page
    for _name, url in _links(page):
        assert w.client("researcher").get(url).status_code == 200, url


@pytest.mark.parametrize(("user", "status"), [("analyst", 403), ("anonymous", 302)])
def test_other_roles_have_no_ecology_home(
    ecology_world: EcologyWorld, user: str, status: int
) -> None:
    assert ecology_world.client(user).get("/ecology/").status_code == status


def test_the_navigation_link_only_for_ecology_roles(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    assert 'id="nav-ecology"' in w.client("staff").get("/").content.decode()
    assert 'id="nav-ecology"' in w.client("researcher").get("/").content.decode()
    assert 'id="nav-ecology"' not in w.client("analyst").get("/").content.decode()
    assert 'id="nav-ecology"' not in w.client("anonymous").get("/").content.decode()
