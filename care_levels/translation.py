from modeltranslation.translator import TranslationOptions, register

from .models import AgeGroup, CareLevel, Phase, Profession


@register(CareLevel)
class CareLevelTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register([Profession, AgeGroup, Phase])
class TermTranslationOptions(TranslationOptions):
    fields = ("name",)
