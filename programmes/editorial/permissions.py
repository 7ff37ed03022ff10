"""The Redaktör group: exactly the rights an editor needs, kept in step on every migrate.

Editors write and publish content, correct the notes of published versions and read
accessibility reports. They never see users, groups or implementation plans.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes

EDITOR_GROUP = "Redaktör"

#: app label → models an editor may add, change, delete and view.
EDITED = {
    "programmes": [
        "programme",
        "contentnode",
        "casevignette",
        "indicator",
        "material",
        "programmelevel",
        "pathway",
        "pathwaystep",
        "guideline",
    ],
    "care_levels": ["carelevel", "profession", "agegroup", "phase"],
    # Programme work: the organisations that can be invited to consultation rounds.
    "consultation": ["organisation"],
    # Search: the synonyms a query is widened with.
    "search": ["synonym"],
}
#: Further single rights, as "app_label.codename".
EXTRA = [
    "programmes.publish_programme",
    "editorial.view_version",
    "programmes.view_accessibilityreport",
    "programmes.change_accessibilityreport",
    # The published versions: read, and their notes' wording corrected (admin/release_list.py).
    "programmes.view_programmerelease",
    "programmes.change_programmerelease",
]

#: The apps whose rights these are.
APPS = sorted({*EDITED, *(name.split(".", 1)[0] for name in EXTRA)})


def editor_codenames() -> set[tuple[str, str]]:
    wanted = {
        (app, f"{action}_{model}")
        for app, models in EDITED.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    }
    return wanted | {tuple(name.split(".", 1)) for name in EXTRA}


def editor_group_sync(*, apps=global_apps, verbosity=0, using="default"):
    """Create the Redaktör group, or set its rights back to exactly the editor's."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in APPS:
        config = global_apps.get_app_config(label)
        create_contenttypes(config, verbosity=verbosity, using=using, apps=apps)
        create_permissions(config, verbosity=verbosity, using=using, apps=apps)
    wanted = editor_codenames()
    permissions = [
        permission
        for permission in Permission.objects.using(using)
        .filter(content_type__app_label__in=APPS)
        .select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    group, _created = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    group.permissions.set(permissions)
    return group


def editor_group_on_migrate(
    sender, app_config=None, verbosity=1, using="default", apps=global_apps, **kwargs
):
    if sender.label != "editorial":
        return
    editor_group_sync(apps=apps, verbosity=verbosity, using=using)
