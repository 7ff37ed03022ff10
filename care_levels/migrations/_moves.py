"""For migrations that move a model from one app to another (not a migration itself)."""


def content_types_moved(old_app: str, new_app: str, models: list[str]):
    """A RunPython function pointing the content types of moved models at their new app.

    The rows keep their ids, so the rights, drafts and history that refer to them follow.
    A model whose new content type exists already is left alone.
    """

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        taken = set(types.filter(app_label=new_app).values_list("model", flat=True))
        types.filter(app_label=old_app, model__in=[m for m in models if m not in taken]).update(
            app_label=new_app
        )

    return move
