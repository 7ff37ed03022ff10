import html
import re

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from ..reversing import reverse_remembered

register = template.Library()


@register.simple_tag
def lang_of(obj, field: str) -> str:
    """` lang="sv"` where the page's language has no text of its own for `field`.

    django-modeltranslation then shows the Swedish text, and screen readers must be told
    to read it as Swedish (WCAG 3.1.2, language of parts).
    """
    current = get_language()
    if current == settings.LANGUAGE_CODE or getattr(obj, f"{field}_{current}", None):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.simple_tag
def node_tree(nodes, current=None) -> str:
    """The numbered content tree as nested lists, marking the current page.

    Written in Python rather than as a recursive `{% include %}`: the tree is on every
    programme page, and this renders it several times faster. Plain strings escaped with
    the standard library's `html.escape` (as Django's `escape` does), not `format_html`
    per node: about a quarter of the time again.
    """
    labels = {
        "intervention": f' <span class="tag">{html.escape(gettext("Intervention"))}</span>',
        "public": f' <span class="tag">{html.escape(gettext("For patients and relatives"))}</span>',
    }
    parts = []
    _tree(nodes, getattr(current, "pk", None), labels, parts)
    return mark_safe("".join(parts))


def _tree(nodes, current_pk, labels, parts: list[str]) -> None:
    escape_ = html.escape
    parts.append('<ol class="tree">')
    for node in nodes:
        if node.kind == "intervention":
            tag = labels["intervention"]
        elif node.audience == "public":
            tag = labels["public"]
        else:
            tag = ""
        current = ' aria-current="page"' if node.pk == current_pk else ""
        parts.append(
            f'<li class="tree__item tree__item--{escape_(node.kind)}">'
            f'<a href="{escape_(node.url)}"{current}><span class="tree__number">'
            f"{escape_(node.number)}</span> {escape_(node.title)}</a>{tag}"
        )
        if node.children:
            _tree(node.children, current_pk, labels, parts)
        parts.append("</li>")
    parts.append("</ol>")


#: The service numbers a reader in Sweden may need to call at once, as the content writes
#: them: emergency, health advice, the suicide helpline, Bris, the police. Not inside a
#: longer number or a word, and not 1177 in "1177.se".
SERVICE_NUMBER = re.compile(
    r"(?<![\w./:+#&-])(112|1177|90101|116 ?111|114 ?14|113 ?13)(?![\w]|[.,]\w|[ -]?\d)"
)
#: A link (kept whole) or any other tag, so that only the text between them is searched.
TAG_OR_LINK = re.compile(r"(<a\b.*?</a\s*>|<[^>]*>)", re.IGNORECASE | re.DOTALL)


@register.filter
def tel_links(value):
    """The text (or sanitised HTML) with each service number a `tel:` link, so that a
    phone can call it with one tap. Text that is not yet safe is escaped first."""
    html = str(value) if isinstance(value, SafeData) else escape(value or "")

    def link(match):
        number = match.group(1)
        return f'<a href="tel:{number.replace(" ", "")}">{number}</a>'

    parts = TAG_OR_LINK.split(html)
    return mark_safe(
        "".join(
            part if index % 2 else SERVICE_NUMBER.sub(link, part)
            for index, part in enumerate(parts)
        )
    )


#: The tag fields of an intervention card, with their labels (translated when drawn).
CARD_TAGS = (
    ("care_levels", gettext_noop("Given by")),
    ("professions", gettext_noop("Professions")),
    ("age_groups", gettext_noop("Age groups")),
    ("phases", gettext_noop("Phases")),
)


@register.simple_tag
def intervention_cards(cards, scale_url: str) -> str:
    """The cards of `programmes.selectors.level_page` (`InterventionCard`), each in its
    `<li>`: the markup of includes/intervention_card.html and includes/recommendation.html
    (a change to either belongs here too), drawn in Python as `node_tree` is: a card
    drawn by the template engine cost more than the rest of the page's content."""
    escape_ = html.escape
    none_stated = escape_(gettext("No national recommendation stated"))
    for_condition = escape_(gettext("for the condition"))
    about = f' <a href="{escape_(scale_url)}">{escape_(gettext("About the recommendations"))}</a>'
    coordinated = f'<p class="small">{escape_(gettext("Coordinated intervention"))}</p>'
    labels = [(field, escape_(gettext(label))) for field, label in CARD_TAGS]
    parts = []
    add = parts.append
    for item in cards:
        number = f'<span class="tree__number">{escape_(item.number)}</span> ' if item.number else ""
        add(
            '<li><article class="card card--intervention">\n'
            f'  <h3 class="card__title"><a href="{escape_(item.url)}">{number}'
            f"{escape_(item.title)}</a></h3>\n"
            f'  <div class="recommendation recommendation--{escape_(item.kind)}">\n'
            f'  <p class="evidence">{escape_(item.strength_label) or none_stated}'
        )
        if item.priority_text:
            add(f" ({escape_(item.priority_text)})")
        add("</p>\n")
        guideline = item.guideline
        if guideline:
            add(
                f'  <p class="small"><a href="{escape_(guideline.url)}"{guideline.lang}>'
                f"{escape_(guideline.name)} ({guideline.year})</a>"
            )
            if item.condition:
                add(
                    f", {for_condition} <span{item.condition_lang}>{escape_(item.condition)}</span>"
                )
            add(".</p>\n")
        if item.explanation:
            add(
                '  <p class="small recommendation__explanation">'
                f"{escape_(item.explanation)}{about}</p>\n"
            )
        add("</div>\n")
        if item.coordinated:
            add(f"  {coordinated}\n")
        if item.summary:
            add(f"  <p>{escape_(item.summary)}</p>\n")
        add('  <dl class="tags">\n')
        tags = item.tags
        for field, label in labels:
            if tags.get(field):
                add(f"    <dt>{label}</dt><dd>{escape_(tags[field])}</dd>\n")
        add("  </dl>\n</article></li>")
    return mark_safe("".join(parts))


