"""Gap analyses: of a programme (every intervention it gives at a level, grouped by the
kind of national recommendation) or of a care pathway (its steps at a level, with their
time goals)."""

import dataclasses
from collections import defaultdict

from django.db.models import Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from care_levels.models import CareLevel
from programmes.models import (
    KIND_ORDER,
    STRENGTHS,
    ContentNode,
    Pathway,
    PathwayStep,
    Programme,
    RecommendationKind,
    recommendation_order,
)
from programmes.selectors import ProgrammeTree, in_tree, interventions, level_scope

from ..models import GapAnalysis, GapItem, Plan
from .matrix import pathway_name

#: An answer that makes an item a gap.
LACKING = (GapItem.Offered.PARTLY, GapItem.Offered.NO)
#: An answer that makes an intervention not to be done (icke-göra) a gap: still done.
STILL_DONE = (GapItem.Offered.YES, GapItem.Offered.PARTLY)
#: The kinds of recommendation whose interventions are gaps when they are not offered.
TO_OFFER = [RecommendationKind.PRIORITY, RecommendationKind.NONE, ""]


def gap_q(prefix: str = "") -> Q:
    """The items that are gaps (`GapItem.is_gap` in SQL); `prefix` reaches them from
    another model ("items__"). A step not done in full or not within its time goal; an
    intervention to offer not offered in full; one not to do (icke-göra) still done. An
    intervention for research only (FoU) is never a gap."""

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    return (
        q(step__isnull=False, offered__in=LACKING)
        | q(step__isnull=False, time_goal_met__in=LACKING)
        | q(intervention__recommendation__in=TO_OFFER, offered__in=LACKING)
        | q(intervention__recommendation=RecommendationKind.DO_NOT_DO, offered__in=STILL_DONE)
    )


#: The items that are gaps (see `gap_q`).
IS_GAP = gap_q()


def subject_name(analysis: GapAnalysis) -> str:
    """What a gap analysis checks: its programme, or its care pathway."""
    if analysis.pathway_id is not None:
        return pathway_name(analysis.pathway)
    return analysis.programme.name


def named(analyses: list[GapAnalysis]) -> list[GapAnalysis]:
    """Give each analysis its `subject` (`subject_name`)."""
    for analysis in analyses:
        analysis.subject = subject_name(analysis)
    return analyses


def gap_counts(step_id, offered: str, time_goal_met: str, recommendation) -> tuple[int, int, int]:
    """Whether an item is a gap, a gap to phase out, and not yet answered (each 0 or 1), as
    `gap_q` says in SQL, from the item's own fields and its intervention's recommendation
    (None for a step)."""
    phase_out = recommendation == RecommendationKind.DO_NOT_DO and offered in STILL_DONE
    gap = (
        (step_id is not None and (offered in LACKING or time_goal_met in LACKING))
        or (recommendation in TO_OFFER and offered in LACKING)
        or phase_out
    )
    return int(gap), int(phase_out), int(offered == GapItem.Offered.UNKNOWN)


def gap_analyses(plan: Plan) -> list[GapAnalysis]:
    """The plan's gap analyses, each programme's followed by those of its care pathways,
    with their counts; a pathway's analysis also has its `step_gaps` (the steps that are
    gaps, in order). Three queries: the analyses, their items' answers (counted here:
    four filtered counts in SQL cost more to build than to count), and the steps that are
    gaps; one when the plan has none, two when no analysis is of a pathway."""
    found = list(plan.gap_analyses.select_related("programme", "care_level", "pathway__setting"))
    if not found:
        return found
    counts = defaultdict(lambda: [0, 0, 0, 0])
    for analysis_id, *answers in GapItem.objects.filter(analysis__plan=plan).values_list(
        "analysis_id", "step_id", "offered", "time_goal_met", "intervention__recommendation"
    ):
        total = counts[analysis_id]
        gap, phase_out, unknown = gap_counts(*answers)
        total[0] += 1
        total[1] += gap
        total[2] += phase_out
        total[3] += unknown
    for analysis in found:
        analysis.total, analysis.gaps, analysis.phase_out, analysis.unknown = counts[analysis.pk]
    found.sort(key=analysis_order)
    of_pathways = [analysis for analysis in found if analysis.pathway_id is not None]
    if of_pathways:
        gaps = defaultdict(list)
        for item in (
            GapItem.objects.filter(
                Q(offered__in=LACKING) | Q(time_goal_met__in=LACKING),
                analysis__in=[a.pk for a in of_pathways],
                step__isnull=False,
            )
            .select_related("step")
            .order_by("step__position", "step_id")
        ):
            gaps[item.analysis_id].append(item)
        for analysis in of_pathways:
            analysis.step_gaps = gaps[analysis.pk]
    return named(found)


