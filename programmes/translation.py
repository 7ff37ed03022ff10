from modeltranslation.translator import TranslationOptions, register

from .models import AgeGroup, CaseVignette, ContentNode, Indicator, Material, Phase, Programme


@register(AgeGroup)
class AgeGroupTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Phase)
class PhaseTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "plain_summary")


@register(ContentNode)
class ContentNodeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "body",
        "target_group",
        "priority_missing",
        "competence",
        "synopsis",
        "procedure",
    )


@register(CaseVignette)
class CaseVignetteTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "story", "questions")


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "purpose",
        "measure",
        "numerator",
        "denominator",
        "target",
        "data_sources",
        "error_sources",
    )


@register(Material)
class MaterialTranslationOptions(TranslationOptions):
    fields = ("title", "description")
