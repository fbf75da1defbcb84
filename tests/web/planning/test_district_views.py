"""The district pathway pages: the staff start a run from the form and follow it (htmx polling
while it works), read the result (emissions against the caps, shadow prices, parks, industries,
enterprises) and the district and park abatement cost curves; others are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenledger.web.planning.models import DistrictRun, JobStatus
from greenledger.web.planning.selectors import district_runs as selectors
from tests.web.conftest import World
from tests.web.planning.district_support import YEAR, add_district_facts, baseline_total

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks(settings: Any, english: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def facts(world: World) -> dict[int, Any]:
    return add_district_facts(world)


def client_of(world: World, persona: str) -> Any:
    client = world.client(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def queued(world: World, status: str = JobStatus.QUEUED, **fields: Any) -> DistrictRun:
    return DistrictRun.objects.create(
        base_year=YEAR,
        start_year=YEAR + 1,
        end_year=2060,
        parameters={"prices": [0.0], "discount_rate": 0.08, "growth": 0.0,
                    "energy_price_yuan_per_tce": 2000.0, "caps": {"2030": 1.0}},
        status=status,
        created_by=world.users["secretariat"],
        created_at=timezone.now(),
        **fields,
    )  # fmt: skip


def test_the_secretariat_starts_a_run_and_reads_its_result(
    world: World, facts: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(world, "secretariat")
    page = client.get(reverse("planning:district"))
    assert page.status_code == 200
    assert b'id="district-form"' in page.content and b'id="no-runs"' in page.content
    cap = 0.97 * baseline_total(2030)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning:district"),
            {
                "base_year": YEAR,
                "target": "",
                "caps": f"2030 {cap:.0f}\n2035: {cap:.0f}",
                "prices": "0, 100, 300, 1000",
                "discount_rate": "0.08",
                "energy_price_yuan_per_tce": "2000",
                "growth": "0",
                "end_year": "2060",
            },
        )
    run = DistrictRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:district_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    assert run.parameters["caps"] == {"2030": float(f"{cap:.0f}"), "2035": float(f"{cap:.0f}")}
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="caps"' in html and 'data-year="2030"' in html and 'data-year="2035"' in html
    assert 'data-chart="chart-district"' in html
    assert html.count("data-organisation=") == 3
    assert 'id="by-park"' in html and 'id="by-industry"' in html
    assert "optimal" in html
    technologies = selectors.run_breakdown(run)["technologies"]
    assert technologies  # the loose-enough caps still leave paying measures adopted
    for t in technologies:
        assert t["name"] and t["name"] in html
    listing = client.get(reverse("planning:district")).content.decode()
    assert f'data-run="{run.pk}"' in listing
    row = listing.split(f'data-run="{run.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "optimal" in row

    macc = client.get(reverse("planning:district_macc", args=[run.pk]))
    assert macc.status_code == 200
    curve = selectors.district_macc(run)
    assert macc.content.decode().count("<tr") - 1 == min(len(curve), 100)
    assert b'data-chart="chart-macc"' in macc.content
    park = client.get(reverse("planning:district_macc", args=[run.pk]), {"park": world.park.pk})
    assert park.status_code == 200
    assert world.park.name_zh in park.content.decode()
    assert (
        client.get(reverse("planning:district_macc", args=[run.pk]), {"park": "999999"}).status_code
        == 404
    )


def test_a_bad_caps_line_is_refused_naming_the_line(world: World, facts: Any) -> None:
    response = client_of(world, "secretariat").post(
        reverse("planning:district"),
        {"base_year": YEAR, "caps": "2030 1000\nnext year lots", "prices": "0",
         "discount_rate": "0.08", "energy_price_yuan_per_tce": "2000", "growth": "0",
         "end_year": "2060"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert not DistrictRun.objects.exists()


def test_a_service_refusal_names_the_field(world: World, facts: Any) -> None:
    response = client_of(world, "secretariat").post(
        reverse("planning:district"),
        {"base_year": YEAR, "caps": "2019 1000", "prices": "0", "discount_rate": "0.08",
         "energy_price_yuan_per_tce": "2000", "growth": "0", "end_year": "2060"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Cap year 2019 is not between 2026 and 2060." in response.content.decode()


def test_a_working_run_is_polled_and_a_finished_one_refreshes(world: World, facts: Any) -> None:
    client = client_of(world, "secretariat")
    run = queued(world, JobStatus.RUNNING, progress=40, enterprises_total=3, enterprises_done=1)
    url = reverse("planning:district_run", args=[run.pk])
    page = client.get(url).content.decode()
    assert 'hx-get="' + url + '"' in page and 'aria-valuenow="40"' in page
    assert "1 of 3 enterprises priced" in page
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert partial.content.decode().lstrip().startswith('<div id="district-progress"')
    DistrictRun.objects.filter(pk=run.pk).update(status=JobStatus.FAILED, error="ValueError: x")
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    failed = client.get(url).content.decode()
    assert 'id="run-error"' in failed and "ValueError: x" in failed and "hx-get" not in failed
    assert client.get(reverse("planning:district_macc", args=[run.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["enterprise_a", "evaluator", "analyst", "public"])
def test_others_are_refused(world: World, facts: Any, persona: str) -> None:
    run = queued(world)
    client = client_of(world, persona)
    assert client.get(reverse("planning:district")).status_code == 403
    assert client.post(reverse("planning:district"), {"base_year": YEAR}).status_code == 403
    assert client.get(reverse("planning:district_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("planning:district_macc", args=[run.pk])).status_code == 404
    assert not DistrictRun.objects.exclude(pk=run.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    run = queued(world)
    client = client_of(world, "anonymous")
    for url in (
        reverse("planning:district"),
        reverse("planning:district_run", args=[run.pk]),
        reverse("planning:district_macc", args=[run.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_chinese_pages_have_no_english_sentence(
    world: World, facts: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.web.test_zh_interface import english_runs

    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning:district"),
            {"base_year": YEAR, "caps": "2030 1", "prices": "0, 300", "discount_rate": "0.08",
             "energy_price_yuan_per_tce": "2000", "growth": "0", "end_year": "2060"},
        )  # fmt: skip
    run = DistrictRun.objects.get()
    failed = queued(world, JobStatus.FAILED, error="ValueError: x")
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    pages = [
        reverse("planning:district"),
        response["Location"],
        reverse("planning:district_macc", args=[run.pk]),
        reverse("planning:district_macc", args=[run.pk]) + f"?park={world.park.pk}",
        reverse("planning:district_run", args=[failed.pk]),
    ]
    for url in pages:
        page = client.get(url, **zh)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert english_runs(html) == [], (url, english_runs(html))
    assert "影子碳价" in client.get(response["Location"], **zh).content.decode()
    refused = client.post(
        reverse("planning:district"),
        {"base_year": YEAR, "caps": "2019 1", "prices": "0", "discount_rate": "0.08",
         "energy_price_yuan_per_tce": "2000", "growth": "0", "end_year": "2060"},
        **zh,
    )  # fmt: skip
    assert "上限年份 2019 不在 2026 至 2060 年之间。" in refused.content.decode()


def test_the_curve_page_switches_to_the_social_view(
    world: World, facts: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(world, "secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("planning:district"),
            {"base_year": YEAR, "caps": "2030 1000000000", "prices": "0",
             "discount_rate": "0.08", "social_rate": "0.03",
             "energy_price_yuan_per_tce": "2000", "growth": "0", "end_year": "2060"},
        )  # fmt: skip
    run = DistrictRun.objects.get()
    assert run.parameters["social_rate"] == 0.03
    url = reverse("planning:district_macc", args=[run.pk])
    private = client.get(url).content.decode()
    assert '<strong aria-current="true">Private view (rate 0.08)</strong>' in private
    social = client.get(url, {"view": "social"}).content.decode()
    assert '<strong aria-current="true">Social view (rate 0.03)</strong>' in social
    first = selectors.district_macc(run, social=True)[0]
    assert f"<code>{first['measure_id']}</code>" in social.split('id="macc-table"', 1)[1]
    api = (
        Client()
        .get(
            f"/api/planning/district/runs/{run.pk}/macc",
            {"view": "social", "limit": 1},
            **world.api_headers("secretariat"),
        )
        .json()
    )
    assert api["items"][0]["cost_per_t"] == first["cost_per_t"]
