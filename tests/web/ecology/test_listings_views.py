"""The offer and need pages: lists with filters, anonymity, the form (per resource), the
import page (422 with every row and column), closing, and the matches page."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from greenledger.web.ecology.models import ListingStatus, Need, Offer
from greenledger.web.members.models import SiteKind
from greenledger.web.members.services import site_create
from tests.web.ecology.conftest import EcologyWorld


def test_lists_filter_by_resource_and_park_and_hide_anonymous_companies(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    page = w.client("b").get("/ecology/offers/").content.decode()
    assert f'id="offer-{w.heat_offer.pk}"' in page and f'id="offer-{w.oil_offer.pk}"' in page
    assert "甲公司" in page  # A's offer is not anonymous
    assert "丁公司" not in page and "丁工厂" not in page and "废矿物油" not in page
    heat = w.client("b").get("/ecology/offers/", {"kind": "heat"}).content.decode()
    assert f'id="offer-{w.heat_offer.pk}"' in heat and f'id="offer-{w.oil_offer.pk}"' not in heat
    other_park = site_create(
        actor=None, organisation=w.world.company_c, kind=SiteKind.PARK, name_zh="丙二园区"
    )
    elsewhere = w.client("b").get("/ecology/offers/", {"park": other_park.pk}).content.decode()
    assert 'id="listings-empty"' in elsewhere
    in_park = w.client("b").get("/ecology/offers/", {"park": w.park.pk}).content.decode()
    assert f'id="offer-{w.oil_offer.pk}"' in in_park
    own = w.client("d").get("/ecology/offers/").content.decode()
    assert "废矿物油" in own and "丁公司" in own
    staff = w.client("staff").get("/ecology/offers/").content.decode()
    assert "丁公司" in staff
    researcher = w.client("researcher").get(f"/ecology/offers/{w.oil_offer.pk}/")
    assert researcher.status_code == 200
    assert "丁公司" not in researcher.content.decode()
    assert "甲公司" not in w.client("researcher").get("/ecology/offers/").content.decode()
    assert w.client("analyst").get("/ecology/offers/").status_code == 403


def test_a_new_offer_by_form_and_a_refused_one(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    client = w.client("a")
    assert client.get("/ecology/offers/new/").status_code == 200
    data = {
        "site": w.site_a.pk, "kind": "solid_waste", "name": "粉煤灰", "code": "441-001-S02",
        "quantity": "1200", "start_month": "2026-01", "end_month": "2026-12",
        "current_route": "landfill_mineral",
    }  # fmt: skip
    response = client.post("/ecology/offers/new/", data)
    assert response.status_code == 302
    offer = Offer.objects.get(name="粉煤灰")
    assert response["Location"] == f"/ecology/offers/{offer.pk}/"
    assert (offer.code, offer.unit, offer.current_route) == ("441-001-S02", "t", "landfill_mineral")
    hot = {"name": "热", "kind": "heat", "code": "", "current_route": "", "supply_temp_c": "50",
           "return_temp_c": "60"}  # fmt: skip
    refused = client.post("/ecology/offers/new/", {**data, **hot})
    assert refused.status_code == 200
    assert "errorlist" in refused.content.decode()
    assert not Offer.objects.filter(name="热").exists()


def test_the_import_page_refuses_a_bad_file_whole(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    body = (
        "site,kind,name,process,quantity,start_month,end_month,min_temp_c\n"
        "乙工厂,heat,干燥,process_heat,100,2026-01,2026-12,\n"
        "乙工厂,heat,烘干,no_such_process,100,2026-01,2026-12,70\n"
    ).encode()
    upload = SimpleUploadedFile("needs.csv", body, content_type="text/csv")
    response = w.client("b").post("/ecology/needs/import/", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="import-problems"' in page and "no_such_process" in page
    assert Need.objects.filter(organisation=w.company_b).count() == 1


def test_closing_and_the_matches_page(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    page = w.client("b").get(f"/ecology/needs/{w.heat_need.pk}/matches/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="match-offer-{w.heat_offer.pk}"' in text
    assert "1,332.94" in text or "1332.94" in text  # 6,000 MWh x 0.222156 tCO2/MWh
    assert w.client("a").get(f"/ecology/needs/{w.heat_need.pk}/matches/").status_code == 403
    assert w.client("staff").get(f"/ecology/needs/{w.heat_need.pk}/matches/").status_code == 200
    assert w.client("b").post(f"/ecology/offers/{w.heat_offer.pk}/close/").status_code == 403
    assert w.client("a").post(f"/ecology/offers/{w.heat_offer.pk}/close/").status_code == 302
    w.heat_offer.refresh_from_db()
    assert w.heat_offer.status == ListingStatus.CLOSED
    assert w.client("b").get(f"/ecology/offers/{w.heat_offer.pk}/").status_code == 404


def test_the_pages_speak_chinese(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    page = w.client("b").get("/ecology/offers/").content.decode()
    assert "资源供给" in page and "新建供给" in page
    matches = w.client("b").get(f"/ecology/needs/{w.heat_need.pk}/matches/").content.decode()
    assert "候选交换" in matches and "提议此交换" in matches


def test_my_matches_lists_each_open_listing_with_its_best_candidates(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    page = w.client("b").get("/ecology/matches/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="my-need-{w.heat_need.pk}"' in text
    assert f'id="best-need-{w.heat_need.pk}-{w.heat_offer.pk}"' in text
    assert f'id="my-offer-{w.heat_offer.pk}"' not in text  # A's, not B's
    assert w.client("staff").get("/ecology/matches/").status_code == 403
