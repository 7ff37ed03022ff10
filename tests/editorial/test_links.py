"""The link check: internal links must lead to a public page; the rest are listed."""

import io
import json
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programmes.editorial.links import Problem, link_fetch, links_check, links_collect
from programmes.models import CaseVignette, ContentNode, Material, PathwayStep
from tests.factories import make_node, make_pathway, make_programme, make_step

pytestmark = pytest.mark.django_db


def node_url(programme, *slugs, language="sv"):
    with translation.override(language):
        return reverse("programmes:node", args=[programme.slug, "/".join(slugs)])


def link(href, text="länk"):
    return f'<p>Se <a href="{href}">{text}</a>.</p>'


@pytest.fixture
def site():
    """A programme with a published page, an unpublished page, a published page under an
    unpublished section, and an unpublished programme with a published page."""
    programme = make_programme(slug="lankprogram")
    section = make_node(programme, slug="avsnitt", kind="section")
    make_node(programme, section, slug="sida")
    make_node(programme, section, slug="utkast", published=False)
    hidden = make_node(programme, slug="dolt-avsnitt", kind="section", published=False)
    make_node(programme, hidden, slug="under-dolt")
    draft_programme = make_programme(slug="dolt-program", published=False)
    make_node(draft_programme, slug="i-dolt-program")
    CaseVignette.objects.create(
        programme=programme, slug="dolt-typfall", title_sv="Typfall", story_sv="<p>X</p>"
    )
    writer = make_programme(slug="skrivande-program")
    # The demo materials link to the national site; these tests count their own links.
    Material.objects.exclude(url="").delete()
    return {"programme": programme, "draft_programme": draft_programme, "writer": writer}


def write(site, **fields):
    """A node whose text holds the links under test."""
    return make_node(site["writer"], **fields)


def test_a_link_to_a_published_page_works(site):
    write(site, body_sv=link(node_url(site["programme"], "avsnitt", "sida")))

    report = links_check()

    assert report.broken == []
    assert report.working == 1


@pytest.mark.parametrize(
    ("href", "problem"),
    [
        ("/program/lankprogram/avsnitt/utkast/", Problem.UNPUBLISHED),
        ("/program/lankprogram/dolt-avsnitt/under-dolt/", Problem.UNPUBLISHED),
        ("/program/dolt-program/i-dolt-program/", Problem.UNPUBLISHED),
        ("/program/dolt-program/", Problem.UNPUBLISHED),
        ("/typfall/dolt-typfall/", Problem.UNPUBLISHED),
        ("/program/lankprogram/avsnitt/finns-inte/", Problem.MISSING),
        ("/program/lankprogram/sida/", Problem.MISSING),  # the page, not where it is
        ("/program/finns-inte/", Problem.MISSING),
        ("/finns-inte/alls/", Problem.MISSING),
        ("/en/program/lankprogram/", Problem.MISSING),  # a Swedish path under /en/
        ("/admin/programmes/contentnode/", Problem.ADMIN),
        ("sida/", Problem.RELATIVE),
    ],
)
def test_a_broken_internal_link_is_reported_with_the_reason(site, href, problem):
    node = write(site, title_sv="Med länk", procedure_sv=link(href))

    report = links_check()

    [broken] = report.broken
    assert (broken.href, broken.problem) == (href, problem)
    assert broken.place.model == ContentNode._meta.verbose_name
    assert broken.place.object == "Med länk"
    assert broken.place.field == ContentNode._meta.get_field("procedure").verbose_name
    assert broken.place.language == "sv"
    assert broken.place.admin_url == reverse("admin:programmes_contentnode_change", args=[node.pk])
    assert report.working == 0


def test_anchors_query_strings_and_a_missing_slash_do_not_matter(site):
    page = node_url(site["programme"], "avsnitt", "sida")
    write(site, body_sv=link(f"{page}#steg-2") + link(f"{page}?a=1") + link(page.rstrip("/")))

    report = links_check()

    assert report.broken == []
    assert report.working == 3


