import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.editorial.links import LinkReport, links_check, places_by_href


class Command(BaseCommand):
    help = (
        "Check the links in the content: every link in the rich text of every content node "
        "and case vignette, in every language and published or not, and every material's "
        "link. Links into the site must lead to a published public page; the command lists "
        "the broken ones first, then the links to other sites, and exits with status 1 when "
        "any internal link is broken. Other sites are not contacted unless --fetch is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            action="append",
            default=[],
            metavar="HOST",
            help=(
                "A host name of the public site, e.g. vip.example.se: absolute links to it "
                "are checked as internal. May be repeated. Hosts in ALLOWED_HOSTS count too."
            ),
        )
        parser.add_argument(
            "--fetch",
            action="store_true",
            help="Request every external link (HEAD, timeout 10 s) and report its status.",
        )
        parser.add_argument(
            "--format", dest="output_format", choices=["text", "json"], default="text"
        )

    def handle(self, *args, site, fetch, output_format, **options):
        report = links_check(fetch_external=fetch, sites=site)
        if output_format == "json":
            self.stdout.write(json.dumps(self.as_data(report), ensure_ascii=False, indent=2))
        else:
            self.write_text(report, site)
        if report.broken:
            count = len(report.broken)
            raise CommandError(
                ngettext(
                    "%(count)d broken internal link.", "%(count)d broken internal links.", count
                )
                % {"count": count}
            )

    def as_data(self, report: LinkReport) -> dict:
        data = asdict(report)
        for item, link in zip(data["broken"], report.broken, strict=True):
            item["reason"] = link.reason
        return data

    def write_text(self, report: LinkReport, sites: list[str]) -> None:
        """The report for people, in the language of the site (the reasons are, too)."""
        prefix = f"https://{sites[0]}" if sites else ""
        write = self.stdout.write
        write(self.style.MIGRATE_HEADING(_("Links in the content")))
        write(
            _(
                "Internal links: %(working)d work, %(broken)d broken. External addresses: "
                "%(external)d. E-mail and telephone links: %(unchecked)d."
            )
            % {
                "working": report.working,
                "broken": len(report.broken),
                "external": len(report.external),
                "unchecked": len(report.unchecked),
            }
        )
        if report.broken:
            write("")
            write(
                self.style.ERROR(
                    _("Broken internal links (%(count)d)") % {"count": len(report.broken)}
                )
            )
            for (href, reason), places in places_by_href(report.broken).items():
                write(f"  {href}")
                write(f"    {reason}")
                for place in places:
                    write(f"    - {place}  {prefix}{place.admin_url}")
        if report.external:
            write("")
            heading = (
                _("External links (fetched)")
                if report.fetched
                else _("External links (not fetched; --fetch checks them)")
            )
            write(self.style.MIGRATE_HEADING(heading))
            for group in report.external:
                status = ""
                if report.fetched:
                    outcome = group.status or group.error or _("not fetched")
                    status = f"  [{outcome}]"
                write(f"  {group.url}{status}")
                for place in group.places:
                    write(f"    - {place}  {prefix}{place.admin_url}")
        if report.unchecked:
            write("")
            write(self.style.MIGRATE_HEADING(_("E-mail and telephone links (not checked)")))
            for group in report.unchecked:
                write(f"  {group.url}")
                for place in group.places:
                    write(f"    - {place}  {prefix}{place.admin_url}")
        if not report.broken:
            write("")
            write(self.style.SUCCESS(_("No broken internal links.")))
