"""Ranking the matches and counting them, with work here that does not grow with their
number: the database does that part.

`programmes.search.query` gives the matches as SQL (`Matches`): the visible documents that
match, with their score, facet fields and what re-ranking reads. The database then finds
and scores them once and answers, in one query (RANKED), with the first HEAD of them,
whose titles re-rank them here (`title_order`), and the number of the first MAX_RANKED per
facet value (GROUP BY). A later page of results reads its own ids (`Ranking`): no query
sends back every match.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db import connection

from programmes.models import Audience

from .models import SearchDocument

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
#: The most results ranked, counted and paged.
MAX_RANKED = 5000
#: The first matches, re-ranked by their titles (`title_order`).
HEAD = 100
#: What `Matches` selects, in this order (RANKED names them too).
HEAD_COLUMNS = (
    "id",
    "programme_id",
    "kind",
    "audience",
    "levels",
    "professions",
    "title",
    "place",
    "secondary",
)
#: Kinds of document ranked after the rest for the same match: a programme, section,
#: intervention or pathway before a material about the same thing.
LATER_KINDS = {SearchDocument.Kind.MATERIAL: 1}
FACETS = ("programme", "kind", "audience", "level", "profession")

#: The first HEAD matches (tagged 0, with their place) and the number of matches per
#: value of each facet field (tagged 1 to 5) among the first MAX_RANKED, in one query that
#: finds and scores the matches once: one row per value, not per match (levels and
#: professions per combination of them, split here). A CTE read more than once is
#: materialized, by SQLite since 3.35 and PostgreSQL since 12.
RANKED = """
WITH matched AS ({matches}),
ranked AS (SELECT * FROM matched ORDER BY {order} LIMIT {limit})
SELECT 0, id, programme_id, kind, audience, levels, professions, title, place, secondary,
    ROW_NUMBER() OVER (ORDER BY {order})
    FROM (SELECT * FROM ranked ORDER BY {order} LIMIT {head}) best
UNION ALL SELECT 1, NULL, programme_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*)
    FROM ranked GROUP BY programme_id
UNION ALL SELECT 2, NULL, NULL, kind, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*)
    FROM ranked GROUP BY kind
UNION ALL SELECT 3, NULL, NULL, NULL, audience, NULL, NULL, NULL, NULL, NULL, COUNT(*)
    FROM ranked GROUP BY audience
UNION ALL SELECT 4, NULL, NULL, NULL, NULL, levels, NULL, NULL, NULL, NULL, COUNT(*)
    FROM ranked GROUP BY levels
UNION ALL SELECT 5, NULL, NULL, NULL, NULL, NULL, professions, NULL, NULL, NULL, COUNT(*)
    FROM ranked GROUP BY professions
