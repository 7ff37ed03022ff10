"""A care record system asks by ICD-10 code (`?code=F20`) and keeps the ids it was given:
codes find the programmes that cover them, and ids survive a re-import of the content."""

import copy

import pytest

from programmes.editorial.content_file import programme_import
from programmes.models import Programme
from tests.factories import programme_files

pytestmark = pytest.mark.django_db


def programme_ids(client, code: str) -> list[str]:
    return [item["id"] for item in client.get(f"/api/v1/programmes?code={code}").json()["data"]]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("F20", ["schizofreni"]),
        ("F25.1", ["schizofreni"]),
        ("F33", ["depression-och-angest"]),
        ("F41.1", ["depression-och-angest"]),
        ("f32", ["depression-och-angest"]),
        ("F90", ["adhd"]),
        ("F10", ["missbruk-och-beroende"]),
        ("X70", ["sjalvskadebeteende"]),
        ("F50", []),
    ],
)
def test_a_code_finds_the_programmes_that_cover_it(client, code, expected):
    assert programme_ids(client, code) == expected


@pytest.mark.parametrize("code", ["F2", "20", "schizofreni", "F20-F29", "F20.123"])
def test_a_malformed_code_is_a_400(client, code):
    response = client.get(f"/api/v1/programmes?code={code}")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == ["code"]


def test_programmes_carry_their_codes(client):
    data = client.get("/api/v1/programmes/depression-och-angest").json()["data"]

    assert data["icd10_ranges"] == ["F32–F33", "F40–F41"]


def test_content_is_found_by_code(client):
    interventions = client.get("/api/v1/interventions?code=F20&limit=100").json()["data"]
    vignettes = client.get("/api/v1/vignettes?code=F20").json()["data"]

    assert interventions
    assert {item["programme"]["id"] for item in interventions} == {"schizofreni"}
    assert {item["programme"]["id"] for item in vignettes} == {"schizofreni"}


def _every_id(client, slug: str) -> dict:
    tree = client.get(f"/api/v1/programmes/{slug}/tree").json()["data"]
    pathways = client.get(f"/api/v1/programmes/{slug}/pathways").json()["data"]
    listed = client.get(f"/api/v1/interventions?programme={slug}&limit=100").json()["data"]
    return {
        "tree": [(node["id"], node["parent"]["id"]) for node in tree],
        "pathways": [(p["id"], [step["id"] for step in p["children"]]) for p in pathways],
        "interventions": [
            (node["id"], node["intervention"]["recommendation"]["kind"]) for node in listed
        ],
    }


def test_ids_survive_deleting_and_reimporting_the_content_file(client):
    data = copy.deepcopy(programme_files()["schizofreni"])
    data["slug"] = "schizofreni-kopia"
    for key in ("vignettes", "indicators", "materials"):
        for entry in data.get(key) or []:
            entry["slug"] += "-kopia"
    programme_import(data=data, source="test")
    before = _every_id(client, "schizofreni-kopia")
    old_pk = Programme.objects.get(slug="schizofreni-kopia").pk

    Programme.objects.filter(slug="schizofreni-kopia").delete()
    programme_import(data=data, source="test, again")
    programme_import(data=data, source="test, once more")

    assert Programme.objects.get(slug="schizofreni-kopia").pk != old_pk
    assert _every_id(client, "schizofreni-kopia") == before
    assert before["tree"] and before["pathways"] and before["interventions"]


def test_every_material_says_where_it_opens(client):
    """A system that lists the materials can open them: the portal's file or printed
    flyer, or the link, in the language asked for."""
    body = client.get("/api/v1/materials", {"lang": "en", "limit": 100}).json()

    opens = {item["id"]: item["open_url"] for item in body["data"]}
    assert opens and all(opens.values())
    flyers = [url for url in opens.values() if url.endswith("/print/")]
    assert flyers and all(url.startswith("/en/materials/") for url in flyers)
    links = [item for item in body["data"] if item["link"]]
    assert all(item["open_url"] == item["link"] for item in links)