def _moment(value, precise: bool = False) -> str:
    """`<time>` for `value` as the date filter would write it ("7 december 2026", with the
    time when `precise`), in the current time zone; blank for no value."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    shown = f"{value.day} {MONTHS[value.month]} {value.year}"
    if precise:
        shown += value.strftime(" %H:%M")
    return f'<time datetime="{value.strftime("%Y-%m-%dT%H:%M:%S%z")}">{shown}</time>'


@register.simple_tag
def timestamps(obj, precise=False, by=None) -> str:
    """When `obj` was created, last changed in substance (content only) and last updated;
    `precise` adds the time, `by` who (templates/includes/timestamps.html). In Python:
    it is on every content page, and the date filter is slow."""
    parts = [f'<p class="timestamps">\n  {html.escape(gettext("Created"))} ']
    parts.append(f"{_moment(obj.created_at)}.\n")
    substance = getattr(obj, "substance_changed_at", None)
    if substance:
        parts.append(
            f"  {html.escape(gettext('Last changed in substance'))} {_moment(substance)}.\n"
        )
    parts.append(f"  {html.escape(gettext('Last updated'))} {_moment(obj.updated_at, precise)}")
    if by:
        name = by.get_full_name() or by.get_username()
        parts.append(" " + html.escape(gettext("by %(name)s") % {"name": name}))
    parts.append(".\n</p>")
    return mark_safe("".join(parts))


@register.simple_tag
def responsibility_block(responsibility, programme=None) -> str:
    """A level's responsibility in a programme (or, without one, that the programme names
    none): its tasks, the text, when and where to refer, and working together. The markup
    of includes/responsibility.html, drawn in Python: it is on every programme-at-level
    page and meeting summary, and the template language spent a fifth of the page on it."""
    if not responsibility:
        return format_html(
            "\n<p>{}</p>\n",
            gettext(
                "The programme describes no particular responsibility for this level. "
                "Use the early signs and know where to refer."
            ),
        )
    esc = conditional_escape
    parts = ['\n<div class="responsibility">\n  ']
    tasks = responsibility.tasks
    if tasks:
        parts.append(
            format_html(
                '<p class="tasks"><strong>{}</strong> {}</p>',
                gettext("Tasks at this level:"),
                ", ".join(str(esc(task)) for task in tasks),
            )
        )
    parts.append(f"\n  <p>{linebreaksbr(responsibility.responsibility)}</p>\n  ")
    if responsibility.refer_when:
        parts.append(
            f"\n  <h3>{esc(gettext('When to refer'))}</h3>\n"
            f"  <p>{linebreaksbr(responsibility.refer_when)}</p>\n  "
        )
    parts.append("\n  ")
    refer_to = getattr(responsibility, "tags", {}).get("refer_to")
    if refer_to:
        items = []
        for target in refer_to:
            if programme:
                url = reverse_remembered(
                    "programmes:programme_level", [programme.slug, target.slug]
                )
                items.append(format_html('<li><a href="{}">{}</a></li>', url, target.name))
            else:
                items.append(format_html("<li>{}</li>", target.name))
        parts.append(f"\n  <h3>{esc(gettext('Refer to'))}</h3>\n  <ul>{''.join(items)}</ul>\n  ")
    parts.append("\n  ")
    if responsibility.coordination:
        parts.append(
            f"\n  <h3>{esc(gettext('Working together across principals'))}</h3>\n"
            f"  <p>{linebreaksbr(responsibility.coordination)}</p>\n  "
        )
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))


@register.simple_tag
def summary_part(part, part_id: str, heading: str) -> str:
    """Early signs or what to assess, on a programme-at-level page and its meeting summary:
    the section's summary and its pages at the level, each linked with its summary. In
    Python for the reason `responsibility_block` is."""
    if not part:
        return ""
    escape_, esc = html.escape, conditional_escape
    section = part.section
    parts = [
        f'\n<section aria-labelledby="{escape_(part_id)}-heading">\n'
        f'  <h2 id="{escape_(part_id)}-heading">{esc(heading)}</h2>\n  '
    ]
    if section.summary:
        parts.append(f"<p>{esc(section.summary)}</p>")
    parts.append("\n  ")
    if part.items:
        parts.append('<ul class="compact-list summary-list">\n    ')
        for item in part.items:
            summary = f": {esc(item.summary)}" if item.summary else ""
            parts.append(
                f'<li><strong><a href="{esc(item.url)}">{esc(item.title)}</a></strong>'
                f"{summary}</li>"
            )
        parts.append("\n  </ul>")
    read_all = gettext("Read all of %(number)s %(title)s") % {
        "number": esc(section.number),
        "title": esc(section.title),
    }
    parts.append(
        f'\n  <p class="small no-print"><a href="{esc(section.url)}">{read_all}</a></p>\n'
        "</section>\n"
    )
    return mark_safe("".join(parts))
