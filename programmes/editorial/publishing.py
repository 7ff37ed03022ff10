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

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import resolve
from django.utils import timezone, translation

from programmes import page_cache
from programmes.models import ContentNode, Pathway, PathwayStep, Programme

from .drafts import draft_ids, draft_of
from .history import history_record
from .models import Action, Draft
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


@transaction.atomic
def content_publish(*, obj, user, data: dict | None = None) -> list:
    """Make `obj` public as edited (`data`, else its draft), with what waits below it.

    Records who published and when, and a revision of each object published.
    Returns the objects published.
    """
    now = timezone.now()
    published = []
    for target in [obj, *_waiting_below(obj)]:
        draft = draft_of(target)
        changes = data if target is obj and data is not None else (draft.data if draft else None)
        target.published = True
        target.published_at = now
        target.published_by = user if user is not None and user.is_authenticated else None
        # Whoever has it open in the admin must see the published version before saving.
        target.lock_version += 1
        if changes is not None:
            snapshot_apply(target, changes)
        else:
            target.save()
        if draft is not None:
            draft.delete()
        history_record(obj=target, action=Action.PUBLISHED, user=user)
        published.append(target)
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
        content_publish(obj=obj, user=request.user)
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