def test_each_address_is_requested_once(site, monkeypatch):
    requested = []
    get = Client.get

    def counting_get(self, path, *args, **kwargs):
        requested.append(path)
        return get(self, path, *args, **kwargs)

    monkeypatch.setattr(Client, "get", counting_get)
    page = node_url(site["programme"], "avsnitt", "sida")
    write(site, body_sv=link(page) + link(f"{page}#x"), body_en=link(page))
    write(site, body_sv=link(page))

    assert links_check().working == 4
    assert requested == [page]


def test_english_pages_are_checked_in_english(site):
    english = node_url(site["programme"], "avsnitt", "sida", language="en")
    assert english.startswith("/en/programmes/")
    write(
        site,
        body_sv=link(node_url(site["programme"], "avsnitt", "sida")),
        body_en=link(english) + link("/en/programmes/lankprogram/avsnitt/utkast/"),
    )

    report = links_check()

    assert report.working == 2
    assert translation.get_language() == "sv", "the caller's language is kept"
    [broken] = report.broken
    assert broken.problem == Problem.UNPUBLISHED
    assert broken.place.field == ContentNode._meta.get_field("body").verbose_name
    assert broken.place.language == "en"


def test_an_absolute_address_on_the_sites_own_host_is_internal(site):
    write(
        site,
        body_sv=link("http://localhost/program/lankprogram/avsnitt/sida/")
        + link("https://localhost:8000/program/lankprogram/avsnitt/utkast/"),
    )

    report = links_check()

    assert report.working == 1
    assert [b.problem for b in report.broken] == [Problem.UNPUBLISHED]
    assert report.external == []


def test_the_public_host_given_as_site_is_internal(site):
    href = "https://VIP.example.se/program/lankprogram/finns-inte/"
    write(site, body_sv=link(href))

    assert [group.url for group in links_check().external] == [href]
    assert [b.problem for b in links_check(sites=["vip.example.se"]).broken] == [Problem.MISSING]


def test_external_links_are_listed_where_they_occur_and_never_fetched(site, monkeypatch):
    def no_network(*args, **kwargs):
        pytest.fail("an external link was fetched")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    write(site, title_sv="Första", body_sv=link("https://www.1177.se/"))
    write(site, title_sv="Andra", body_en=link("https://www.1177.se/"))
    CaseVignette.objects.create(
        programme=site["writer"],
        slug="typfall-med-lank",
        title_sv="Typfallet",
        story_sv=link("//example.org/a") + link("mailto:vip@example.se") + link("tel:+4611"),
    )
    Material.objects.create(
        programme=site["writer"],
        slug="film-med-lank",
        kind=Material.Kind.FILM,
        audience=Material.Audience.STAFF,
        title_sv="Filmen",
        url="https://film.example.org/vip",
    )

    report = links_check()

    assert report.broken == []
    assert report.fetched is False
    by_url = {group.url: group for group in report.external}
    assert list(by_url) == [
        "//example.org/a",
        "https://film.example.org/vip",
        "https://www.1177.se/",
    ]
    assert [(p.object, p.language) for p in by_url["https://www.1177.se/"].places] == [
        ("Första", "sv"),
        ("Andra", "en"),
    ]
    [film] = by_url["https://film.example.org/vip"].places
    assert (film.object, film.language) == ("Filmen", "")
    assert film.model == Material._meta.verbose_name
    assert film.field == Material._meta.get_field("url").verbose_name
    assert {group.url for group in report.unchecked} == {"mailto:vip@example.se", "tel:+4611"}
    assert report.unchecked[0].places[0].model == CaseVignette._meta.verbose_name
    assert all(group.status is None for group in report.external)


def test_fetching_falls_back_to_get_when_head_is_not_allowed(monkeypatch):
    methods = []

    class Answer:
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        methods.append((request.get_method(), timeout))
        if request.get_method() == "HEAD":
            raise urllib.error.HTTPError(request.full_url, 405, "Not allowed", {}, io.BytesIO())
        return Answer()

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    assert link_fetch("https://example.org/") == (200, "")
    assert methods == [("HEAD", 10), ("GET", 10)]


