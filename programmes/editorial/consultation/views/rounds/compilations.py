"""A round's compilation: the group's page (with a print view, CSV and Excel, and
publishing for the leaders) and, once published, the public page and the public list.

The public pages go through the page cache like every public page; publishing and
withdrawing a compilation move the content timestamp (`services.rounds`), so cached
copies go stale at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.crumbs import crumb
from programmes.models import Programme

from ... import compilation as compilations
from ...models import Round
from ...services.rounds import compilation_publish, compilation_withdraw, publishable
from .common import group_place, group_view, refusal, round_crumbs, round_url


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # `compilation.filename` is ASCII letters, digits, dashes and a dot: safe between quotes.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _group_page(request, place, *, status: int = 200):
    round_ = place.round
    printing = request.GET.get("print") == "1"
    return render(
        request,
        "consultation/rounds/compilation.html",
        {
            "work_programme": place.programme,
            "round": round_,
            "compilation": compilations.compilation_of(round_),
            "leads": place.leads and not printing,
            "printing": printing,
            "public": False,
            "not_publishable": publishable(round_),
            "breadcrumbs": round_crumbs(place, crumb(_("Compilation"))),
        },
        status=status,
    )


@group_view
def compilation(request, slug, number):
    place = group_place(request, slug, number)
    return _group_page(request, place)


@group_view
def compilation_csv(request, slug, number):
    place = group_place(request, slug, number)
    return _download(
        compilations.compilation_csv(compilations.compilation_of(place.round)),
        compilations.CSV,
        compilations.filename(place.round, "csv"),
    )


@group_view
def compilation_xlsx(request, slug, number):
    place = group_place(request, slug, number)
    return _download(
        compilations.compilation_workbook(compilations.compilation_of(place.round)),
        compilations.XLSX,
        compilations.filename(place.round, "xlsx"),
    )


def _publishing(request, slug, number, service, done: str):
    place = group_place(request, slug, number, lead=True)
    try:
        service(round=place.round, user=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return _group_page(request, place, status=400)
    messages.success(request, done)
    return redirect(round_url(place.round, "compilation"))


@require_POST
@group_view
def compilation_publish_view(request, slug, number):
    return _publishing(
        request,
        slug,
        number,
        compilation_publish,
        _("The compilation is published on the public site."),
    )


@require_POST
@group_view
def compilation_withdraw_view(request, slug, number):
    return _publishing(
        request,
        slug,
        number,
        compilation_withdraw,
        _("The compilation has been withdrawn from the public site."),
    )


# Public pages ---------------------------------------------------------------------------


def published_rounds():
    """The rounds whose compilations the public may read: published, of a public
    programme, newest first."""
    return (
        Round.objects.filter(compilation_published_at__isnull=False, programme__published=True)
        .select_related("programme")
        .order_by("-compilation_published_at", "-pk")
    )


def public_compilations(request):
    return render(
        request,
        "consultation/rounds/public_list.html",
        {
            "rounds": list(published_rounds()),
            "breadcrumbs": [crumb(_("Consultation compilations"))],
        },
    )


def public_compilation(request, slug, number):
    round_ = (
        published_rounds()
        .filter(programme__slug=slug, number=number)
        .select_related("version")
        .first()
    )
    if round_ is None:
        raise Http404("No published compilation")
    programme: Programme = round_.programme
    return render(
        request,
        "consultation/rounds/public_compilation.html",
        {
            "round": round_,
            "programme": programme,
            "compilation": compilations.compilation_of(round_),
            "public": True,
            "breadcrumbs": [
                crumb(_("Consultation compilations"), reverse("consultation:public_compilations")),
                crumb(programme.name, programme.get_absolute_url()),
                crumb(round_.title),
            ],
        },
    )
