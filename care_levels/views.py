from itertools import groupby

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.selectors import (
    attach_locations,
    attach_tags,
    filter_interventions,
    interventions,
    levels_in_scope,
    public_programmes,
)

from .models import CareLevel, ProgrammeLevel
from .selectors import get_level, level_tree


def level_list(request):
    return render(
        request,
        "care_levels/level_list.html",
        {"level_roots": level_tree(), "breadcrumbs": [{"label": _("Care levels")}]},
    )


def level_detail(request, slug):
    """Every programme seen from one care level."""
    level = get_level(slug)
    above = list(CareLevel.objects.filter(path__in=level.related_paths()[:-1]).order_by("path"))
    below = list(
        CareLevel.objects.filter(path__startswith=level.path, depth=level.depth + 1).order_by(
            "path"
        )
    )
    programmes = list(public_programmes())
    responsibilities = {
        item.programme_id: item
        for item in attach_tags(
            list(ProgrammeLevel.objects.filter(care_level=level, programme__in=programmes)),
            ["refer_to"],
        )
    }
    found = filter_interventions(
        interventions().filter(programme__in=programmes).select_related("programme"),
        levels=levels_in_scope(level),
    )
    found = attach_locations(list(found.order_by("programme", "path")))
    by_programme = {pid: list(items) for pid, items in groupby(found, lambda n: n.programme_id)}
    sections = [
        {
            "programme": programme,
            "responsibility": responsibilities.get(programme.pk),
            "interventions": sorted(
                by_programme.get(programme.pk, []), key=lambda n: (n.priority or 11, n.path)
            ),
        }
        for programme in programmes
    ]
    crumbs = [{"label": _("Care levels"), "url": reverse("care_levels:list")}]
    crumbs += [{"label": a.name, "url": a.get_absolute_url()} for a in above]
    crumbs.append({"label": level.name})
    return render(
        request,
        "care_levels/level_detail.html",
        {"level": level, "below": below, "sections": sections, "breadcrumbs": crumbs},
    )
