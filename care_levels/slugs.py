"""The portal's one slug rule: lower-case letters a-z, digits and single hyphens
(`tidiga-tecken`). Addresses, content files, filters and the admin all check slugs by it;
it lives at the bottom of the house so that every room, the vocabulary too, can."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

validate_slug = RegexValidator(
    rf"\A{SLUG_PATTERN.pattern}\Z",
    _("Use lower-case letters a-z, digits and single hyphens, like tidiga-tecken."),
    code="invalid",
)
