"""Every organisation gets a slug made from its name (0005 makes them unique); in a
migration of its own, so that PostgreSQL alters the table after the rows are written."""

from django.db import migrations
from django.utils.text import slugify


def slugs_fill(apps, schema_editor):
    Organisation = apps.get_model("implementation", "Organisation")
    taken = set()
    for organisation in Organisation.objects.order_by("path"):
        base = slugify(organisation.name)[:70].strip("-") or "organisation"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        organisation.slug = slug
        organisation.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("implementation", "0003_pathways_and_local_additions")]

    operations = [migrations.RunPython(slugs_fill, migrations.RunPython.noop)]