def get_gap_analysis(plan: Plan, pk: int) -> GapAnalysis:
    """One of the plan's gap analyses, with what names it; 404 for any other."""
    analysis = (
        GapAnalysis.objects.filter(plan=plan, pk=pk)
        .select_related("programme", "care_level", "pathway__setting")
        .first()
    )
    if analysis is None:
        raise Http404("No such gap analysis")
    return named([analysis])[0]


def gap_order(node: ContentNode) -> tuple:
    """An intervention's place in a gap analysis: by kind of recommendation (`KIND_ORDER`:
    to offer, research only, no national recommendation, not to do), then as every list
    orders them (`recommendation_order`: by guideline, then rank)."""
    kind = node.recommendation or RecommendationKind.NONE
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER),) + (
        recommendation_order(node)
    )


def gap_interventions(programme: Programme, level: CareLevel) -> list[ContentNode]:
    """Every published intervention the programme gives at `level` (and the levels above
    and below it, as the knowledge portal shows them), prioritised or not, so that no
    level is left with nothing to answer; in `gap_order`, each with its `url` in the
    portal."""
    tree = ProgrammeTree.load(programme)
    scope = CareLevel.objects.filter(level_scope(level)).values("pk")
    found = in_tree(
        tree,
        interventions().filter(programme=programme, care_levels__in=scope).distinct(),
    )
    return sorted(found, key=gap_order)


@dataclasses.dataclass
class KindGroup:
    """The items of a gap analysis with one kind of recommendation, and what it means."""

    kind: str
    label: str
    explanation: str
    items: list


def gap_groups(items: list) -> list[KindGroup]:
    """Items (or (item, form) pairs) of a programme's gap analysis, already in
    `gap_order`, grouped by the kind of their intervention's recommendation."""
    groups: dict[str, KindGroup] = {}
    for entry in items:
        item = entry[0] if isinstance(entry, tuple) else entry
        kind = item.intervention.recommendation or RecommendationKind.NONE
        if kind not in groups:
            strength = STRENGTHS.get(kind, STRENGTHS[RecommendationKind.NONE])
            label = (
                RecommendationKind.PRIORITY.label
                if kind == RecommendationKind.PRIORITY
                else strength.label
            )
            groups[kind] = KindGroup(kind, label, strength.explanation, [])
        groups[kind].items.append(entry)
    return list(groups.values())


def gap_steps(pathway: Pathway, level: CareLevel) -> list[PathwayStep]:
    """The published steps of a published pathway that `level` is responsible for (or a
    level above or below it, as for a programme's interventions), in order. One query.

    Each step's time goal is its own: a version for a setting that gives none has none
    there (the national step's goal is for the national step's work)."""
    scope = CareLevel.objects.filter(level_scope(level)).values("pk")
    return list(
        PathwayStep.objects.filter(
            pathway=pathway,
            pathway__published=True,
            published=True,
            pk__in=PathwayStep.objects.filter(care_levels__in=scope).values("pk"),
        ).order_by("position", "id")
    )


def pathway_url(programme: Programme, pathway: Pathway) -> str | None:
    """The pathway's page in the knowledge portal, while it is public."""
    if not (pathway.published and programme.published):
        return None
    try:
        return reverse("programmes:pathway", args=[programme.slug, pathway.slug])
    except NoReverseMatch:  # the public pathway pages are not part of this site
        return None


