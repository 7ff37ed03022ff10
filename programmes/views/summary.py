"""The meeting summary: one programme at one care level on a page to hand over or print.

The visitor picks the interventions discussed with a plain GET form (`?insats=<slug>`,
repeated; none means all); nothing is stored. The page adds the programme's early signs
and what to assess at the level, when and where to refer, the chosen place's local route
and its own address, written out and as a QR code drawn on the server.
"""

from dataclasses import dataclass, field

import segno
from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from care_levels.selectors import get_level
from care_levels.slugs import SLUG_PATTERN

from .. import local
from ..crumbs import crumb, programme_crumbs
from ..local import PLACE_PARAM, Target
from ..models import ContentNode, ProgrammeLevel, recommendation_order
from ..selectors import (
    ProgrammeTree,
    TreeNode,
    attach_tags,
    filter_interventions,
    get_public_programme,
    in_tree,
    interventions,
    scope_of,
)
from .blocks import level_blocks

#: The query parameter that names an intervention discussed.
CHOICE_PARAM = "insats"
#: More values than this is not a choice a person made: the page refuses it.
MAX_CHOICES = 100
#: The sections every programme has for early signs and for assessment (`fixtures/`).
EARLY_SIGNS = "tidiga-tecken"
ASSESSMENT = "kartlaggning-och-utredning"


class InterventionChoiceForm(forms.Form):
    """The interventions discussed, read from `?insats=`: well-formed slugs the level does
    not have (an old link, a QR code from before a change) are left out and counted;
    anything else (not a slug, too many) makes the form invalid."""

    insats = forms.MultipleChoiceField(
        label=gettext_lazy("Interventions discussed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data, *, choices: list[ContentNode]):
        values = data.getlist(CHOICE_PARAM) if data is not None else []
        self.malformed = len(values) > MAX_CHOICES or not all(
            SLUG_PATTERN.fullmatch(value) and len(value) <= 80 for value in values
        )
        known = {node.slug for node in choices}
        chosen = [] if self.malformed else list(dict.fromkeys(values))
        kept = [slug for slug in chosen if slug in known]
        self.left_out = len(chosen) - len(kept)
        super().__init__({CHOICE_PARAM: kept} if kept else {})
        self.fields[CHOICE_PARAM].choices = [(node.slug, node.title) for node in choices]
        self.all_slugs = [node.slug for node in choices]

    def clean(self):
        if self.malformed:
            raise forms.ValidationError(
                _(
                    "The address names the interventions in a way the page cannot read. "
                    "Tick the interventions discussed below and show the summary again."
                ),
                code="malformed",
            )
        return super().clean()

    def chosen(self) -> list[str]:
        """The slugs chosen, in the order of the list; none chosen means all."""
        picked = set(self.cleaned_data.get(CHOICE_PARAM) or []) if self.is_valid() else set()
        return [slug for slug in self.all_slugs if slug in picked] or list(self.all_slugs)


@dataclass
class Part:
    """Early signs or what to assess: the section's lead and the level's pages under it."""

    section: TreeNode | None
    items: list[TreeNode] = field(default_factory=list)

    def __bool__(self):
        return self.section is not None


def part_of(tree: ProgrammeTree, slug: str, paths: set[str], level_node_ids: set[int]) -> Part:
    """The section `slug` and what under it concerns the level: its pages tagged with the
    level's scope (`paths`) and its interventions given at the level (`level_node_ids`)."""
    section = next((root for root in tree.roots if root.slug == slug), None)
    if section is None:
        return Part(None)
    below = [
        node
        for node in tree
        if node.path.startswith(section.path)
        and node is not section
        and (node.path in paths or node.pk in level_node_ids)
    ]
    return Part(section, below)


def qr_svg(url: str, title: str) -> str:
    """`url` as a QR code in inline SVG: sized by the stylesheet, no inline style (the
    Content-Security-Policy allows none), named for assistive technology by its title."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="summary-qr__code",
        lineclass=None,
        omitsize=True,
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def summary_address(request, programme, level, chosen: list[str], everything: bool, place):
    """The page's own address, absolute, with the interventions (none when all are) and
    the place, in a fixed order whatever order the visitor's address had."""
    path = reverse("programmes:meeting_summary", args=[programme.slug, level.slug])
    query = [] if everything else [(CHOICE_PARAM, slug) for slug in chosen]
    if place is not None:
        query.append((PLACE_PARAM, place.slug))
    address = request.build_absolute_uri(path)
    return f"{address}?{urlencode(query)}" if query else address


@never_cache  # it prints today's date
def meeting_summary(request, slug, level):
    """A one-page summary for a meeting, for a phone or for print; nothing is stored."""
    programme = get_public_programme(slug)
    care_level = get_level(level)
    tree = ProgrammeTree.load(programme)
    scope = scope_of(care_level)
    responsibility = ProgrammeLevel.objects.filter(
        programme=programme, care_level=care_level
    ).first()
    if responsibility:
        attach_tags([responsibility], ["refer_to"])
    level_interventions = in_tree(
        tree, filter_interventions(interventions().filter(programme=programme), levels=scope.ids)
    )
    level_interventions.sort(key=recommendation_order)
    paths = set(
        programme.nodes.filter(
            published=True,
            kind__in=[ContentNode.Kind.SECTION, ContentNode.Kind.PAGE],
            care_levels__in=scope.ids,
        ).values_list("path", flat=True)
    )
    at_level = {node.pk for node in level_interventions}

    form = InterventionChoiceForm(request.GET, choices=level_interventions)
    valid = form.is_valid()
    chosen = form.chosen()
    everything = len(chosen) == len(level_interventions)
    picked = set(chosen)
    discussed = [node for node in level_interventions if node.slug in picked]

    found = local.page_blocks(
        programme_ids=[programme.pk],
        level=scope.below,
        intervention=[node.pk for node in discussed],
    )
    local_blocks = level_blocks(found, scope.below) + [
        block for node in discussed for block in found.of(Target.INTERVENTION, node.pk)
    ]
    address = summary_address(request, programme, care_level, chosen, everything, found.place)
    context = {
        "programme": programme,
        "level": care_level,
        "responsibility": responsibility,
        "interventions": discussed,
        "form": form,
        "ticked": picked,
        "everything": everything,
        "early_signs": part_of(tree, EARLY_SIGNS, paths, at_level),
        "assessment": part_of(tree, ASSESSMENT, paths, at_level),
        "local_blocks": local_blocks,
        "address": address,
        "qr_code": mark_safe(qr_svg(address, _("QR code with the address of this summary"))),
        "breadcrumbs": programme_crumbs(programme)
        + [
            crumb(care_level.name, reverse("programmes:programme_level", args=[slug, level])),
            crumb(_("Meeting summary")),
        ],
    }
    return render(request, "programmes/meeting_summary.html", context, status=200 if valid else 400)
