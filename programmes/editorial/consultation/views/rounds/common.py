"""What the working group's round pages share: logged in, never cached, the programme and
round the person may see (404 otherwise), breadcrumbs, and the state of a round."""

import dataclasses

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.crumbs import crumb
from programmes.form_pages import add_errors, status_for  # noqa: F401 (for the pages)
from programmes.models import Programme

from ... import access
from ...models import Round
from ..common import group_view  # noqa: F401


@dataclasses.dataclass
class Place:
    """The programme (and round) a page is about, and whether the person leads the group."""

    programme: Programme
    leads: bool
    round: Round | None = None


def group_place(request, slug: str, number: int | None = None, *, lead: bool = False) -> Place:
    """The programme `slug` of the person's working group (and its round `number`), in
    three queries; 404 for anyone outside the group (or not leading it, with `lead`)."""
    programme = access.group_programme_or_404(request.user, slug)
    leads = access.leads(request.user, programme)
    if lead and not leads:
        raise Http404("Only the group's leaders")
    place = Place(programme, leads)
    if number is not None:
        place.round = (
            Round.objects.filter(programme=programme, number=number)
            .select_related("version", "opened_by")
            .first()
        )
        if place.round is None:
            raise Http404("No such round")
        place.round.programme = programme
    return place


def round_crumbs(place: Place, *more) -> list[dict]:
    programme = place.programme
    crumbs = [
        crumb(_("Programme work"), reverse("consultation:home")),
        crumb(programme.name, reverse("consultation:programme", args=[programme.slug])),
    ]
    if place.round is not None:
        crumbs.append(crumb(place.round.title, round_url(place.round)))
    return crumbs + list(more)


def round_url(round_: Round, name: str = "round", *more) -> str:
    return reverse(f"consultation:{name}", args=[round_.programme.slug, round_.number, *more])


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)
