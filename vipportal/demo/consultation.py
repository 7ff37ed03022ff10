"""The demo of how a programme is made (fixtures/consultation.yaml): a working group, the
programme's path of status, consultation rounds with comments and answers, meetings, a
practical test, an indicator check, a dissemination plan and a self-evaluation.

Dates are relative to the day of loading, as in the demo plans. Loading again first
removes what the demo made for the programme, then makes it again, so the story always
ends today. The people are made without passwords; `demo_people_passwords` gives the
demo logins theirs.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care_levels.models import CareLevel
from programmes.editorial.consultation.freezing import part_key, version_freeze
from programmes.editorial.consultation.models import (
    Answer,
    Comment,
    ConsultationVersion,
    DisseminationItem,
    IndicatorCheck,
    Invitation,
    Meeting,
    Member,
    Organisation,
    PracticalTest,
    Reviewer,
    Round,
    SelfEvaluationAnswer,
    StatusChange,
)
from programmes.editorial.content_file import values as check
from programmes.editorial.drafts import draft_save
from programmes.editorial.models import Version
from programmes.editorial.snapshots import snapshot
from programmes.models import ContentNode, PathwayStep, Programme

from .dates import date

#: The demo logins of programme work: username → password (README, "Demo logins").
DEMO_PASSWORDS = {
    "ordforande": "vip-demo-ordforande",
    "arbetsgrupp": "vip-demo-arbetsgrupp",
    "granskare": "vip-demo-granskare",
    "granskare2": "vip-demo-granskare2",
    "granskare3": "vip-demo-granskare3",
}


def _named(name, table: dict, place: str):
    """What `table` holds under `name`; a clear message where it holds nothing."""
    if name not in table:
        known = ", ".join(sorted(str(key) for key in table))
        raise check.problem(
            place,
            _("unknown name %(name)s (known: %(known)s)")
            % {"name": check.shown(name), "known": known},
        )
    return table[name]


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Story:
    """What the file refers to, looked up once."""

    def __init__(self, programme: Programme, today: datetime.date):
        self.programme = programme
        self.today = today
        self.people = {}
        self.organisations = {}
        self.nodes = {node.slug: node for node in programme.nodes.all()}
        self.steps = {
            f"{step.pathway.slug}/{step.slug}": step
            for step in PathwayStep.objects.filter(pathway__programme=programme).select_related(
                "pathway"
            )
        }

    def day(self, entry: dict, key: str, place: str, *, required: bool = True):
        return date(entry, key, place, self.today, required=required)

    def person(self, username, place: str):
        return _named(username, self.people, place)

    def obj(self, reference, place: str):
        """The content a reference names: `programme`, `node/<slug>`, `step/<pathway>/<slug>`."""
        if reference == "programme":
            return self.programme
        kind, _sep, slug = str(reference).partition("/")
        table = {"node": self.nodes, "step": self.steps}.get(kind)
        if table is None or slug not in table:
            raise check.problem(place, _("unknown part %(part)s") % {"part": reference})
        return table[slug]


@transaction.atomic
def demo_consultation_load(*, data, today: datetime.date | None = None) -> int:
    """Load the demo in `data` (see the module); returns the number of rounds."""
    where = "consultation.yaml"
    check.mapping(
        data,
        where,
        _("the consultation demo"),
        (
            "programme",
            "people",
            "members",
            "status_changes",
            "organisations",
            "rounds",
            "meetings",
            "practical_tests",
            "indicator_checks",
            "dissemination",
            "self_evaluation",
        ),
    )
    programmes = {p.slug: p for p in Programme.objects.all()}
    programme = check.looked_up(
        data.get("programme"), programmes, f"{where}.programme", "programmes"
    )
    story = _Story(programme, today or datetime.date.today())
    _forget(programme)
    _people(story, data.get("people") or [])
    _members(story, data.get("members") or [])
    _statuses(story, data.get("status_changes") or [])
    for entry in data.get("organisations") or []:
        organisation, _created = Organisation.objects.update_or_create(
            name=entry["name"], defaults={"kind": entry["kind"]}
        )
        story.organisations[organisation.name] = organisation
    rounds = {}
    for index, entry in enumerate(data.get("rounds") or []):
        rounds[entry["number"]] = _round(story, entry, f"{where}.rounds[{index}]")
    _meetings(story, data.get("meetings") or [], rounds)
    _work(story, data)
    return len(rounds)


def _forget(programme: Programme) -> None:
    """Remove what an earlier load made for the programme (the drafts the rounds froze
    included), so that loading again tells the same story."""
    Comment.objects.filter(invitation__round__programme=programme).delete()
    Meeting.objects.filter(programme=programme).delete()
    Round.objects.filter(programme=programme).delete()
    ConsultationVersion.objects.filter(programme=programme).delete()
    for model in (Member, StatusChange, PracticalTest, DisseminationItem, SelfEvaluationAnswer):
        model.objects.filter(programme=programme).delete()
    IndicatorCheck.objects.filter(indicator__programme=programme).delete()


def _people(story: _Story, entries: list) -> None:
    User = get_user_model()
    for entry in entries:
        user = User.objects.filter(username=entry["username"]).first()
        if user is None:
            user = User(username=entry["username"])
            user.set_unusable_password()
        user.first_name = entry["first_name"]
        user.last_name = entry["last_name"]
        user.email = entry["email"]
        user.save()
        story.people[user.username] = user
    # The programme's editor, when the demo logins made one.
    editor = User.objects.filter(username="redaktor").first()
    if editor is not None:
        story.people["redaktor"] = editor


def _members(story: _Story, entries: list) -> None:
    for entry in entries:
        user = story.people.get(entry["username"])
        if user is None:  # The editor, without the demo logins.
            continue
        member = Member(
            programme=story.programme,
            user=user,
            role=entry["role"],
            represents=entry.get("represents", ""),
        )
        member.full_clean()
        member.save()


def _statuses(story: _Story, entries: list) -> None:
    status = Programme.Status.DRAFT
    for index, entry in enumerate(entries):
        at = f"consultation.yaml.status_changes[{index}]"
        change = StatusChange.objects.create(
            programme=story.programme,
            from_status=status,
            to_status=entry["to"],
            user=story.people.get(entry.get("by")),
            note=entry.get("note", ""),
        )
        day = story.day(entry, "at", at)
        StatusChange.objects.filter(pk=change.pk).update(changed_at=_moment(day))
        status = entry["to"]
    Programme.objects.filter(pk=story.programme.pk).update(status=status)


def _drafts(story: _Story, entries: list, place: str) -> None:
    """The group's drafts after the earlier round, as an editor saves them."""
    editor = story.people.get("redaktor") or story.people.get("ordforande")
    for index, entry in enumerate(entries):
        obj = story.obj(entry["part"], f"{place}[{index}].part")
        data = snapshot(obj)
        field = entry["field"]
        data[field] = f"{data.get(field) or ''} {entry['append']}".strip()
        draft_save(obj=obj, data=data, user=editor)
        when = story.day(entry, "at", f"{place}[{index}]")
        latest = type(obj).history.filter(id=obj.pk).order_by("-history_date", "-history_id")
        type(obj).history.filter(history_id=latest[0].history_id).update(
            history_date=_moment(when, 14)
        )


