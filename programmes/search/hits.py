"""One page of search results: its documents, each with the matched words highlighted
in its title and in an excerpt of its text."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchDocument


def highlight(text: str, groups, limit: int = 220) -> str:
    """A short excerpt of `text` around the first matched word, matches in <mark>."""
    stems = []
    for group in groups:
        for term in group:
            if not term.negated:
                stems += [term.prefix or term.text, *term.alternatives, *term.parts]
    stems = [s for s in stems if s]
    if not text:
        return ""
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
        if stems
        else None
    )
    start = 0
    first = pattern.search(text) if pattern else None
    if first and first.start() > limit // 3:
        start = text.rfind(" ", 0, first.start() - limit // 3) + 1
    excerpt = text[start : start + limit]
    if start + limit < len(text):
        excerpt = excerpt[: excerpt.rfind(" ")] + " …"
    if start:
        excerpt = "… " + excerpt
    if pattern is None:
        return escape(excerpt)
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    return mark_safe("".join(pieces))


def page_hits(ids: list[int], groups) -> list[SearchDocument]:
    """The documents of one page of results, in rank order, each with its `excerpt`."""
    by_id = {doc.pk: doc for doc in SearchDocument.objects.filter(pk__in=ids)}
    hits = [by_id[pk] for pk in ids if pk in by_id]
    for doc in hits:
        doc.title_marked = highlight(doc.title, groups, limit=300)
        doc.excerpt = (
            highlight(doc.summary or doc.body, groups) if (doc.summary or doc.body) else ""
        )
        if doc.summary and doc.body and not re.search("<mark>", doc.excerpt):
            body = highlight(doc.body, groups)
            if "<mark>" in body:
                doc.excerpt = body
    return hits
