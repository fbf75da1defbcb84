"""The records pages and the park pages: a month by form, a file refused whole with its rows,
the park's rates with what they come from, who sees what."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone

from greenledger.web.ecology.models import CfeRun, ExchangeRecord
from greenledger.web.ecology.services import records
from tests.web.ecology.conftest import EcologyWorld
from tests.web.ecology.records_support import active_heat_exchange


def _upload(text: str, name: str = "records.csv") -> io.BytesIO:
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


def test_a_party_records_a_month_by_form_and_sees_the_calculation(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    exchange = active_heat_exchange(w)
    url = reverse("ecology:exchange_records", args=[exchange.pk])
    client = w.client("b")
    page = client.get(url)
    assert page.status_code == 200 and 'id="record-form"' in page.content.decode()
    refused = client.post(url, {"month": "2026-13", "quantity": "10"})
    assert refused.status_code == 422 and "YYYY-MM" in refused.content.decode()
    done = client.post(url, {"month": "2026-04", "quantity": "1,000"})
    assert done.status_code == 302
    html = client.get(url).content.decode()
    assert 'id="record-2026-04"' in html
    assert "1,000 MWh x 0.2222 tCO2/MWh = 222.2 tCO2" in html
    assert 'id="records-avoided">222.16<' in html  # 1,000 x 0.222156 by hand
    staff = w.client("staff").get(url)  # sees the records, cannot record
    assert staff.status_code == 200 and 'id="record-form"' not in staff.content.decode()
    assert w.client("staff").post(url, {"month": "2026-05", "quantity": "1"}).status_code == 403
    assert w.client("d").get(url).status_code == 404
    assert w.client("researcher").get(url).status_code == 404
    assert w.client("anonymous").get(url).status_code == 302
    assert w.client("anonymous").post(url, {"month": "2026-05", "quantity": "1"}).status_code == 404
    assert ExchangeRecord.objects.count() == 1


def test_a_file_of_records_is_refused_whole_with_its_rows(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = active_heat_exchange(w)
    url = reverse("ecology:records_import")
    client = w.client("a")
    page = client.get(url)
    assert page.status_code == 200 and f'href="/ecology/exchanges/{exchange.pk}/records/"' in (
        page.content.decode()
    )
    bad = f"exchange,month,quantity\n{exchange.pk},2026-01,100\n{exchange.pk},2026-02,-5\n"
    refused = client.post(url, {"file": _upload(bad)})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="records-problems"' in html and '<td class="num">3</td>' in html
    assert not ExchangeRecord.objects.exists()
    good = f"exchange,month,quantity\n{exchange.pk},2026-01,100\n{exchange.pk},2026-02,50\n"
    assert client.post(url, {"file": _upload(good)}).status_code == 302
    assert sorted(ExchangeRecord.objects.values_list("quantity", flat=True)) == [50.0, 100.0]
    assert w.client("staff").get(url).status_code == 403
    assert w.client("researcher").get(url).status_code == 403


def test_the_park_page_shows_rates_with_their_basis_and_the_pooled_cfe(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    exchange = active_heat_exchange(w)
    records.record_save(actor=w.users["a"], exchange=exchange, month="2026-02", quantity=2000)
    CfeRun.objects.create(
        site=w.park, pooled=True, year=2026, cfe_score=0.41, annual_match_share=0.87,
        created_at=timezone.now(),
    )  # fmt: skip
    url = reverse("ecology:park", args=[w.park.pk]) + "?year=2026"
    page = w.client("b").get(url)  # a tenant
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="rate-waste_heat_utilisation">25.0 %<' in html  # 2,000 / 8,000 MWh
    assert 'id="rate-solid_waste_utilisation">—<' in html
    assert "2,000.0 MWh" in html and "8,000.0 MWh" in html
    assert "发改环资〔2025〕910号" in html
    assert 'id="park-avoided">444.31<' in html  # 2,000 x 0.222156
    assert 'id="park-cfe-score">0.410<' in html and 'id="park-annual-share">0.870<' in html
    assert f'href="/ecology/exchanges/{exchange.pk}/records/"' in html
    d_page = w.client("d").get(url).content.decode()  # a tenant, not a party: counted only
    assert 'id="no-visible-exchanges"' in d_page
    assert f"/ecology/exchanges/{exchange.pk}/" not in d_page
    assert w.client("staff").get(url).status_code == 200
    assert w.client("researcher").get(url).status_code == 403
    assert w.client("analyst").get(url).status_code == 403
    assert w.client("anonymous").get(url).status_code == 302
    listing = w.client("staff").get(reverse("ecology:parks") + "?year=2026").content.decode()
    assert f'id="park-{w.park.pk}"' in listing and "444.31" in listing
    assert w.client("a").get(reverse("ecology:park", args=[999999])).status_code == 404
    assert w.client("a").get(url.replace("2026", "abc")).status_code == 404