def _round(story: _Story, entry: dict, at: str) -> Round:
    _drafts(story, entry.get("drafts") or [], f"{at}.drafts")
    programme = story.programme
    opened = _moment(story.day(entry, "opened", at))
    number = entry["number"]
    version = version_freeze(
        programme=programme,
        user=story.people.get("ordforande"),
        label=f"{programme.version or '1.0'} remissversion {number}",
    )
    ConsultationVersion.objects.filter(pk=version.pk).update(made_at=opened)
    closed = story.day(entry, "closed", at, required=False)
    published = story.day(entry, "published", at, required=False)
    round_ = Round.objects.create(
        programme=programme,
        number=number,
        title=entry["title"],
        purpose=entry["purpose"],
        questions=entry.get("questions", ""),
        deadline=story.day(entry, "deadline", at),
        version=version,
        opened_at=opened,
        opened_by=story.people.get("ordforande"),
        closed_at=_moment(closed, 17) if closed else None,
        compilation_published_at=_moment(published) if published else None,
        compilation_published_by=story.people.get("ordforande") if published else None,
    )
    parts = {part.key: part for part in version.parts.all()}
    for index, invited in enumerate(entry.get("invitations") or []):
        _invitation(story, round_, parts, invited, f"{at}.invitations[{index}]")
    return round_


def _invitation(story: _Story, round_: Round, parts: dict, entry: dict, at: str) -> None:
    organisation = _named(entry["organisation"], story.organisations, f"{at}.organisation")
    submitted = story.day(entry, "submitted", at, required=False)
    invitation = Invitation.objects.create(
        round=round_, organisation=organisation, invited_at=round_.opened_at
    )
    reviewers = [story.person(name, f"{at}.reviewers") for name in entry.get("reviewers") or []]
    for user in reviewers:
        Reviewer.objects.create(
            invitation=invitation,
            user=user,
            invited_at=round_.opened_at,
            mailed_at=round_.opened_at,
        )
    for index, said in enumerate(entry.get("comments") or []):
        place = f"{at}.comments[{index}]"
        obj = story.obj(said["part"], f"{place}.part")
        part = parts.get(part_key(obj))
        if part is None:
            raise check.problem(f"{place}.part", _("the part is not in the round's version"))
        comment = Comment(
            invitation=invitation,
            part=part,
            author=reviewers[0] if reviewers else None,
            kind=said["kind"],
            text=said.get("text", ""),
            proposal=said.get("proposal", ""),
        )
        comment.full_clean()
        comment.save()
        if "answer" in said:
            _answer(story, comment, obj, said["answer"])
    if submitted:
        invitation.submitted_at = _moment(submitted, 15)
        invitation.submitted_by = reviewers[0] if reviewers else None
        invitation.save()


