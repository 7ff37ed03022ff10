"""Status reports and requests for support drawn in Python, as the templates drew them
(`includes/report.html` for a report's card, `includes/overview_rollup.html` for the
requests): the plan page, its print view, the regional overview and the reply form show
the cards, and in the template language each card cost some hundred calls (translations
with names, dates, line breaks, links)."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from programmes.reversing import reverse_remembered

from ..models import Plan, StatusReport
from .formats import blocktranslated, when


class Texts:
    """The fixed words of the cards and the requests, translated once per page."""

    def __init__(self):
        self.works = _("What works")
        self.difficulties = _("Difficulties")
        self.support_needed = _("Support needed")
        self.reply_from = _("Reply from process support")
        self.not_answered = format_html(
            '<span class="status status--late">{}</span>', _("Not answered yet")
        )
        self.reply = _("Reply")
        self.change = _("Change the reply")
        self.edit = _("Edit")
        self.the_report = _("the status report")


def named(user) -> str:
    """`user.get_full_name|default:user.get_username`."""
    return user.get_full_name() or user.get_username()


def lines(text: str) -> SafeString:
    """`text|linebreaksbr`: escaped, each line break a `<br>`."""
    return linebreaksbr(text, autoescape=True)


def reply_text(report: StatusReport) -> SafeString:
    """A reply to a request for support, with who replied and when."""
    by = ""
    if report.support_replied_by:
        by = format_html(
            "{}, ", blocktranslated("Replied by %(name)s", name=named(report.support_replied_by))
        )
    return format_html(
        '{}<br><span class="small">{}<time datetime="{}">{}</time></span>',
        lines(report.support_reply),
        by,
        when(report.support_replied_at, "c"),
        when(report.support_replied_at, "j F Y H:i"),
    )


def reply_label(plan: Plan) -> SafeString:
    """What a reply link says to a screen reader after its visible text."""
    return blocktranslated("to the request for support from %(name)s", name=plan.organisation.name)


def report_cards(
    reports: list[StatusReport],
    plan: Plan | None = None,
    *,
    show_plan: bool = False,
    can_reply: bool = False,
    can_report: bool = False,
    on_paper: bool = False,
) -> list[SafeString]:
    """A card per status report (`<article>`): `plan` is the reports' plan (by default
    each report's own); `show_plan` names it and links to it; `can_reply` links to the
    reply to a request for support and `can_report` to the report's form, but not
    `on_paper`."""
    texts = Texts()
    return [
        report_card(
            report,
            plan or report.plan,
            texts,
            show_plan=show_plan,
            can_reply=can_reply,
            can_report=can_report,
            on_paper=on_paper,
        )
        for report in reports
    ]


def report_card(
    report, plan, texts: Texts, *, show_plan, can_reply, can_report, on_paper
) -> SafeString:
    """One status report's card (see `report_cards`)."""
    reported_on = when(report.reported_on, "j F Y")
    who = []
    if show_plan:
        who.append(
            format_html(
                '{}: <a href="{}">{}</a>{}',
                plan.organisation.name,
                plan.get_absolute_url(),
                plan.title,
                " · " if report.author else "",
            )
        )
    if report.author:
        who.append(blocktranslated("Reported by %(name)s", name=named(report.author)))
    entries = []
    if report.works:
        entries.append(entry(texts.works, report.works))
    if report.difficulties:
        entries.append(entry(texts.difficulties, report.difficulties))
    if report.support_needed:
        entries.append(entry(texts.support_needed, report.support_needed))
        reply = reply_text(report) if report.support_reply else texts.not_answered
        entries.append(
            format_html(
                '<div class="report__reply"><dt>{}</dt><dd>{}</dd></div>',
                texts.reply_from,
                reply,
            )
        )
    links = []
    if can_reply and report.support_needed and not on_paper:
        links.append(
            format_html(
                '<p class="no-print"><a href="{}">{}<span class="visually-hidden"> {} {}'
                "</span></a></p>",
                reverse_remembered("implementation:report_reply", [report.plan_id, report.pk]),
                texts.change if report.support_reply else texts.reply,
                reply_label(plan),
                reported_on,
            )
        )
    if can_report and not on_paper and not show_plan:
        links.append(
            format_html(
                '<p class="no-print"><a href="{}">{}<span class="visually-hidden"> {} {}'
                "</span></a></p>",
                reverse_remembered("implementation:report_edit", [report.plan_id, report.pk]),
                texts.edit,
                texts.the_report,
                reported_on,
            )
        )
    return format_html(
        '<article class="card report">\n<h3 class="card__title">{} · '
        '<time datetime="{}">{}</time></h3>\n<p class="small">{}</p>\n'
        '<dl class="meta-list meta-list--stack">\n{}\n</dl>\n{}\n</article>',
        blocktranslated("Progress %(score)s of 5", score=report.score),
        when(report.reported_on, "Y-m-d"),
        reported_on,
        mark_safe("".join(who)),  # noqa: S308 - each drawn by format_html
        mark_safe("\n".join(entries)),  # noqa: S308 - each drawn by format_html
        mark_safe("\n".join(links)),  # noqa: S308 - each drawn by format_html
    )


