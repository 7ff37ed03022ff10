from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import CareLevel, Profession, ProgrammeLevel


@admin.register(CareLevel)
class CareLevelAdmin(TreeAdmin, TranslationAdmin):
    form = movenodeform_factory(CareLevel)
    list_display = ["name", "principal", "step"]


@admin.register(Profession)
class ProfessionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]


@admin.register(ProgrammeLevel)
class ProgrammeLevelAdmin(TranslationAdmin):
    list_display = ["programme", "care_level"]
    list_filter = ["programme", "care_level"]
    filter_horizontal = ["refer_to"]
