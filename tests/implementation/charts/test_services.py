"""Saving a chart's setting, and deleting its baselines and notes, say what happened."""

import datetime
from decimal import Decimal

import pytest

from implementation.followup.models import ChartNote
from implementation.followup.services import Outcome, chart_setting_save, followup_delete
from programmes.models import Indicator

pytestmark = pytest.mark.django_db


def test_saving_the_same_setting_twice_changes_nothing_the_second_time(world):
    indicator = Indicator.objects.filter(published=True).first()
    save = {"plan": world.plan, "indicator": indicator, "chart_kind": "u"}

    assert chart_setting_save(**save, target=Decimal("5")) == Outcome.CREATED
    assert chart_setting_save(**save, target=Decimal("5.00")) == Outcome.UNCHANGED
    assert chart_setting_save(**save, target=None) == Outcome.CHANGED


def test_a_note_deleted_by_someone_else_first_is_gone_not_an_error(world):
    indicator = Indicator.objects.filter(published=True).first()
    note = ChartNote.objects.create(
        plan=world.plan, indicator=indicator, date=datetime.date(2026, 1, 1), text="x"
    )
    delete = {"model": ChartNote, "plan": world.plan, "indicator": indicator, "pk": note.pk}

    assert followup_delete(**delete) == Outcome.DELETED
    assert followup_delete(**delete) == Outcome.GONE


def test_a_note_of_another_plan_is_not_deleted(world):
    indicator = Indicator.objects.filter(published=True).first()
    note = ChartNote.objects.create(
        plan=world.south_plan, indicator=indicator, date=datetime.date(2026, 1, 1), text="x"
    )

    outcome = followup_delete(model=ChartNote, plan=world.plan, indicator=indicator, pk=note.pk)

    assert outcome == Outcome.GONE
    assert ChartNote.objects.filter(pk=note.pk).exists()