def entry(term: str, text: str) -> SafeString:
    """A term of the report and what it says."""
    return format_html("<div><dt>{}</dt><dd>{}</dd></div>", term, lines(text))


def support_requests(
    open_reports: list[StatusReport],
    answered: list[StatusReport],
    replyable: set[int],
    on_paper: bool = False,
) -> tuple[SafeString, SafeString]:
    """The requests for support waiting for a reply and those answered (an `<article>`
    each), each linked to its plan and, if its pk is in `replyable`, to the reply form;
    no links `on_paper`."""
    texts = Texts()
    return (
        mark_safe("\n".join(open_request(r, replyable, on_paper, texts) for r in open_reports)),  # noqa: S308
        mark_safe("\n".join(answered_request(r, replyable, on_paper, texts) for r in answered)),  # noqa: S308
    )


def request_title(report: StatusReport) -> SafeString:
    return format_html(
        '<h4 class="card__title">{} · <time datetime="{}">{}</time></h4>',
        report.plan.organisation.name,
        when(report.reported_on, "Y-m-d"),
        when(report.reported_on, "j F Y"),
    )


def open_request(
    report: StatusReport, replyable: set[int], on_paper: bool, texts: Texts
) -> SafeString:
    """A request for support waiting for a reply."""
    plan = report.plan
    if on_paper:
        where = conditional_escape(plan.title)
    else:
        where = format_html('<a href="{}#reports">{}</a>', plan.get_absolute_url(), plan.title)
        if report.pk in replyable:
            where += format_html(
                ' · <a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                reverse_remembered("implementation:report_reply", [report.plan_id, report.pk]),
                texts.reply,
                reply_label(plan),
            )
    return format_html(
        '<article class="card support-request">\n{}\n<p>{}</p>\n<p class="small">{}</p>\n'
        "</article>",
        request_title(report),
        lines(report.support_needed),
        where,
    )


def answered_request(
    report: StatusReport, replyable: set[int], on_paper: bool, texts: Texts
) -> SafeString:
    """A request for support that has been answered, with the reply."""
    change = ""
    if not on_paper and report.pk in replyable:
        change = format_html(
            '<p class="small no-print"><a href="{}">{}<span class="visually-hidden"> {}</span>'
            "</a></p>",
            reverse_remembered("implementation:report_reply", [report.plan_id, report.pk]),
            texts.change,
            reply_label(report.plan),
        )
    return format_html(
        '<article class="card support-request">\n{}\n<dl class="meta-list meta-list--stack">\n'
        "<div><dt>{}</dt><dd>{}</dd></div>\n"
        "<div><dt>{}</dt><dd>{}</dd></div>\n</dl>\n{}\n</article>",
        request_title(report),
        texts.support_needed,
        lines(report.support_needed),
        texts.reply_from,
        reply_text(report),
        change,
    )
