from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from programmes.crumbs import crumb
from programmes.local import chosen_place

from . import query as search
from .forms import SearchForm
from .hits import page_hits
from .models import SearchDocument


def search_page(request):
    """Results at /sok/?q=…, filtered by programme, type, audience, level and profession."""
    form = SearchForm.for_request(request.GET)
    raw = request.GET.get("q", "")
    query = search.clean_query(raw)
    context = {
        "form": form,
        "query": query,
        "shortened": len(raw) > search.MAX_QUERY_LENGTH,
        "breadcrumbs": [crumb(_("Search"))],
    }
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    results, ids = search.search(
        query, language=get_language(), filters=form.filters(), place=chosen_place()
    )
    page = Paginator(ids, 10).get_page(request.GET.get("sida"))
    if ids:
        results.hits = page_hits(list(page.object_list), results.groups)
    params = request.GET.copy()
    params.pop("sida", None)
    context.update(
        results=results,
        page=page,
        page_query=params.urlencode(),
        facets={
            "program": [
                (p, results.facets.get("programme", {}).get(p.pk, 0))
                for p in form.fields["program"].objects.values()
            ],
            "typ": [
                (value, label, results.facets.get("kind", {}).get(value, 0))
                for value, label in SearchDocument.Kind.choices
            ],
            "malgrupp": [
                (value, label, results.facets.get("audience", {}).get(value, 0))
                for value, label in form.fields["malgrupp"].choices
                if value
            ],
            "niva": [
                (level.slug, level.name, results.facets.get("level", {}).get(level.pk, 0))
                for level in form.fields["niva"].objects.values()
            ],
            "befattning": [
                (item.slug, item.name, results.facets.get("profession", {}).get(item.pk, 0))
                for item in form.fields["befattning"].objects.values()
            ],
        },
    )
    return render(request, "search/search.html", context)
