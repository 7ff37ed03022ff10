"""Writing the public record of a publication: its kind, its note, and what it changed.

Every publication says which kind of change it is (`ChangeKind`) and carries a short
note, at least in Swedish. A change in substance raises the programme's version
(`next_version`, unless the publication sets the version itself) and moves
`substance_changed_at` of everything published to the moment of publication; an
editorial change moves only `updated_at`. The publication is recorded as a
`ProgrammeRelease` with a `ReleasedChange` per object published: its title and address
in each language and its text before and after, from which the change log shows a diff.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from programmes import page_cache
from programmes.models import (
    ChangeKind,
    Indicator,
    Material,
    PathwayStep,
    Programme,
    ProgrammeRelease,
    ReleasedChange,
    next_version,
    plain_text,
)

from .drafts import draft_of
from .models import Action

#: Translated fields that are names of things rather than text a reader follows.
NOT_TEXT = frozenset({"slug"})
#: Facts a page shows besides its translated text, compared in the change log too (the
#: same in every language; a choice or a yes/no is written in the reader's words).
FACT_FIELDS = {
    # An intervention's recommendation is the change of substance a reader most needs.
    "programmes.ContentNode": ("recommendation", "priority", "guideline"),
    "programmes.Guideline": ("issuer", "year", "url"),
    "programmes.ProgrammeLevel": ("early_detection", "assessment", "treatment", "support"),
    "programmes.Indicator": ("kind", "direction", "measure_kind"),
    "programmes.Material": ("kind", "audience", "url"),
}


@dataclass(frozen=True)
class ReleaseNote:
    """What the editor says about a publication: its kind and a note (Swedish required)."""

    kind: str = ChangeKind.EDITORIAL
    note_sv: str = ""
    note_en: str = ""

    def checked(self) -> "ReleaseNote":
        """The note, trimmed; ValidationError (naming the field) when it cannot be used."""
        errors = {}
        if self.kind not in ChangeKind.values:
            errors["kind"] = _("Say whether the change is one of substance or editorial.")
        if not self.note_sv.strip():
            errors["note_sv"] = _(
                "Write a short note in Swedish about what changed: the public change log shows it."
            )
        if errors:
            raise ValidationError(errors)
        return ReleaseNote(self.kind, self.note_sv.strip(), self.note_en.strip())

    @property
    def is_professional(self) -> bool:
        return self.kind == ChangeKind.PROFESSIONAL


def programme_of(obj) -> Programme | None:
    """The programme whose change log records a change of `obj`."""
    if isinstance(obj, Programme):
        return obj
    if isinstance(obj, PathwayStep):
        return obj.pathway.programme
    return getattr(obj, "programme", None)


def text_fields(model) -> list[str]:
    """The translated text fields of `model` a reader follows, in the model's order."""
    try:
        names = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return []
    order = [field.name for field in model._meta.fields]
    return [
        name
        for name in sorted(names, key=lambda name: order.index(name) if name in order else 0)
        if name not in NOT_TEXT
    ]


def _fact(field, value, language: str) -> str:
    """A fact as a reader of `language` reads it."""
    with translation.override(language):
        if field.choices:
            return str(dict(field.flatchoices).get(value, value or ""))
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        if field.is_relation:
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related is not None else ""
    return plain_text(value)


def texts_of(model, values) -> dict[str, dict[str, str]]:
    """{language: {field: plain text}} of an object (`values`: attribute name → value)."""
    facts = [model._meta.get_field(name) for name in FACT_FIELDS.get(model._meta.label, ())]
    return {
        code: {
            **{name: plain_text(values(f"{name}_{code}")) for name in text_fields(model)},
            **{fact.name: _fact(fact, values(fact.attname), code) for fact in facts},
        }
        for code, _name in settings.LANGUAGES
    }


def object_texts(obj) -> dict[str, dict[str, str]]:
    return texts_of(type(obj), lambda name: getattr(obj, name, ""))


def snapshot_texts(model, data: dict) -> dict[str, dict[str, str]]:
    return texts_of(model, lambda name: data.get(name, ""))