def step_url(programme: Programme, pathway: Pathway, step: PathwayStep) -> str | None:
    """The step's page in the knowledge portal, while it and its pathway are public."""
    if not (step.published and pathway.published and programme.published):
        return None
    try:
        return reverse("programmes:pathway_step", args=[programme.slug, pathway.slug, step.slug])
    except NoReverseMatch:  # the public pathway pages are not part of this site
        return None


def gap_items(analysis: GapAnalysis) -> list[GapItem]:
    """The items, each linked to the portal: a programme's interventions in `gap_order`
    (with their guidelines), a pathway's steps in their order with their time goals."""
    if analysis.pathway_id is not None:
        items = list(analysis.items.select_related("step"))
        for item in items:
            item.step.url = step_url(analysis.programme, analysis.pathway, item.step)
        return sorted(items, key=lambda i: (i.step.position, i.step_id))
    tree = ProgrammeTree.load(analysis.programme)
    items = list(analysis.items.select_related("intervention__guideline"))
    for item in items:
        shown = tree.get(item.intervention)
        item.intervention.url = shown.url if shown else None
    return sorted(items, key=lambda i: gap_order(i.intervention))


def gap_missing(analysis: GapAnalysis) -> list:
    """What the analysis does not have yet: the interventions (or the steps) published for
    its level since it began. Reading it changes nothing."""
    if analysis.pathway_id is not None:
        have = set(analysis.items.values_list("step_id", flat=True))
        return [s for s in gap_steps(analysis.pathway, analysis.care_level) if s.pk not in have]
    have = set(analysis.items.values_list("intervention_id", flat=True))
    return [
        node
        for node in gap_interventions(analysis.programme, analysis.care_level)
        if node.pk not in have
    ]


@dataclasses.dataclass
class PathwayGaps:
    """A care pathway's gap analysis as an overview shows it: its steps' answers, in order."""

    analysis: GapAnalysis
    items: list[GapItem]

    @property
    def gaps(self) -> list[GapItem]:
        return [item for item in self.items if item.is_gap]

    @property
    def done(self) -> int:
        return sum(item.offered == GapItem.Offered.YES for item in self.items)

    @property
    def in_time(self) -> int:
        return sum(item.time_goal_met == GapItem.Offered.YES for item in self.items)

    @property
    def unknown(self) -> int:
        return sum(item.offered == GapItem.Offered.UNKNOWN for item in self.items)


def pathway_gaps(plans: list[Plan]) -> list[PathwayGaps]:
    """The gap analyses of care pathways in `plans`, with every step's answers, in one
    query; by organisation, pathway and level."""
    return grouped_by_analysis(
        GapItem.objects.filter(
            analysis__plan__in=[plan.pk for plan in plans], analysis__pathway__isnull=False
        )
        .select_related(
            "analysis__plan__organisation",
            "analysis__programme",
            "analysis__pathway__setting",
            "analysis__care_level",
            "step",
        )
        .order_by("step__position", "step_id")
    )


def grouped_by_analysis(items) -> list[PathwayGaps]:
    """`items` (in the steps' order, with their analysis, its plan's organisation and its
    care level) grouped by gap analysis, by organisation, subject and level."""
    found: dict[int, PathwayGaps] = {}
    for item in items:
        if item.analysis_id not in found:
            found[item.analysis_id] = PathwayGaps(analysis=item.analysis, items=[])
        found[item.analysis_id].items.append(item)
    named([entry.analysis for entry in found.values()])
    return sorted(
        found.values(),
        key=lambda e: (
            e.analysis.plan.organisation.path,
            e.analysis.subject,
            e.analysis.care_level.path,
            e.analysis.pk,
        ),
    )


def analysis_order(analysis) -> tuple:
    """Gap analyses as a plan lists them: by programme, its own before its pathways', then
    by pathway and level."""
    return (
        analysis.programme.position,
        analysis.programme_id,
        analysis.pathway_id is not None,
        (analysis.pathway.position, analysis.pathway_id) if analysis.pathway_id else (0, 0),
        analysis.care_level.path,
    )
