"""The two full-text engines behind one interface.

PostgreSQL: a weighted tsvector per document (title A, description and keywords B, body C)
with a GIN index, ``ts_rank`` for ranking and ``ts_headline`` for snippets. SQLite: an FTS5
table with the porter tokenizer, ``bm25`` with the same column weights and ``snippet()`` for
snippets. Both receive the same cleaned terms (see ``search.text.query_terms``), every term
required, and both report for each match:

* ``title_hit``: every term is in its title;
* ``exact``: how many of the terms it has as exact words, not just by their stem (a second,
  unstemmed index: the ``words`` vector with the 'simple' configuration, an FTS5 table with
  the plain unicode61 tokenizer): the English stemmers make "governance" and "government"
  one word, people do not;
* ``substantive``: every term is in its title, description or keywords, not only in the body
  (a role whose required skills or summary name the words, not one whose descriptors mention
  them once), judged as the match is: by exact words when the document has every term exactly
  (so a summary that says "government" does not make a role about "governance"), by stems
  otherwise ("governing" finds the roles about governance).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from .models import SearchDocument
from .text import START, STOP

FTS_TABLE = "search_fts"
TITLE_TABLE = "search_fts_title"
WORDS_TABLE = "search_fts_words"  # unstemmed: for exact-word matches
SNIPPET_WORDS = 30


class Match(NamedTuple):
    pk: int
    kind: str
    title_hit: bool
    rank: float
    exact: int = 0  # how many of the terms the document has as exact words
    substantive: bool = False  # every term in its title, description or keywords (see above)


def _match(row: tuple, terms: int) -> Match:
    """A match from (pk, kind, title hit, rank, exact, about exactly, about by stems)."""
    pk, kind, title_hit, rank, exact, about_exact, about_stem = row
    return Match(pk, kind, bool(title_hit), rank, exact, bool(about_exact if exact == terms else about_stem))


class PostgresBackend:
    config = "english"
    exact_config = "simple"  # lower-cased words, no stemming, no stopwords

    def _query(self, terms: Sequence[str]) -> SearchQuery:
        return SearchQuery(" ".join(terms), config=self.config, search_type="plain")

    def _exact(self, words: str) -> SearchQuery:
        return SearchQuery(words, config=self.exact_config, search_type="plain")

    def index(self, ids: Iterable[int]) -> None:
        vector = (
            SearchVector("title", weight="A", config=self.config)
            + SearchVector("description", weight="B", config=self.config)
            + SearchVector("keywords", weight="B", config=self.config)
            + SearchVector("body", weight="C", config=self.config)
        )
        SearchDocument.objects.filter(pk__in=list(ids)).update(
            vector=vector,
            words=self._distinct(self.exact_config, "title", "description", "keywords", "body"),
            about_words=self._distinct(self.exact_config, "title", "description", "keywords"),
            about_vector=self._distinct(self.config, "title", "description", "keywords"),
        )

    def _distinct(self, config: str, *fields: str) -> Func:
        """The fields' distinct lexemes: strip() drops the positions, which makes a vector a
        third of the size; only "has it these words" is asked of these, never a rank."""
        return Func(SearchVector(*fields, config=config), function="strip", output_field=SearchVectorField())

    def remove(self, ids: Iterable[int] | None) -> None:
        """Nothing to do: the vector lives on the document row itself."""

    def matches(self, terms: Sequence[str], kinds: Sequence[str] = ()) -> list[Match]:
        query = self._query(terms)
        documents = SearchDocument.objects.filter(vector=query)
        if kinds:
            documents = documents.filter(kind__in=kinds)
        ranked = documents.annotate(
            # F(): rank the stored vector; a bare name would be re-parsed as text per row.
            rank=SearchRank(F("vector"), query),
            title_vector=SearchVector("title", config=self.config),
            title_hit=Case(When(title_vector=query, then=Value(True)), default=Value(False)),
            # Read only for the matches; ``words`` has no positions, so it is small to read.
            exact=sum(
                (Case(When(words=self._exact(term), then=Value(1)), default=Value(0)) for term in terms),
                start=Value(0, output_field=IntegerField()),
            ),
            about_exact=Case(When(about_words=self._exact(" ".join(terms)), then=Value(True)), default=Value(False)),
            about_stem=Case(When(about_vector=query, then=Value(True)), default=Value(False)),
        )
        rows = ranked.values_list("pk", "kind", "title_hit", "rank", "exact", "about_exact", "about_stem")
        return [_match(row, len(terms)) for row in rows]

    def object_ids(self, terms: Sequence[str], kind: str):
        """A subquery of the ids of the objects of one kind that match: for ``pk__in``."""
        return SearchDocument.objects.filter(kind=kind, vector=self._query(terms)).values("object_id")

    def any_match(self, terms: Sequence[str], kind: str) -> bool:
        return SearchDocument.objects.filter(kind=kind, vector=self._query(terms)).exists()

    def snippets(self, ids: Sequence[int], terms: Sequence[str]) -> dict[int, str]:
        headline = SearchHeadline(
            Concat("description", Value("\n"), "body", output_field=TextField()),
            self._query(terms),
            config=self.config,
            start_sel=START,
            stop_sel=STOP,
            max_words=SNIPPET_WORDS,
            min_words=12,
        )
        rows = SearchDocument.objects.filter(pk__in=list(ids)).annotate(snippet=headline)
        return dict(rows.values_list("pk", "snippet"))


class SQLiteBackend:
    # bm25() weights per column: title, description, keywords, body (kind is not indexed).
    weights = "10.0, 4.0, 4.0, 1.0"

    def _match(self, terms: Sequence[str]) -> str:
        return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms)

    def index(self, ids: Iterable[int]) -> None:
        rows = list(
            SearchDocument.objects.filter(pk__in=list(ids)).values_list(
                "pk", "title", "description", "keywords", "body", "kind"
            )
        )
        columns = "rowid, title, description, keywords, body"
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {FTS_TABLE} ({columns}, kind) VALUES (%s, %s, %s, %s, %s, %s)", rows)
            cursor.executemany(
                f"INSERT INTO {TITLE_TABLE} (rowid, title) VALUES (%s, %s)", [(row[0], row[1]) for row in rows]
            )
            cursor.executemany(
                f"INSERT INTO {WORDS_TABLE} ({columns}) VALUES (%s, %s, %s, %s, %s)", [row[:5] for row in rows]
            )

    def remove(self, ids: Iterable[int] | None) -> None:
        with connection.cursor() as cursor:
            for table in (FTS_TABLE, TITLE_TABLE, WORDS_TABLE):
                if ids is None:
                    cursor.execute(f"DELETE FROM {table}")
                else:
                    cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(pk,) for pk in ids])

    def matches(self, terms: Sequence[str], kinds: Sequence[str] = ()) -> list[Match]:
        match = self._match(terms)
        # One uncorrelated subquery per term: SQLite evaluates each once, as a set of rowids.
        has_word = f"(f.rowid IN (SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH %s))"
        exact = " + ".join([has_word] * len(terms))
        about = "(f.rowid IN (SELECT rowid FROM {0} WHERE {0} MATCH %s))"
        sql = (
            f"SELECT f.rowid, f.kind, t.rowid IS NOT NULL, -bm25({FTS_TABLE}, {self.weights}), {exact}, "
            f"{about.format(WORDS_TABLE)}, {about.format(FTS_TABLE)} FROM {FTS_TABLE} f "
            f"LEFT JOIN (SELECT rowid FROM {TITLE_TABLE} WHERE {TITLE_TABLE} MATCH %s) t ON t.rowid = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        in_about = f"{{title description keywords}} : ({match})"  # FTS5's column filter
        params: list = [*(self._match([term]) for term in terms), in_about, in_about, match, match]
        if kinds:
            sql += f" AND f.kind IN ({', '.join(['%s'] * len(kinds))})"
            params += list(kinds)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [_match(row, len(terms)) for row in cursor.fetchall()]

    def object_ids(self, terms: Sequence[str], kind: str):
        """A subquery of the ids of the objects of one kind that match: for ``pk__in``."""
        sql = (
            f"SELECT d.object_id FROM search_searchdocument d JOIN {FTS_TABLE} f ON f.rowid = d.id "
            f"WHERE {FTS_TABLE} MATCH %s AND d.kind = %s"
        )
        return RawSQL(sql, [self._match(terms), kind])

    def any_match(self, terms: Sequence[str], kind: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM search_searchdocument d JOIN {FTS_TABLE} f ON f.rowid = d.id "
                f"WHERE {FTS_TABLE} MATCH %s AND d.kind = %s LIMIT 1",
                [self._match(terms), kind],
            )
            return cursor.fetchone() is not None

    def snippets(self, ids: Sequence[int], terms: Sequence[str]) -> dict[int, str]:
        if not ids:
            return {}
        words = SNIPPET_WORDS // 2
        # Columns 1 and 3: the description and the body (the keywords are never shown).
        sql = (
            f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, ' … ', {words}), "
            f"snippet({FTS_TABLE}, 3, %s, %s, ' … ', {words}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP, START, STOP, self._match(terms), *ids])
            found = {}
            for pk, description, body in cursor.fetchall():
                found[pk] = next((s for s in (description, body) if START in s), description or body)
        return found


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