def _answer(story: _Story, comment: Comment, obj, entry: dict) -> None:
    """The group's answer; with `change: true`, linked to the latest recorded change of
    the part's content (the draft the group made after the round)."""
    change = None
    if entry.get("change"):
        change = (
            Version.objects.filter(
                content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
            )
            .order_by("-created_at", "-history_id")
            .first()
        )
    answer = Answer(
        comment=comment,
        verdict=entry["verdict"],
        reason=entry["reason"],
        change=change,
        answered_by=story.people.get(entry.get("by")),
    )
    answer.full_clean(exclude=["change"])
    answer.save()


def _meetings(story: _Story, entries: list, rounds: dict) -> None:
    for index, entry in enumerate(entries):
        at = f"consultation.yaml.meetings[{index}]"
        meeting = Meeting(
            programme=story.programme,
            kind=entry["kind"],
            title=entry.get("title", ""),
            date=story.day(entry, "date", at),
            place=entry.get("place", ""),
            due_before=entry.get("due_before", ""),
            agenda=entry.get("agenda", ""),
            minutes=entry.get("minutes", ""),
            decisions=entry.get("decisions", ""),
            round=rounds.get(entry.get("round")),
        )
        meeting.full_clean()
        meeting.save()


def _work(story: _Story, data: dict) -> None:
    programme = story.programme
    levels = {level.slug: level for level in CareLevel.objects.all()}
    vignettes = {vignette.slug: vignette for vignette in programme.vignettes.all()}
    recorder = story.people.get("arbetsgrupp")
    for index, entry in enumerate(data.get("practical_tests") or []):
        at = f"consultation.yaml.practical_tests[{index}]"
        test = PracticalTest(
            programme=programme,
            held_on=story.day(entry, "held_on", at),
            place=entry["place"],
            care_level=check.looked_up(entry["care_level"], levels, f"{at}.care_level", "levels"),
            vignette=vignettes.get(entry.get("vignette")),
            described_case=entry.get("described_case", ""),
            what_worked=entry["what_worked"],
            must_change=entry.get("must_change", ""),
            recorded_by=recorder,
        )
        test.full_clean()
        test.save()
        objects = [story.obj(ref, f"{at}.parts") for ref in entry.get("parts") or []]
        test.nodes.set([obj for obj in objects if isinstance(obj, ContentNode)])
        test.steps.set([obj for obj in objects if isinstance(obj, PathwayStep)])
    indicators = {indicator.slug: indicator for indicator in programme.indicators.all()}
    for index, entry in enumerate(data.get("indicator_checks") or []):
        at = f"consultation.yaml.indicator_checks[{index}]"
        checked = IndicatorCheck(
            indicator=check.looked_up(entry["indicator"], indicators, at, "indicators"),
            fetchable=entry["fetchable"],
            source=entry.get("source", ""),
            fetched_by=entry.get("fetched_by", ""),
            note=entry.get("note", ""),
            checked_by=recorder,
        )
        checked.full_clean()
        checked.save()
    materials = {material.slug: material for material in programme.materials.all()}
    for index, entry in enumerate(data.get("dissemination") or []):
        at = f"consultation.yaml.dissemination[{index}]"
        item = DisseminationItem(
            programme=programme,
            audience=entry["audience"],
            material=materials.get(entry.get("material")),
            what=entry.get("what", ""),
            channel=entry["channel"],
            due=story.day(entry, "due", at),
            owner=entry["owner"],
        )
        item.full_clean()
        item.save()
    for question, answer in (data.get("self_evaluation") or {}).items():
        row = SelfEvaluationAnswer(
            programme=programme,
            question=question,
            answer=answer,
            answered_by=story.people.get("ordforande"),
        )
        row.full_clean()
        row.save()


@transaction.atomic
def demo_people_passwords() -> list[tuple[str, str, str]]:
    """Give the demo people of programme work their demo passwords, where they have none
    yet; returns (username, password, description) of each."""
    User = get_user_model()
    done = []
    for username, password in DEMO_PASSWORDS.items():
        user = User.objects.filter(username=username).first()
        if user is None or user.has_usable_password():
            continue
        user.set_password(password)
        user.save(update_fields=["password"])
        done.append((username, password, "programme work"))
    return done
