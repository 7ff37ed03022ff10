"""Drafts: changes to published content that wait for an editor to publish them.

The public keeps seeing the row as it is; the draft (`Draft`) holds the snapshot the
editor saved. Saving and discarding a draft are recorded in the history.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete

from programmes.models import ContentNode, Pathway, PathwayStep

from .history import history_record
from .models import Action, Draft
from .snapshots import DRAFT_MODELS, is_draftable


def _content_type(obj_or_model):
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)


def draft_of(obj) -> Draft | None:
    if obj.pk is None or not is_draftable(obj):
        return None
    return (
        Draft.objects.filter(content_type=_content_type(obj), object_id=obj.pk)
        .select_related("user")
        .first()
    )


@transaction.atomic
def draft_save(*, obj, data: dict, user, action: str = Action.DRAFT) -> Draft:
    """Keep `data` as the draft of published `obj`; the public keeps seeing `obj` as it is."""
    draft, _created = Draft.objects.update_or_create(
        content_type=_content_type(obj),
        object_id=obj.pk,
        defaults={"data": data, "user": user if user and user.is_authenticated else None},
    )
    history_record(obj=obj, action=action, user=user, data=data)
    return draft


@transaction.atomic
def draft_discard(*, obj, user) -> bool:
    draft = draft_of(obj)
    if draft is None:
        return False
    draft.delete()
    history_record(obj=obj, action=Action.DISCARDED, user=user)
    return True


def drafts_of_deleted(sender, instance, **kwargs) -> None:
    """A deleted object's draft goes with it (its recorded changes stay, as history)."""
    Draft.objects.filter(content_type=_content_type(sender), object_id=instance.pk).delete()


def connect_signals() -> None:
    for label in DRAFT_MODELS:
        post_delete.connect(drafts_of_deleted, sender=apps.get_model(label), dispatch_uid=label)


def programme_drafts(programme) -> list:
    """The programme and what in it has a draft waiting: its nodes in tree order, then its
    care pathways and their steps in their order."""
    objects = [programme] if draft_of(programme) is not None else []
    objects += programme.nodes.filter(pk__in=draft_ids(ContentNode)).order_by("path")
    objects += programme.pathways.filter(pk__in=draft_ids(Pathway)).order_by("position", "slug")
    objects += (
        PathwayStep.objects.filter(pathway__programme=programme, pk__in=draft_ids(PathwayStep))
        .select_related("pathway")
        .order_by("pathway__position", "pathway__slug", "position", "pk")
    )
    return objects


def draft_ids(model) -> set[int]:
    """Ids of the objects of `model` that have a draft waiting."""
    return set(
        Draft.objects.filter(content_type=_content_type(model)).values_list("object_id", flat=True)
    )