def test_links_to_pathways_and_steps_must_lead_to_published_pages(site):
    programme = site["programme"]
    pathway = make_pathway(programme, slug="forloppet")
    make_step(pathway, slug="synligt")
    make_step(pathway, slug="dolt", published=False)
    make_step(make_pathway(programme, slug="dolt-forlopp", published=False), slug="steg")

    def url(*args):
        name = "programmes:pathway_step" if len(args) == 2 else "programmes:pathway"
        return reverse(name, args=[programme.slug, *args])

    writer = make_step(
        make_pathway(site["writer"], title_sv="Skrivande förlopp"),
        title_sv="Skrivande steg",
        body_sv="".join(
            link(href)
            for href in (
                url("forloppet"),
                url("forloppet", "synligt"),
                url("forloppet", "dolt"),
                url("dolt-forlopp"),
                url("dolt-forlopp", "steg"),
                url("forloppet", "finns-inte"),
            )
        ),
    )

    report = links_check()

    assert report.working == 2
    assert [(link.href, link.problem) for link in report.broken] == [
        (url("forloppet", "dolt"), Problem.UNPUBLISHED),
        (url("dolt-forlopp"), Problem.UNPUBLISHED),
        (url("dolt-forlopp", "steg"), Problem.UNPUBLISHED),
        (url("forloppet", "finns-inte"), Problem.MISSING),
    ]
    place = report.broken[0].place
    assert (place.model, place.object, place.language) == (
        PathwayStep._meta.verbose_name,
        "Skrivande steg",
        "sv",
    )
    assert place.admin_url == reverse("admin:programmes_pathwaystep_change", args=[writer.pk])


def test_links_are_collected_in_a_fixed_number_of_queries(site, django_assert_num_queries):
    for number in range(5):
        write(site, body_sv=link(f"https://example.org/{number}"), procedure_en=link("/"))

    pathway = make_pathway(site["writer"], body_en=link("/"))
    for number in range(3):
        make_step(pathway, body_sv=link(f"https://example.org/steg/{number}"))

    # One query each for content nodes, case vignettes, pathways, their steps, materials.
    with django_assert_num_queries(5):
        assert len(links_collect()) == 14


def test_the_command_lists_broken_links_first_and_fails(site):
    node = write(
        site,
        title_sv="Trasig",
        title_en="Broken",
        body_sv=link("/program/lankprogram/avsnitt/utkast/") + link("https://www.1177.se/"),
    )
    out = io.StringIO()

    with translation.override("en"), pytest.raises(CommandError, match="1 broken"):
        call_command("check_links", stdout=out)

    text = out.getvalue()
    assert text.startswith("Links in the content")
    assert text.index("Broken internal links") < text.index("External links")
    assert "/program/lankprogram/avsnitt/utkast/\n    page not published" in text
    assert f"content node “Broken”, body (sv)  /admin/programmes/contentnode/{node.pk}/" in text
    assert "https://www.1177.se/" in text and "not fetched" in text


def test_the_command_reports_in_swedish_throughout(site):
    """Headings and counts in the site's language, like the reasons (needs the Swedish of
    .issue5-sv.po in the catalogue)."""
    write(site, body_sv=link("/program/lankprogram/avsnitt/utkast/") + link("https://www.1177.se/"))
    out = io.StringIO()

    with translation.override("sv"), pytest.raises(CommandError) as error:
        call_command("check_links", stdout=out)

    text = out.getvalue()
    assert text.startswith("Länkar i innehållet")
    assert "Trasiga interna länkar (1)" in text
    assert "Externa länkar (inte hämtade; --fetch kontrollerar dem)" in text
    assert "sidan är inte publicerad" in text
    assert str(error.value) == "1 trasig intern länk."


def test_the_command_writes_json(site):
    write(site, body_sv=link("/finns-inte/"))
    out = io.StringIO()

    with translation.override("en"), pytest.raises(CommandError):
        call_command("check_links", "--format", "json", stdout=out)

    [broken] = json.loads(out.getvalue())["broken"]
    assert broken["href"] == "/finns-inte/"
    assert broken["problem"] == "missing"
    assert broken["reason"] == "no such page"
    assert broken["place"]["language"] == "sv"


def test_the_demo_content_has_no_broken_internal_links():
    out = io.StringIO()

    with translation.override("en"):
        call_command("check_links", stdout=out)

    assert links_check().broken == []
    assert "No broken internal links." in out.getvalue()
