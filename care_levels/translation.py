from modeltranslation.translator import TranslationOptions, register

from .models import CareLevel, Profession, ProgrammeLevel


@register(CareLevel)
class CareLevelTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Profession)
class ProfessionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ProgrammeLevel)
class ProgrammeLevelTranslationOptions(TranslationOptions):
    fields = ("responsibility", "refer_when", "coordination")
