"""Publishing programmes and their content, and previewing it exactly as the public will.

Programmes, content nodes, care pathways and their steps are edited as drafts once they
are public: the row holds what the public sees, a `Draft` what the editor is working on.
Publishing a programme, a section or a pathway also publishes what is waiting below it
(a programme: its nodes, pathways and steps; a section: the nodes below it; a pathway: its
steps): content with a draft, and content never published. Content an editor withdrew
stays withdrawn until published by itself.
"""

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programmes import page_cache
from programmes.models import ChangeKind, ContentNode, Pathway, PathwayStep, Programme

from .drafts import draft_ids, draft_of
from .history import history_record
from .models import Action, Draft
from .releases import ReleaseNote, programme_of, published_before, release_record
from .snapshots import snapshot_apply


def _waiting(objects, model, *order) -> list:
    """Of `objects`, those publishing their container also publishes: never published,
    or with a draft waiting."""
    waiting = Q(published=False, published_at__isnull=True) | Q(pk__in=draft_ids(model))
    return list(objects.filter(waiting).order_by(*order))


def _waiting_below(obj) -> list:
    """What publishing `obj` also publishes, in reading order: a programme's nodes (in
    tree order), pathways and steps; a section's nodes; a pathway's steps."""
    if isinstance(obj, Programme):
        return [
            *_waiting(obj.nodes.all(), ContentNode, "path"),
            *_waiting(obj.pathways.all(), Pathway, "position", "slug"),
            *_waiting(
                PathwayStep.objects.filter(pathway__programme=obj),
                PathwayStep,
                "pathway__position",
                "pathway__slug",
                "position",
                "pk",
            ),
        ]
    if isinstance(obj, ContentNode):
        below = ContentNode.objects.filter(
            programme_id=obj.programme_id, path__startswith=obj.path, depth__gt=obj.depth
        )
        return _waiting(below, ContentNode, "path")
    if isinstance(obj, Pathway):
        return _waiting(obj.steps.all(), PathwayStep, "position", "pk")
    return []


def containers_above(obj) -> list:
    """What must be public for `obj`'s page to be: the programme, the sections and pages
    above a node, the pathway of a step; outermost first."""
    if isinstance(obj, ContentNode):
        return [obj.programme, *ContentNode.objects.get_ancestors(obj)]
    if isinstance(obj, Pathway):
        return [obj.programme]
    if isinstance(obj, PathwayStep):
        return [obj.pathway.programme, obj.pathway]
    return []


#: Said of a publication nobody sees (a preview): it is rolled back with the rest.
PREVIEW_RELEASE = ReleaseNote(ChangeKind.EDITORIAL, "preview")
#: `content_publish`'s `before`, unless the caller knows better: read it from the object.
UNKNOWN = object()


#: A programme is public once it is established; under review, its established version
#: stays public while the working group drafts the next one.
PUBLIC_STATUSES = (Programme.Status.ESTABLISHED, Programme.Status.REVIEW)


def publish_refusal(obj) -> str | None:
    """Why `obj` may not be published, or None. Only a programme's own status stops it
    (content below a programme that is not public stays hidden with it). The status is
    the working group's to move (programme work), never part of a draft."""
    if not isinstance(obj, Programme) or obj.status in PUBLIC_STATUSES:
        return None
    status = obj.status
    return _(
        "“%(name)s” is not established (its status is %(status)s): the public site shows "
        "a programme once the working group has established it."
    ) % {"name": obj, "status": Programme.Status(status).label}


