"""The demo content read with a clinician's eye: what the pages say must hang together."""

import re

import pytest

from programmes.models import ContentNode, ProgrammeLevel

pytestmark = pytest.mark.django_db

#: Words that end many intervention titles and say nothing of which one is meant.
GENERIC = {
    "behandling",
    "bedömning",
    "utredning",
    "läkemedelsbehandling",
    "självskada",
    "självskadebeteende",
    "schizofreni",
    "missbruk",
    "primärvården",
    "föräldrar",
    "suicidrisk",
    "alkoholberoende",
    "samsjuklighet",
    "akutbesök",
}


def names_of(title: str) -> set[str]:
    """What a text may call an intervention: its title without the abbreviation, the
    abbreviation (DBT, SIP), and the last word of a longer title when it is a telling
    compound ("Gemensam krisplan": "krisplan")."""
    names = set(re.findall(r"\(([A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,8})\)", title))
    plain = re.sub(r"\s*\(.*?\)", "", title).strip().lower()
    names.add(plain)
    words = plain.split()
    if len(words) > 1 and len(words[-1]) >= 8 and words[-1] not in GENERIC:
        names.add(words[-1])
    return names


def named_in(name: str, text: str) -> bool:
    if name.isupper():  # an abbreviation, whole ("DBT", not "DBT-A")
        return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text.lower()) is not None


def test_an_intervention_a_level_says_it_gives_is_listed_for_that_level():
    """A level's responsibility text ("Elevhälsan … gör en enkel krisplan") and the
    interventions the level page lists must agree: the page would otherwise leave out
    what the text promises."""
    missing = []
    responsibilities = ProgrammeLevel.objects.select_related("programme", "care_level")
    interventions = ContentNode.objects.filter(kind=ContentNode.Kind.INTERVENTION).prefetch_related(
        "care_levels"
    )
    by_programme = {}
    for node in interventions:
        by_programme.setdefault(node.programme_id, []).append(node)
    for responsibility in responsibilities:
        text = responsibility.responsibility_sv or ""
        for node in by_programme.get(responsibility.programme_id, []):
            if responsibility.care_level in node.care_levels.all():
                continue
            if any(named_in(name, text) for name in names_of(node.title_sv)):
                missing.append(
                    (responsibility.programme.slug, responsibility.care_level.slug, node.slug)
                )
    assert missing == []


def test_only_psychosis_has_a_prodromal_phase():
    """A prodromal phase belongs to psychosis: self-harm, ADHD, substance use and
    depression have none, so their content is never filed under it."""
    prodromal = ContentNode.objects.filter(phases__slug="prodromal").values_list(
        "programme__slug", flat=True
    )
    assert set(prodromal) == {"schizofreni"}
