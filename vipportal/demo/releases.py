"""A realistic change log for the demo: one programme's earlier versions, published through
the real publishing service.

The demo files say how the content is now. For one programme (the first whose version can
be counted back, e.g. 1.2 → 1.1), the loader makes the story that led there: the first
import, dated months back as the earlier version; a change in substance to an
intervention's summary (a sentence added, the version raised to the file's), dated
twelve days back; and an editorial correction of a page's summary three days back. Each
change starts from a slightly older text and is published back to the file's text, so
the content stays exactly what the demo file says (an export still equals the file).
Loading again finds the story told and leaves it.
"""

import datetime
import re

from django.utils import timezone

from programmes.editorial.publishing import content_publish
from programmes.editorial.releases import ReleaseNote
from programmes.editorial.snapshots import snapshot
from programmes.models import (
    CaseVignette,
    ChangeKind,
    ContentNode,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
    ProgrammeRelease,
)

PROFESSIONAL_NOTE = (
    "Sammanfattningen av insatsen kompletterad med vad den leder vidare till.",
    "The summary of the intervention now says what it leads on to.",
)
EDITORIAL_NOTE = (
    "Språklig översyn av sammanfattningen.",
    "Language review of the summary.",
)
#: How long ago each part of the story happened.
FIRST_IMPORT, SUBSTANCE, EDITORIAL = (
    datetime.timedelta(days=200),
    datetime.timedelta(days=12),
    datetime.timedelta(days=3),
)


def earlier_version(version: str) -> str | None:
    """The version before `version` ("1.2" → "1.1"); None when it cannot be counted back."""
    match = re.fullmatch(r"(.*\.)(\d+)", version.strip())
    if match is None or int(match.group(2)) == 0:
        return None
    return f"{match.group(1)}{int(match.group(2)) - 1}"


def _shorter(text: str) -> str:
    """The text without its last sentence (or, with one sentence, its last third)."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(sentences) > 1:
        return " ".join(sentences[:-1])
    words = text.split()
    return " ".join(words[: max(1, len(words) * 2 // 3)])


def _reworded(text: str, old: str, new: str) -> str:
    return text.replace(old, new, 1) if old in text else f"{text} "


def demo_releases_load() -> int:
    """Tell the demo programme's story of versions, unless it is told; returns how many
    versions were published."""
    if ProgrammeRelease.objects.filter(note_sv=PROFESSIONAL_NOTE[0]).exists():
        return 0
    for programme in Programme.objects.filter(published=True).order_by("position", "slug"):
        earlier = earlier_version(programme.version)
        nodes = programme.nodes.filter(published=True).order_by("path")
        intervention = nodes.filter(kind=ContentNode.Kind.INTERVENTION).exclude(synopsis_sv="")
        intervention = intervention.exclude(synopsis_en="").first()
        page = nodes.exclude(kind=ContentNode.Kind.INTERVENTION).exclude(summary_sv="").first()
        if earlier and intervention and page:
            _story(programme, earlier, intervention, page)
            return 2
    return 0


def _story(programme: Programme, earlier: str, intervention, page) -> None:
    now = timezone.now()
    first, changed, corrected = now - FIRST_IMPORT, now - SUBSTANCE, now - EDITORIAL
    # The first import: the programme as it was, months ago.
    for model, scope in (
        (Programme, {"pk": programme.pk}),
        (ContentNode, {"programme": programme}),
        (Pathway, {"programme": programme}),
        (PathwayStep, {"pathway__programme": programme}),
        (CaseVignette, {"programme": programme}),
        (Indicator, {"programme": programme}),
        (Material, {"programme": programme}),
        (ProgrammeLevel, {"programme": programme}),
    ):
        model.objects.filter(**scope).update(created_at=first, substance_changed_at=first)
    ProgrammeRelease.objects.filter(programme=programme).update(published_at=first, version=earlier)
    Programme.objects.filter(pk=programme.pk).update(version=earlier)

    # A change in substance: the intervention's summary gets its last sentence.
    data = snapshot(intervention)
    ContentNode.objects.filter(pk=intervention.pk).update(
        synopsis_sv=_shorter(intervention.synopsis_sv),
        synopsis_en=_shorter(intervention.synopsis_en),
    )
    intervention.refresh_from_db()
    content_publish(
        obj=intervention,
        user=None,
        release=ReleaseNote(ChangeKind.PROFESSIONAL, *PROFESSIONAL_NOTE),
        data=data,
    )
    _dated(programme, ChangeKind.PROFESSIONAL, changed)
    ContentNode.objects.filter(pk=intervention.pk).update(substance_changed_at=changed)

    # An editorial correction of a page's summary.
    data = snapshot(page)
    ContentNode.objects.filter(pk=page.pk).update(
        summary_sv=_reworded(page.summary_sv, " och ", " samt "),
        summary_en=_reworded(page.summary_en, " and ", " as well as "),
    )
    page.refresh_from_db()
    content_publish(
        obj=page,
        user=None,
        release=ReleaseNote(ChangeKind.EDITORIAL, *EDITORIAL_NOTE),
        data=data,
    )
    _dated(programme, ChangeKind.EDITORIAL, corrected)


def _dated(programme: Programme, kind: str, when) -> None:
    """Move the programme's newest release of `kind` to `when`."""
    newest = ProgrammeRelease.objects.filter(programme=programme, kind=kind).first()
    ProgrammeRelease.objects.filter(pk=newest.pk).update(published_at=when)
