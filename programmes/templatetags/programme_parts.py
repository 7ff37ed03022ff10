"""Parts of the programme pages drawn in Python: the programme's navigation beside its
pages, and the responsibility, pages and interventions of the programme-at-level page.
Each gives the markup its template gave (includes/programme_nav.html and
includes/level_content.html before), escaped as the template escaped
(`programmes.markup.esc`); they are on every programme page and on every miss of the
programme-at-level page, where the template language spent more on them than Python
does on the whole part.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from ..markup import esc as escape
from ..reversing import reverse_remembered
from .content import intervention_cards, node_tree, responsibility_block

register = template.Library()


@register.simple_tag
def programme_nav(programme, tree, current=None, open_tree=False) -> str:
    """The sidebar of a programme's pages: its name, its lists and its whole tree (open on
    a page of the tree, which `current` marks)."""
    slug, name = programme.slug, escape(programme.name)
    links = "".join(
        f'\n    <li><a href="{escape(reverse_remembered(view, [slug]))}">'
        f"{escape(gettext(label))}</a></li>"
        for view, label in (
            ("programmes:interventions", gettext_noop("Find interventions")),
            ("programmes:indicators", gettext_noop("Indicators")),
            ("programmes:for_you_programme", gettext_noop("For patients and relatives")),
        )
    )
    label = gettext("Contents of %(name)s") % {"name": name}
    return mark_safe(
        f'<nav class="programme-nav" aria-label="{label}">\n'
        f'  <h2 class="programme-nav__title"><a href="{escape(programme.get_absolute_url())}">'
        f"{name}</a></h2>\n"
        f'  <ul class="programme-nav__links">{links}\n  </ul>\n'
        f'  <details class="programme-nav__tree"{" open" if open_tree else ""}>\n'
        f"    <summary>{escape(gettext('All sections'))}</summary>\n"
        f"    {node_tree(tree.roots, current)}\n"
        "  </details>\n</nav>"
    )


@register.simple_tag
def level_responsibility(responsibility, programme) -> str:
    """The programme-at-level page's section on the level's responsibility."""
    return mark_safe(
        '<section aria-labelledby="responsibility-heading">\n'
        f'  <h2 id="responsibility-heading">{escape(gettext("Your responsibility"))}</h2>\n'
        f"  {responsibility_block(responsibility, programme)}\n</section>"
    )


@register.simple_tag
def level_lists(pages, interventions) -> str:
    """The programme-at-level page's pages to read first and its interventions, as cards
    (`intervention_cards`)."""
    parts = []
    if pages:
        items = "".join(
            f'<li><a href="{escape(page.url)}"><span class="tree__number">'
            f"{escape(page.number)}</span> {escape(page.title)}</a>"
            + (f'<br><span class="small">{escape(page.summary)}</span>' if page.summary else "")
            + "</li>"
            for page in pages
        )
        parts.append(
            '\n<section aria-labelledby="pages-heading">\n'
            f'  <h2 id="pages-heading">{escape(gettext("Read first"))}</h2>\n'
            f'  <ul class="child-list">\n    {items}\n  </ul>\n</section>\n'
        )
    parts.append(
        '\n<section aria-labelledby="interventions-heading">\n'
        f'  <h2 id="interventions-heading">{escape(gettext("Interventions at this level"))}'
        "</h2>\n"
    )
    if interventions:
        scale_url = reverse_remembered("programmes:recommendation_scale")
        grouped = gettext(
            "Grouped by national guideline; within each, what should be offered first and "
            "what should not be done last. Ranks are compared only within one guideline."
        )
        parts.append(
            f'  <p class="small">{escape(grouped)} <a href="{escape(scale_url)}">'
            f"{escape(gettext('About the recommendations'))}</a></p>\n"
            '  <ul class="cards cards--list">\n'
            f"    {intervention_cards(interventions, scale_url)}\n  </ul>\n"
        )
    else:
        parts.append(
            f"  <p>{escape(gettext('The programme lists no interventions for this level.'))}</p>\n"
        )
    parts.append("</section>")
    return mark_safe("".join(parts))
