"""The public page about the national guidelines' recommendation scale."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from ..crumbs import crumb
from ..models import KIND_ORDER, STRENGTHS, RecommendationKind
from ..selectors.evidence import guidelines_in_use


def recommendation_scale(request):
    """The six kinds of recommendation in plain words, and the guidelines in use (each
    with the anchor `Guideline.get_absolute_url` points to)."""
    priority_bands = [
        ("1–3", STRENGTHS["should"]),
        ("4–7", STRENGTHS["may"]),
        ("8–10", STRENGTHS["exceptional"]),
    ]
    other_kinds = [STRENGTHS[kind] for kind in KIND_ORDER if kind != RecommendationKind.PRIORITY]
    return render(
        request,
        "programmes/recommendation_scale.html",
        {
            "priority_bands": priority_bands,
            "other_kinds": other_kinds,
            "guidelines": guidelines_in_use(),
            "breadcrumbs": [crumb(_("About the recommendations"))],
        },
    )
