"""Publishing a change as an editor does, for the tests of the change log and the feeds."""

from programmes.editorial.publishing import content_publish
from programmes.editorial.releases import ReleaseNote
from programmes.editorial.snapshots import snapshot
from programmes.models import ChangeKind, ProgrammeRelease


def publish_change(
    obj, kind=ChangeKind.PROFESSIONAL, note="Ändrat i texten.", note_en="", **changes
) -> ProgrammeRelease:
    """Publish `obj` with `changes` to its fields; returns the release recorded."""
    data = snapshot(obj)
    data.update(changes)
    content_publish(obj=obj, user=None, release=ReleaseNote(kind, note, note_en), data=data)
    return ProgrammeRelease.objects.filter(note_sv=note).first()