"""


class Select(Protocol):
    def __call__(self, columns: tuple[str, ...]) -> tuple[str, tuple]:
        """A SELECT (and its parameters) of `columns` and the `score` of each matching
        document, in no order and without a LIMIT."""


@dataclass(frozen=True)
class Matches:
    """The matching documents, as the database selects them (`Select`), and the ORDER BY
    that puts the best first (by `score`, ties by id)."""

    select: Select
    order: str

    def ranked(self) -> tuple[list[tuple], dict[str, Counter]]:
        """The first HEAD matches (HEAD_COLUMNS), best first, and the counts per facet value
        of the first MAX_RANKED."""
        sql, params = self.select(HEAD_COLUMNS)
        query = RANKED.format(
            matches=sql, order=self.order, limit=int(MAX_RANKED), head=min(HEAD, MAX_RANKED)
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
        head = sorted((row for row in rows if row[0] == 0), key=lambda row: row[-1])
        facets = {name: Counter() for name in FACETS}
        for tag, _id, programme, kind, audience, levels, professions, *_rest, count in rows:
            if tag == 1:
                facets["programme"][programme] += count
            elif tag == 2:
                facets["kind"][kind] += count
            elif tag == 3:
                for side in (Audience.STAFF, Audience.PUBLIC):
                    if audience in (side, Audience.BOTH):
                        facets["audience"][side] += count
            elif tag in (4, 5):
                name, value = ("level", levels) if tag == 4 else ("profession", professions)
                for pk in (value or "").strip("|").split("|"):
                    if pk:
                        facets[name][int(pk)] += count
        return [row[1:-1] for row in head], facets

    def ids(self, *, limit: int, offset: int) -> list[int]:
        sql, params = self.select(("id",))
        query = f"SELECT id FROM ({sql}) m ORDER BY {self.order} LIMIT {int(limit)}"
        query += f" OFFSET {int(offset)}"
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return [row[0] for row in cursor.fetchall()]


class Ranking(Sequence):
    """The ids of the matches, best first: the re-ranked head held, the rest read from the
    database only for the slice asked for (a page of results)."""

    def __init__(self, head: list[int], total: int, matches: Matches | None = None):
        self.head, self.total, self.matches = head, total, matches

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            if step != 1:
                return list(self)[index]
            ids = self.head[start:stop]
            if stop > len(self.head) and stop > start:
                first = max(start, len(self.head))
                ids += self.matches.ids(limit=stop - first, offset=first)
            return ids
        at = index + self.total if index < 0 else index
        if not 0 <= at < self.total:
            raise IndexError(index)
        return self[at : at + 1][0]

    def __iter__(self):
        return iter(self[0 : self.total])

    def __repr__(self) -> str:
        return f"<Ranking of {self.total}: {self.head[:10]}…>"


def rank(matches: Matches | None, wanted: list) -> tuple[Ranking, dict[str, Counter]]:
    """The ranked ids of `matches` (at most MAX_RANKED) and their counts per facet value, in
    one query. `wanted`: the words searched, when the query is one group of them."""
    head, facets = matches.ranked() if matches is not None else ([], {})
    if not head:
        return Ranking([], 0), {name: Counter() for name in FACETS}
    if wanted:
        head = title_order(head, wanted)
    total = sum(facets["kind"].values())
    return Ranking([row[0] for row in head], total, matches), facets


def title_order(head: list[tuple], wanted: list) -> list[tuple]:
    """The head rows (HEAD_COLUMNS) re-ranked: a title that is exactly the words searched
    comes first, then titles holding all of them, then titles holding some (the rarer words
    the better); and for the same title a setting's shorter version after the national text
    it shortens."""
    exact = " ".join(t.text for t in wanted)
    # What a title must hold: each word as itself, its prefix, its closest spelling or a
    # synonym; a compound as each of its parts (or their synonyms).
    stems = []
    for term in wanted:
        if term.parts:
            stems += [
                [part, *synonyms]
                for part, synonyms in zip(term.parts, term.part_synonyms or [[], []], strict=True)
            ]
        else:
            stems.append([term.prefix or term.text, *term.alternatives, *term.synonyms])
    # Titles and places as their words, one space apart.
    title_of = {row[0]: " ".join(WORD.findall(row[6].lower())) for row in head}
    place_of = {row[0]: " ".join(WORD.findall(row[7].lower())) for row in head}
    # A word is held when a word of the text starts with it; a phrase, when the text does.
    patterns = [
        re.compile(
            "|".join(
                "^" + re.escape(stem) if " " in stem else "(?:^| )" + re.escape(stem)
                for stem in forms
            )
        )
        for forms in stems
    ]

    def holds(text: str, pattern) -> bool:
        return bool(text) and pattern.search(text) is not None

    held_of = {pk: [holds(title, p) for p in patterns] for pk, title in title_of.items()}
    # A word few of these titles hold says more than one most of them hold.
    weights = [1 / (1 + sum(held[i] for held in held_of.values())) for i in range(len(stems))]

    def title_score(row):
        pk, kind, place, secondary = row[0], row[2], row[7], row[8]
        title, held = title_of[pk], held_of[pk]
        if title == exact:
            score = 0.0
        elif all(held):
            score = 1.0
        elif any(held) and all(
            h or holds(place_of[pk], p) for h, p in zip(held, patterns, strict=True)
        ):
            # The title holds some words and where it sits the rest ("KBT vid depression"
            # in the depression programme's "Behandling och stöd" for depressionsbehandling).
            missing = sum(w for w, h in zip(weights, held, strict=True) if not h)
            score = 1.5 + 0.4 * missing / sum(weights)
        elif any(held):
            missing = sum(w for w, h in zip(weights, held, strict=True) if not h)
            score = 2.0 + missing / sum(weights)
        else:
            score = 3.0
        # For the same match a material after the rest, and a setting's shorter version of
        # national text after the national text.
        # Within the same match, a page of a programme named by the words comes first.
        programme = " ".join(WORD.findall(place.split("›")[0].lower()))
        if not programme and kind == SearchDocument.Kind.PROGRAMME:
            programme = title
        elsewhere = not any(holds(programme, p) for p in patterns)
        return score, elsewhere, LATER_KINDS.get(kind, 0), bool(secondary)

    return sorted(head, key=title_score)
