"""Reads written out in SQL, into model instances, for the pages read on every request
(the plan page, the regional overview).

Why not the ORM: on the regional overview the ORM spent most of the selector's time
building queries (about half a millisecond each, against a tenth for running them). The
SQL here reads the same on SQLite and PostgreSQL. Rows become model instances through
`Model.from_db`, each value passed through the converters the ORM would use (dates,
decimals, booleans, aware datetimes), so templates and exports see the usual objects; a
field not read is deferred and would cost a query, which the query-count tests see.
"""

import dataclasses
import functools
import inspect

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils.translation import get_language


@functools.cache
def table(model: type[Model]) -> str:
    """The model's table, quoted for the database in use (one database per process)."""
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


def converters(field, alias: str) -> list:
    """The ORM's converters of a field's values from the database in use, in the order
    the compiler applies them: the backend's, then the field's own."""
    col = field.get_col(alias)
    return [
        (convert, col)
        for convert in connection.ops.get_db_converters(col) + field.get_db_converters(connection)
    ]


def like_prefix(text: str) -> str:
    """A `LIKE %s ESCAPE '\\'` pattern for what starts with `text` (the ORM's startswith)."""
    return connection.ops.prep_for_like_query(text) + "%"


def placeholders(values) -> str:
    """As many `%s` as `values`, for `IN (…)`."""
    return ", ".join(["%s"] * len(values))


@dataclasses.dataclass(frozen=True)
class Part:
    """One model's columns in a select, under a table alias: `columns` goes into the
    SELECT list, `build` turns the slice of a row they come back as into an instance."""

    model: type[Model]
    alias: str
    fields: tuple

    @functools.cached_property
    def columns(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(field.column)}" for field in self.fields)

    @functools.cached_property
    def names(self) -> list[str]:
        return [field.attname for field in self.fields]

    @functools.cached_property
    def converters(self) -> list[tuple[int, list]]:
        """Per field that needs them, the ORM's converters of the database in use (the
        backend's, then the field's), as the compiler gathers them. Kept with the part:
        they depend on the backend and the field, not on the connection of the thread."""
        found = []
        for index, field in enumerate(self.fields):
            chain = converters(field, self.alias)
            if chain:
                found.append((index, chain))
        return found

    @functools.cached_property
    def pk_index(self) -> int:
        return next(i for i, field in enumerate(self.fields) if field.primary_key)

    def build(self, values: list) -> Model | None:
        """The instance of these values; None for the empty side of a LEFT JOIN."""
        if values[self.pk_index] is None:
            return None
        for index, chain in self.converters:
            value = values[index]
            for convert, col in chain:
                value = convert(value, col, connection)
            values[index] = value
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, values)


@functools.cache
def part(model: type[Model], alias: str, only: tuple[str, ...] | None = None) -> Part:
    """The columns of `model` (every concrete one, as the ORM reads it, or those named in
    `only` and the primary key) under `alias`, in the model's order (`from_db` takes
    them so). Made once per process."""
    fields = list(model._meta.concrete_fields)
    if only is not None:
        fields = [field for field in fields if field.primary_key or field.attname in only]
    return Part(model, alias, tuple(fields))


def read(sql: str, params: list, *parts: Part) -> list[tuple]:
    """Run `sql`, whose SELECT list is the `parts`' columns in order (`columns`), and
    give each row as a tuple of instances, one per part."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    for row in rows:
        start, instances = 0, []
        for p in parts:
            end = start + len(p.fields)
            instances.append(p.build(list(row[start:end])))
            start = end
        found.append(tuple(instances))
    return found


def fetch(sql: str, params) -> list[tuple]:
    """Run `sql` and give its rows as they come (plain columns: ids, text, numbers)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _plainly_built(model, attnames: list[str]) -> bool:
    """Whether `Model.from_db` of `model` with the fields `attnames` does nothing but
    what `_bare` does: the model keeps Django's `from_db` and `__init__` (or
    modeltranslation's, which only adds keys to keyword arguments), nothing listens to
    its `pre_init`, and to its `post_init` only modeltranslation's `delete_mt_init`
    (which takes away the mark its `__init__` put on), and no field named is set through
    a descriptor that does more than store its value (a foreign key's `_id` forgets a
    cached object, and a new instance has none)."""
    if model.from_db.__func__ is not Model.from_db.__func__:
        return False
    init = model.__init__
    if init is not Model.__init__ and init.__qualname__ != "patch_constructor.<locals>.new_init":
        return False
    pre, post = pre_init._live_receivers(model), post_init._live_receivers(model)
    if any(pre) or any(r.__name__ != "delete_mt_init" for found in post for r in found):
        return False
    for name in attnames:
        setter = getattr(type(inspect.getattr_static(model, name, None)), "__set__", None)
        if setter is not None and setter is not ForeignKeyDeferredAttribute.__set__:
            return False
    return True


def _bare(model, attnames: list[str], values: list):
    """What `model.from_db(DEFAULT_DB_ALIAS, attnames, values)` gives, for a model
    `_plainly_built`: the values set (the fields not named deferred), read from the
    database. A tenth of the time: no signals, no walk through every field."""
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding, state.db = False, DEFAULT_DB_ALIAS
    new.__dict__.update(zip(attnames, values, strict=True))
    return new


@functools.cache
def _layout(model, names: tuple[str, ...]) -> tuple[list[str], list[tuple], bool]:
    """For values of the fields `names` (attnames, in any order; a name read twice counts
    once): the attnames in the model's order, as `Model.from_db` takes them, for each
    where its value is and its converters, and whether the model is `_plainly_built`
    with them. Worked out once a process: one database (as `table` and `Part`; asking
    the connection its vendor on every instance was a tenth of the instance's time), and
    receivers of `pre_init` and `post_init` connect when the apps load."""
    concrete = model._meta.concrete_fields
    position = {field.attname: index for index, field in enumerate(concrete)}
    found = {position[name]: index for index, name in enumerate(names)}
    attnames, picks = [], []
    for at in sorted(found):
        attnames.append(concrete[at].attname)
        picks.append((found[at], converters(concrete[at], model._meta.db_table)))
    return attnames, picks, _plainly_built(model, attnames)


def instance(model, names: list[str], row):
    """A model instance from the values in `row` of the fields `names` (attnames, in any
    order; what `read` does for columns in the model's order); the model's other fields
    are deferred."""
    attnames, picks, plain = _layout(model, tuple(names))
    ordered = []
    for index, chain in picks:
        value = row[index]
        for convert, col in chain:
            value = convert(value, col, connection)
        ordered.append(value)
    if plain:
        return _bare(model, attnames, ordered)
    return model.from_db(DEFAULT_DB_ALIAS, attnames, ordered)