@transaction.atomic
def content_publish(
    *,
    obj,
    user,
    release: ReleaseNote,
    data: dict | None = None,
    before=UNKNOWN,
    together: dict | None = None,
    preview: bool = False,
) -> list:
    """Make `obj` public as edited (`data`, else its draft), with what waits below it.

    `release` says which kind of change this is and the note for the change log
    (`releases`); a note without Swedish text raises ValidationError before anything
    changes. Records who published and when, a revision of each object published and the
    release. `before` is the text the public saw of `obj` when the caller has already
    saved its row (None: it is new). `together` makes the publications of one act (the
    list's "publish selected") one release per programme, raising the version once: pass
    the same dict to each call. Returns the objects published. A programme that is not
    established is refused with ValidationError (`publish_refusal`), except in a `preview`.
    """
    release = release.checked()
    refusal = None if preview else publish_refusal(obj)
    if refusal:
        raise ValidationError(refusal, code="not_established")
    programme = programme_of(obj)
    joined = together.get(programme.pk) if together is not None and programme else None
    # One moment for a whole release: a page's change in substance names its release by it.
    now = joined.published_at if joined is not None else timezone.now()
    published, changes = [], []
    # From the row: a programme in memory may be older than it.
    version_before = (
        Programme.objects.filter(pk=programme.pk).values_list("version", flat=True).first()
        if programme is not None
        else None
    )
    for target in [obj, *_waiting_below(obj)]:
        draft = draft_of(target)
        changes_of = data if target is obj and data is not None else (draft.data if draft else None)
        earlier = before if target is obj and before is not UNKNOWN else published_before(target)
        target.published = True
        target.published_at = now
        target.published_by = user if user is not None and user.is_authenticated else None
        if release.is_professional:
            target.substance_changed_at = now
        # Whoever has it open in the admin must see the published version before saving.
        target.lock_version += 1
        if changes_of is not None:
            snapshot_apply(target, changes_of)
        else:
            target.save()
        if draft is not None:
            draft.delete()
        history_record(obj=target, action=Action.PUBLISHED, user=user)
        published.append(target)
        changes.append((target, earlier))
    if programme is not None:
        if isinstance(obj, Programme):
            programme = obj
        else:
            programme.refresh_from_db()
        recorded = release_record(
            programme=programme,
            release=release,
            user=user,
            changes=changes,
            when=now,
            version_set=programme.version != version_before,
            joined=joined,
        )
        if together is not None:
            together[programme.pk] = recorded
        if not preview:
            # Its pages are rendered again ahead of the first visitors.
            page_cache.warm_after_commit(programme.slug)
    return published


@transaction.atomic
def content_withdraw(*, obj, user):
    """Withdraw `obj` (and so everything below it) from the public site; drafts stay.
    Returns `obj`, withdrawn."""
    obj.published = False
    obj.lock_version += 1
    obj.save(update_fields=["published", "lock_version", "updated_at"])
    history_record(obj=obj, action=Action.UNPUBLISHED, user=user)
    return obj


def status_of(obj) -> str:
    """One of "published", "changed" (published, with a draft waiting) or "unpublished"."""
    if not obj.published:
        return "unpublished"
    if Draft.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    ).exists():
        return "changed"
    return "published"


def public_url(obj, language: str) -> str:
    """Where the public finds `obj` (or will, once published) in `language`."""
    with translation.override(language):
        return obj.get_absolute_url()


@dataclass
class Preview:
    """What the preview banner tells the editor."""

    admin_url: str
    language: str
    hidden_by: list = field(default_factory=list)


_preview: contextvars.ContextVar[Preview | None] = contextvars.ContextVar("preview", default=None)


def current_preview() -> Preview | None:
    """The preview being rendered now, if any: the page shows its banner."""
    return _preview.get()


@contextlib.contextmanager
def _previewing(preview: Preview):
    token = _preview.set(preview)
    try:
        yield
    finally:
        _preview.reset(token)


def preview_response(obj, request, *, language: str, admin_url: str):
    """The public page of `obj` as it will look once published, in `language`.

    The publication is made for real inside a transaction that is rolled back, so the
    page comes from the same views, queries and templates the public gets. Nothing is
    kept, no cached page or search entry changes. Containers above `obj` that are not
    public are published in the preview too, and named in the banner.
    """
    with transaction.atomic(), page_cache.changes_suspended():
        hidden_by = []
        for above in containers_above(obj):
            if not above.published:
                hidden_by.append(str(above))
                above.published = True
                above.save(update_fields=["published"])
        content_publish(obj=obj, user=request.user, release=PREVIEW_RELEASE, preview=True)
        obj.refresh_from_db()
        url = public_url(obj, language)
        preview = Preview(admin_url=admin_url, language=language, hidden_by=hidden_by)
        with translation.override(language), _previewing(preview):
            match = resolve(url)
            request.LANGUAGE_CODE = language
            try:
                response = match.func(request, *match.args, **match.kwargs)
            except Http404:
                transaction.set_rollback(True)
                raise
        transaction.set_rollback(True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
