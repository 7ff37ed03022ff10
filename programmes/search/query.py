"""Finding the right page in the search index.

The words of a query are widened the same way on both databases before they reach it: a
compound is split into words the index knows ("depressionsbehandling" -> depression,
behandling), a long word also matches as a prefix ("självskada" -> självskad*), and a word
the index does not know is joined by its closest known spellings ("shizofreni" ->
schizofreni). PostgreSQL then searches the weighted vectors with `websearch` syntax and
trigram similarity for misspellings; SQLite the FTS5 tables, ranked by bm25.
"""

import bisect
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from programmes.models import Audience
from programmes.page_cache import content_changed_at, shared_cache_in_process

from .models import CONFIGS, SearchDocument, Synonym
from .ranking import WORD, Matches, Ranking, rank

MAX_QUERY_LENGTH = 200
#: Between alternatives, as in PostgreSQL's websearch syntax; Swedish visitors write eller.
OR_WORDS = ("or", "eller")
#: Swedish endings dropped to make a prefix of a long word: självskada -> självskad*.
SV_ENDINGS = ("ande", "arna", "erna", "orna", "are", "ar", "er", "or", "en", "et", "na", "a", "e")
EN_ENDINGS = ("ing", "es", "ed", "s")
#: The Snowball stemmer of each language (the one PostgreSQL's configurations use).
STEMMERS = {"sv": "swedish", "en": "english"}


@dataclass
class Term:
    text: str
    negated: bool = False
    phrase: bool = False
    alternatives: list[str] = field(default_factory=list)  # other words that also match
    prefix: str = ""  # matches words starting with this
    parts: list[str] = field(default_factory=list)  # a compound's known words, all needed
    #: For each of the compound's parts, its synonyms (any of them instead of the part).
    part_synonyms: list[list[str]] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)  # editors' synonyms, maybe phrases
    corrected: str = ""  # the closest known spelling, when the word is unknown
    known: bool = True  # the index has the word as it was typed


def clean_query(raw: str) -> str:
    """The query as searched: printable, single-spaced, at most MAX_QUERY_LENGTH long."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parse(query: str) -> list[list[Term]]:
    """`websearch` syntax: quoted phrases, -word, `or` between groups of words."""
    groups, current = [], []
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', query):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.lower() in OR_WORDS:
            if current:
                groups.append(current)
            current = []
            continue
        if phrase is not None:
            words = WORD.findall(phrase.lower())
            if words:
                current.append(Term(" ".join(words), negated=bool(negated), phrase=True))
            continue
        negated = word.startswith("-")
        for piece in WORD.findall(word.lower()):
            current.append(Term(piece, negated=negated))
    if current:
        groups.append(current)
    return groups


class Vocabulary:
    """Every word of the index in one language, sorted, for look-ups by word and prefix;
    the words by their Snowball stem; and the editors' synonyms (`Synonym`)."""

    def __init__(self, words, language: str = "sv", synonyms=()):
        self.sorted = sorted(words)
        self.known = frozenset(self.sorted)
        self.stemmer = snowballstemmer.stemmer(STEMMERS.get(language, "swedish"))
        self.by_stem = defaultdict(list)
        for word, stem in zip(self.sorted, self.stemmer.stemWords(self.sorted), strict=True):
            self.by_stem[stem].append(word)
        self.stems = sorted(self.by_stem)
        self.synonyms = defaultdict(list)
        for term, means, one_way in synonyms:
            # As a query's words are read: no quotes or operators reach the database.
            term, means = (" ".join(WORD.findall(text.lower())) for text in (term, means))
            if not term or not means:
                continue
            self.synonyms[term].append(means)
            if not one_way:
                self.synonyms[means].append(term)

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word)

    def same_stem(self, word: str) -> list[str]:
        """Known words with the stem of `word` (vuxna, vuxnas), or with that stem and one
        more letter (Snowball leaves vuxen as vux, vuxna as vuxn)."""
        stem = self.stem(word)
        found = [w for w in self.by_stem.get(stem, ()) if w != word]
        if len(stem) < 3:
            return found[:8]
        at = bisect.bisect_left(self.stems, stem)
        while at < len(self.stems) and self.stems[at].startswith(stem):
            if len(self.stems[at]) == len(stem) + 1:
                found += [w for w in self.by_stem[self.stems[at]] if w != word]
            at += 1
        return found[:8]

    def __contains__(self, word: str) -> bool:
        return word in self.known

    def has_prefix(self, prefix: str) -> bool:
        at = bisect.bisect_left(self.sorted, prefix)
        return at < len(self.sorted) and self.sorted[at].startswith(prefix)

    def near(self, word: str) -> list[str]:
        """Known words of about the same length that start with the same letter."""
        start = bisect.bisect_left(self.sorted, word[:1])
        end = bisect.bisect_left(self.sorted, word[:1] + "\uffff")
        return [w for w in self.sorted[start:end] if abs(len(w) - len(word)) <= 2]


