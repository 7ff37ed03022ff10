from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    """How a programme is made: its working group and their meetings, the programme's
    status from draft to established, consultation rounds on frozen versions of the
    draft with the invited organisations' comments and the group's answers, the
    practical test, the dissemination plan and the self-evaluation.

    Part of the editorial room (it freezes drafts and links answers to recorded
    changes); the content core knows nothing of it."""

    name = "programmes.editorial.consultation"
    label = "consultation"
    verbose_name = _("Programme work")