def _public_url(obj, programme) -> str:
    if isinstance(obj, Indicator):
        return reverse("programmes:indicators", args=[programme.slug]) + f"#indicator-{obj.slug}"
    if isinstance(obj, Material):
        return reverse("programmes:materials")
    try:
        return obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return programme.get_absolute_url()


def titles_and_urls(obj, programme) -> tuple[dict, dict]:
    titles, urls = {}, {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = str(obj)
            urls[code] = _public_url(obj, programme)
    return titles, urls


def published_before(obj) -> dict | None:
    """The text the public last saw of `obj` (None: never public), before it is published
    again. Public content still holds it; withdrawn content is looked up in the history."""
    if obj.published:
        stored = type(obj).objects.filter(pk=obj.pk).first()
        return object_texts(stored) if stored is not None else None
    if getattr(obj, "published_at", None) is None:
        return None
    from .history import record_snapshot, records_of

    row = records_of(obj).filter(action__in=[Action.PUBLISHED, Action.IMPORTED]).first()
    return snapshot_texts(type(obj), record_snapshot(row)) if row is not None else None


def _version_raise(programme) -> None:
    """Give `programme` its next version, in its row and in a draft still holding the old."""
    old = programme.version
    programme.version = next_version(old)
    programme.lock_version += 1
    Programme.objects.filter(pk=programme.pk).update(
        version=programme.version, lock_version=programme.lock_version
    )
    draft = draft_of(programme)
    if draft is not None and draft.data.get("version", old) == old:
        # Publishing the draft later must not take the version back.
        draft.data["version"] = programme.version
        draft.save(update_fields=["data"])


def release_record(
    *,
    programme,
    release: ReleaseNote,
    user,
    changes: list,
    when,
    version_set: bool = False,
    joined: ProgrammeRelease | None = None,
) -> ProgrammeRelease:
    """Record a publication of `programme` and what it changed.

    `changes` holds (object, texts before or None when new) in reading order. A change in
    substance raises the programme's version, unless `version_set` (the publication set
    the version itself). With `joined`, a release of the same act, the changes are added
    to it instead. Returns the release.
    """
    if joined is not None:
        record, start = joined, joined.changes.count()
        # Published already in this act (below something selected before it): once is enough.
        present = set(joined.changes.values_list("model", "object_id"))
        changes = [(obj, text) for obj, text in changes if (obj._meta.label, obj.pk) not in present]
    else:
        if release.is_professional and not version_set:
            _version_raise(programme)
        record, start = (
            ProgrammeRelease(
                programme=programme,
                version=programme.version,
                kind=release.kind,
                note_sv=release.note_sv,
                note_en=release.note_en,
                published_at=when,
                published_by=user if user is not None and user.is_authenticated else None,
            ),
            0,
        )
        record.save()
    rows = []
    for position, (obj, before) in enumerate(changes, start=start):
        titles, urls = titles_and_urls(obj, programme)
        rows.append(
            ReleasedChange(
                release=record,
                position=position,
                model=obj._meta.label,
                object_id=obj.pk,
                is_new=before is None,
                titles=titles,
                urls=urls,
                before=before or {},
                after=object_texts(obj) if before is not None else {},
            )
        )
    ReleasedChange.objects.bulk_create(rows)
    return record


@transaction.atomic
def release_note_correct(*, release: ProgrammeRelease, note_sv: str, note_en: str) -> bool:
    """Correct the wording of a release's note (its kind, version and date stay as they
    were published). ValidationError without Swedish text; returns whether it changed."""
    checked = ReleaseNote(release.kind, note_sv, note_en).checked()
    stored = ProgrammeRelease.objects.get(pk=release.pk)
    if (stored.note_sv, stored.note_en) == (checked.note_sv, checked.note_en):
        return False
    release.note_sv, release.note_en = checked.note_sv, checked.note_en
    release.save()
    # The change log and the feeds show the note: cached pages are stale now.
    page_cache.content_changed()
    return True