#: The latest vocabulary of each language this process read, by its cache key.
_vocabularies: dict[str, tuple[str, "Vocabulary"]] = {}


def vocabulary(language: str) -> Vocabulary:
    """The index's words and the synonyms in `language`, read (in one query) once per change
    of content; saving a synonym is a change of content (`apps.py`). Kept in the process as
    well as a shared cache (Redis): unpickling it for every search costs as much as the
    search. (A cache in the process already, as in development and tests, is read as is.)"""
    key = f"search-vocabulary:{language}:{content_changed_at().isoformat()}"
    near = not shared_cache_in_process()
    remembered = _vocabularies.get(language) if near else None
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    words = cache.get(key)
    if words is None:
        found, synonyms = set(), []
        documents = (
            SearchDocument.objects.filter(language=language)
            .annotate(synonym=Value(0, output_field=IntegerField()))
            .values_list("title", "summary", "body", "synonym")
        )
        editors = (
            Synonym.objects.filter(language=language)
            .order_by()
            .annotate(
                empty=Value(""),
                synonym=Case(
                    When(one_way=True, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
            )
            .values_list("term", "means", "empty", "synonym")
        )
        for title, summary, body, synonym in documents.union(editors, all=True):
            if synonym:
                synonyms.append((title, summary, synonym == 2))
                continue
            text = f"{title} {summary} {body}".lower()
            found.update(w for w in WORD.findall(text) if len(w) > 2)
        words = Vocabulary(found, language, synonyms)
        cache.set(key, words, 60 * 60)
    if near:
        _vocabularies[language] = (key, words)
    return words


def widen(groups: list[list[Term]], language: str) -> None:
    """Give each searched word its synonyms, inflections (by Snowball stem), compound
    parts, prefix and closest spellings."""
    words = vocabulary(language)
    endings = SV_ENDINGS if language == "sv" else EN_ENDINGS
    for group in groups:
        _synonyms_add(group, words)
        for term in group:
            if term.phrase or term.negated:
                continue
            word = term.text
            if len(word) >= 6:
                for ending in endings:
                    if word.endswith(ending) and len(word) - len(ending) >= 5:
                        term.prefix = word[: -len(ending)]
                        break
                else:
                    term.prefix = word
            inflected = words.same_stem(word)
            if word in words:
                term.alternatives = inflected
                if len(word) >= 9 and not term.synonyms:
                    # A known compound also finds its parts: anhörigstöd -> anhörig + stöd.
                    _parts_add(term, word, words)
                continue
            term.known = False
            restored = [w for w in _with_swedish_letters(word) if w in words]
            if restored:
                term.alternatives, term.corrected = restored, restored[0]
                continue
            if inflected:
                term.alternatives = inflected
                continue
            if term.synonyms:
                continue
            if _parts_add(term, word, words):
                continue
            if term.prefix and words.has_prefix(term.prefix):
                continue
            close = difflib.get_close_matches(word, words.near(word), n=3, cutoff=0.7)
            term.alternatives = close
            if close:
                term.corrected = close[0]


def _synonyms_add(group: list[Term], words: Vocabulary) -> None:
    """The editors' synonyms of each word, and of each phrase of words typed in a row (each
    of those words then also matches as the synonym: "kognitiv beteendeterapi" -> KBT)."""
    plain = [t for t in group if not t.phrase and not t.negated]
    for size in (3, 2, 1):
        for at in range(len(plain) - size + 1):
            run = plain[at : at + size]
            for synonym in words.synonyms.get(" ".join(t.text for t in run), ()):
                for term in run:
                    if synonym not in term.synonyms:
                        term.synonyms.append(synonym)


def _parts_add(term: Term, word: str, words: Vocabulary) -> bool:
    """Split `word` into known parts (with their synonyms); a misspelt first part is
    corrected (depresionsbehandling -> depression + behandling)."""
    parts = _compound_parts(word, words)
    if not parts:
        return False
    term.parts = parts
    if not word.startswith(parts[0]):
        tail = parts[1]
        linked = "s" if word[: -len(tail)].endswith("s") else ""
        term.corrected = parts[0] + linked + tail
    term.part_synonyms = [words.synonyms.get(part, [])[:4] for part in parts]
    return True


def _with_swedish_letters(word: str) -> list[str]:
    """Spellings of `word` with å, ä or ö where a or o was typed: angest -> ångest."""
    options = {"a": "åä", "o": "ö"}
    found = []
    for i in [i for i, ch in enumerate(word) if ch in options][:4]:
        for letter in options[word[i]]:
            found.append(word[:i] + letter + word[i + 1 :])
    return found


def _compound_parts(word: str, words: Vocabulary) -> list[str]:
    """Split an unknown compound in two: a known word or stem, then a known word or prefix
    (with or without a linking s): depressionsbehandling -> depression, behandling. Failing
    that, a known second word after a first one misspelt by a letter."""
    for cut in range(len(word) - 3, 3, -1):
        head, tail = word[:cut], word[cut:]
        if head.endswith("s") and len(head) > 5 and head[:-1] in words:
            head = head[:-1]
        known_head = head in words or (len(head) >= 5 and words.has_prefix(head))
        if known_head and len(tail) >= 3 and (tail in words or words.has_prefix(tail)):
            return [head, tail]
    for cut in range(len(word) - 5, 4, -1):
        head, tail = word[:cut], word[cut:]
        if tail not in words:
            continue
        if head.endswith("s") and len(head) > 6:
            head = head[:-1]
        close = difflib.get_close_matches(head, words.near(head), n=1, cutoff=0.85)
        if close:
            return [close[0], tail]
    return []


@dataclass(frozen=True)
class Syntax:
    """How a query language writes a word, a prefix, AND and OR."""

    quote_char: str
    prefix: str
    and_: str
    or_: str

    def quote(self, text: str) -> str:
        return self.quote_char + text.replace(self.quote_char, "") + self.quote_char


FTS5 = Syntax('"', "*", " AND ", " OR ")
TSQUERY = Syntax("'", ":*", " & ", " | ")


def _widened_term(term: Term, syntax: Syntax) -> str:
    """A word or any of its widenings (prefix, compound parts, closest spellings)."""
    options = [syntax.quote(term.text)]
    if term.prefix:
        options.append(syntax.quote(term.prefix) + syntax.prefix)
    if term.parts:
        head, tail = (
            "("
            + syntax.or_.join(
                [syntax.quote(part) + syntax.prefix, *(syntax.quote(s) for s in synonyms)]
            )
            + ")"
            for part, synonyms in zip(term.parts, term.part_synonyms or [[], []], strict=True)
        )
        options.append(f"({head}{syntax.and_}{tail})")
    options.extend(syntax.quote(word) for word in term.alternatives)
    for synonym in term.synonyms:
        # A one-word synonym also as a prefix: läkemedel finds Läkemedelsbehandling.
        quoted = syntax.quote(synonym)
        options.append(quoted + syntax.prefix if " " not in synonym else quoted)
    return "(" + syntax.or_.join(options) + ")"


def _fts5_term(term: Term) -> str:
    return FTS5.quote(term.text) if term.phrase else _widened_term(term, FTS5)


def fts5_query(groups: list[list[Term]]) -> str:
    clauses = []
    for group in groups:
        positive = [_fts5_term(t) for t in group if not t.negated]
        if not positive:
            continue
        clause = " AND ".join(positive)
        for term in (t for t in group if t.negated):
            clause = f"({clause}) NOT {_fts5_term(Term(term.text, phrase=term.phrase))}"
        clauses.append(f"({clause})")
    return " OR ".join(clauses)


def _widened(term: Term) -> bool:
    """Whether PostgreSQL needs more than the word: the configuration's stemmer covers a
    known word's inflections, not its synonyms or a compound's parts."""
    return not term.known or bool(term.synonyms or term.parts or term.alternatives)


def _tsquery_term(term: Term) -> str:
    return _widened_term(term, TSQUERY) if _widened(term) else TSQUERY.quote(term.text)


def widened_tsquery(groups: list[list[Term]]) -> str:
    """The groups that hold a word the index does not know, with that word widened;
    what `websearch` finds for known words alone is not asked again."""
    clauses = []
    for group in groups:
        terms = [t for t in group if not t.negated and not t.phrase]
        if terms and any(_widened(t) for t in terms):
            clauses.append("(" + " & ".join(_tsquery_term(t) for t in terms) + ")")
    return " | ".join(clauses)


def negated_words(groups) -> list[str]:
    return [t.text for group in groups for t in group if t.negated]


def ranked_ids(query: str, groups, language: str, documents) -> tuple[Ranking, dict]:
    """The ids of the matches in `documents`, best first (at most MAX_RANKED), and their
    counts per facet value (`ranking.rank`).

    The database ranks; then, among its first hundred, a title that is exactly the words
    searched comes first, then titles holding all of them, then titles holding some (the
    rarer words the better); and for the same title a setting's shorter version after the
    national text it shortens.
    """
    if connection.vendor == "postgresql":
        matches = _matches_postgres(query, groups, language, documents)
    else:
        matches = _matches_sqlite(groups, language, documents)
    wanted = [t for t in groups[0] if not t.negated] if len(groups) == 1 else []
    try:
        return rank(matches, wanted)
    except EmptyResultSet:  # a filter nothing passes (no levels): no SQL to ask
        return rank(None, wanted)


def _matches_sqlite(groups, language, documents) -> Matches | None:
    """The FTS5 table joined to the visible documents, ranked by bm25 (ties by id)."""
    match = fts5_query(groups)
    if not match:
        return None
    table = f"search_fts_{language}"

    def select(columns) -> tuple[str, tuple]:
        visible, params = documents.values_list(*columns).query.sql_with_params()
        # CROSS JOIN: SQLite then always reads the FTS5 table's matches first, never a
        # filter's index (which would ask the FTS5 table once per document).
        sql = (
            f"SELECT d.*, bm25({table}, 10.0, 4.0, 1.0) AS score "
            f"FROM {table} CROSS JOIN ({visible}) d ON d.id = {table}.rowid "
            f"WHERE {table} MATCH %s"
        )
        return sql, (*params, match)

    return Matches(select, order="score, id")


def _matches_postgres(query, groups, language, documents) -> Matches:
    from django.contrib.postgres.search import TrigramSimilarity

    config = CONFIGS[language]
    query = re.sub(r"(?i)(?<=\s)eller(?=\s)", "or", query)
    websearch = SearchQuery(query, search_type="websearch", config=config)
    widened = widened_tsquery(groups)
    if widened:
        websearch = websearch | SearchQuery(widened, search_type="raw", config=config)
    positive = " ".join(t.text for g in groups for t in g if not t.negated)
    condition = Q(search_vector=websearch)
    if any(not t.known for g in groups for t in g if not t.negated):
        # A word the index does not know: a title that looks like the query matches too.
        # Both conditions use an index (GIN on the vector, GIN trigrams on the title; %> is
        # word similarity over pg_trgm's threshold, 0.6), so only matches are scored.
        condition |= Q(title__trigram_word_similar=positive)
    matches = documents.filter(condition)
    for word in negated_words(groups):
        matches = matches.exclude(search_vector=SearchQuery(word, config=config))

    # Full-text rank first; a title close to the words typed (misspelt, or the whole
    # title) lifts a page.
    scored = matches.order_by().annotate(
        title_similarity=TrigramSimilarity("title", positive),
        rank=SearchRank(F("search_vector"), websearch, weights=[0.1, 0.2, 0.4, 1.0]),
    )
    scored = scored.annotate(score=F("rank") + F("title_similarity") * 0.5)

    def select(columns) -> tuple[str, tuple]:
        return scored.values_list(*columns, "score").query.sql_with_params()

    return Matches(select, order="score DESC, id")


# Searching


@dataclass
class Results:
    query: str = ""
    hits: list = field(default_factory=list)  # the page's documents, with `excerpt`
    total: int = 0
    facets: dict = field(default_factory=dict)  # filter name -> {value: count}
    suggestion: str = ""  # "did you mean", a query
    corrected: bool = False  # some words were searched by their closest spelling


def in_view(place) -> Q:
    """The documents a visitor sees: national content, and in the local view of `place`
    (a `programmes.local.Place`) the local text of the organisations it shows."""
    national = Q(locality__isnull=True)
    if place is None:
        return national
    for source in place.sources:
        national |= Q(locality__startswith=source)
    return national


def search(query: str, *, language: str, filters: dict, place=None) -> tuple[Results, Ranking]:
    """Search the index; returns the results (without the page's hits) and the ranked ids
    (a `Ranking`: slice it for a page). Local text is found only in the local view of a
    `place` that shows it."""
    results = Results(query=query)
    groups = parse(query)
    if not any(not t.negated for g in groups for t in g):
        return results, []
    widen(groups, language)
    documents = SearchDocument.objects.filter(in_view(place), language=language)
    if filters.get("programme"):
        documents = documents.filter(programme=filters["programme"])
    if filters.get("kind"):
        documents = documents.filter(kind=filters["kind"])
    if filters.get("audience"):
        documents = documents.filter(audience__in=[filters["audience"], Audience.BOTH])
    if filters.get("levels") is not None:
        scope = Q(pk__in=[])
        for level_id in filters["levels"]:
            scope |= Q(levels__contains=f"|{level_id}|")
        documents = documents.filter(scope)
    if filters.get("profession"):
        documents = documents.filter(professions__contains=f"|{filters['profession'].pk}|")
    ids, facets = ranked_ids(query, groups, language, documents)
    results.total = len(ids)
    results.groups = groups
    corrections = {t.text: t.corrected for g in groups for t in g if t.corrected}
    if corrections:
        results.corrected = bool(ids)
        words = query.split()
        results.suggestion = " ".join(corrections.get(w.lower().strip('"-'), w) for w in words)
    results.facets = facets
    return results, ids
