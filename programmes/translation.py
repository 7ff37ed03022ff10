from modeltranslation.translator import TranslationOptions, register

from .models import (
    CaseVignette,
    ContentNode,
    Guideline,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
    ProgrammeRelease,
)


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
        "condition",
        "recommendation_reason",
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


@register(ProgrammeLevel)
class ProgrammeLevelTranslationOptions(TranslationOptions):
    fields = ("responsibility", "refer_when", "coordination")


@register(Pathway)
class PathwayTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(PathwayStep)
class PathwayStepTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "body",
        "time_goal",
        "entry_criteria",
        "exit_criteria",
        "patient_contact",
        "patient_plan",
        "patient_next",
    )


@register(Guideline)
class GuidelineTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ProgrammeRelease)
class ProgrammeReleaseTranslationOptions(TranslationOptions):
    fields = ("note",)
