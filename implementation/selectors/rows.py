"""Raw SQL reads made into model instances, for pages read on every request (the plan
page): the ORM spends longer building a query than the database spends running it.

Each value read goes through its field's converters, as the ORM does (dates, decimals and
datetimes come back as text or floats from SQLite), and becomes a model instance through
`Model.from_db`: the templates see the usual objects, translated fields fall back to
Swedish as usual, and a field not read is deferred (it would cost a query, which the
query-count tests see). SQL written here reads the same on SQLite and PostgreSQL.
"""

from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils.translation import get_language


def table(model) -> str:
    """The model's table, quoted."""
    return connection.ops.quote_name(model._meta.db_table)


def quoted(name: str) -> str:
    """A column name, quoted (`start`, `end`: words SQL keeps for itself)."""
    return connection.ops.quote_name(name)


def languages() -> tuple[str, str]:
    """The language of the request and the one translated fields fall back to: read both
    columns of a translated field (`name_en`, `name_sv`)."""
    return get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE


def translated(alias: str, name: str) -> str:
    """Both columns of a translated field, for a SELECT (see `languages`)."""
    language, fallback = languages()
    return f"{alias}.{name}_{language}, {alias}.{name}_{fallback}"


def translated_names(name: str) -> list[str]:
    """The attnames `translated` reads, in its order."""
    language, fallback = languages()
    return [f"{name}_{language}", f"{name}_{fallback}"]


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


@cache
def _layout(model, names: tuple[str, ...], vendor: str) -> tuple[list[str], list[tuple]]:
    """For values of the fields `names` (attnames, in any order; a name read twice counts
    once): the attnames in the model's order, as `Model.from_db` takes them, and for each
    where its value is and its converters (as the ORM's compiler finds them: the
    backend's, then the field's own). Worked out once a process."""
    concrete = model._meta.concrete_fields
    position = {field.attname: index for index, field in enumerate(concrete)}
    found = {position[name]: index for index, name in enumerate(names)}
    attnames, picks = [], []
    for at in sorted(found):
        col = concrete[at].get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        attnames.append(concrete[at].attname)
        picks.append((found[at], col, tuple(converters)))
    return attnames, picks


def instance(model, names: list[str], values):
    """A model instance from `values` of the fields `names` (attnames, in any order);
    the model's other fields are deferred."""
    db = connections[DEFAULT_DB_ALIAS]
    attnames, picks = _layout(model, tuple(names), db.vendor)
    ordered = []
    for index, col, converters in picks:
        value = values[index]
        for converter in converters:
            value = converter(value, col, db)
        ordered.append(value)
    return model.from_db(DEFAULT_DB_ALIAS, attnames, ordered)
