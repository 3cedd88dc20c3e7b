"""Online story assignment: documents that report the same real-world story share ``story``.

Each new document is compared with its likely neighbours only (a full-text query on its heaviest
terms, within a time window when dates are known), never with the whole store. The neighbours and
the documents of their stories are then re-clustered locally with average-link agglomeration, so a
document that bridges two stories can join them, and an early mistake can be undone once more
documents arrive. Stories outside that bounded neighbourhood are never touched.

Similarity mixes two TF-IDF cosines: one over content words, one over name-like tokens (capitalised
words and figures), which tell apart two stories sharing their vocabulary (two earthquakes, two
shootings). Weights use the store's current document frequencies.

A story's id is the id of its first document. When re-clustering merges stories, the largest keeps
its id; when it splits one, the larger part keeps it. Reprints (``duplicate_of``) follow the story
of the copy they reprint and take no part in the clustering.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from veille.store.text import story_features


@dataclass(frozen=True)
class StoryParams:
    """Tunables of story assignment (tuned on the ECB+ dev split by ``bench/store_eval.py``)."""

    # Average-link similarity above which documents belong to one story.
    threshold: float = 0.16
    # Two groups of several documents each merge only above this (higher) mean similarity, if set: a
    # lone report joins the closest story easily, but two established stories (two earthquakes in one
    # region) must be clearly one before they become one. None (same as ``threshold``) did as well on
    # the ECB+ dev split once stories could be re-clustered locally; kept as a knob for noisier feeds.
    merge_threshold: float | None = None
    # Weight of the content-word view; the rest goes to the names-and-figures view.
    word_weight: float = 0.5
    # A stored document is a neighbour when its similarity reaches this share of the threshold.
    neighbour_share: float = 0.5
    # Heaviest terms of the new document used to fetch candidates through full-text search.
    query_terms: int = 24
    # Candidates fetched by full-text search, and documents re-clustered at most.
    candidates: int = 50
    neighbourhood: int = 80
    # Added to every IDF, so that terms shared by all documents of a small store still count (with a
    # pure log(N/df), the first two reports of a story could never match each other).
    idf_floor: float = 1.0
    # Documents further apart in publication date than this never share a story.
    window_days: int = 7


@dataclass
class _Doc:
    pk: int
    id: str
    story: str | None
    words: _Bag
    names: _Bag


@dataclass
class _Bag:
    """A bag of terms as vocabulary ids and sublinear term frequencies (1 + log count)."""

    ids: np.ndarray
    tf: np.ndarray


# Parsed features of this many documents, and this many distinct terms, stay in memory.
FEATURE_CACHE = 50_000
VOCABULARY_CACHE = 2_000_000


class StoryAssigner:
    """Assigns stories to new documents inside the ingest transaction (one per connection)."""

    def __init__(self, conn: sqlite3.Connection, params: StoryParams | None = None) -> None:
        self.conn = conn
        self.params = params or StoryParams()
        self._n = 0
        self._reset_vocabulary()

    def _reset_vocabulary(self) -> None:
        # Terms (prefixed "w:" or "n:", as in term_df) get ids; their document frequencies sit in an
        # array by id (NaN: not read from the database yet in this batch).
        self._ids: dict[str, int] = {}
        self._terms: list[str] = []
        self._df = np.full(1024, np.nan)
        self._features: dict[int, tuple[_Bag, _Bag]] = {}

    def begin_batch(self) -> None:
        """Forget cached frequencies: another process may have written since the last batch."""
        if len(self._terms) > VOCABULARY_CACHE:
            self._reset_vocabulary()
        self._df[:] = np.nan
        self._n = int(self.conn.execute("SELECT count(*) FROM story_features").fetchone()[0])

    # --- vocabulary, document frequencies and features ---

    def _bag(self, counts: dict[str, int], prefix: str) -> _Bag:
        ids = np.empty(len(counts), dtype=np.int64)
        for k, term in enumerate(counts):
            key = prefix + term
            i = self._ids.get(key)
            if i is None:
                i = self._ids[key] = len(self._terms)
                self._terms.append(key)
            ids[k] = i
        if len(self._terms) > len(self._df):
            grown = np.full(2 * len(self._terms), np.nan)
            grown[: len(self._df)] = self._df
            self._df = grown
        tf = 1 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
        return _Bag(ids, tf)

    def _read_dfs(self, ids: np.ndarray) -> None:
        """Make sure the frequencies of ``ids`` are known (read the missing ones from term_df)."""
        missing = np.unique(ids[np.isnan(self._df[ids])])
        for start in range(0, len(missing), 500):
            chunk = [self._terms[i] for i in missing[start:start + 500]]
            marks = ",".join("?" * len(chunk))
            found = dict(self.conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk))
            self._df[missing[start:start + 500]] = [found.get(t, 0) for t in chunk]

    def _idf(self, ids: np.ndarray) -> np.ndarray:
        return np.maximum(np.log((self._n + 1) / (self._df[ids] + 1)) + self.params.idf_floor, 0.0)

    def _add_frequencies(self, doc: _Doc, words: dict[str, int], names: dict[str, int]) -> None:
        ids = np.concatenate([doc.words.ids, doc.names.ids])
        self._read_dfs(ids)  # before the update below, which the cached values then follow
        self._df[ids] += 1
        terms = [f"w:{t}" for t in words] + [f"n:{t}" for t in names]
        self.conn.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(t,) for t in terms],
        )
        self.conn.execute(
            "INSERT INTO story_features (doc_pk, words, names) VALUES (?, ?, ?)",
            (doc.pk, json.dumps(words, ensure_ascii=False), json.dumps(names, ensure_ascii=False)),
        )
        self._features[doc.pk] = (doc.words, doc.names)
        self._n += 1

    def _load(self, rows: list[tuple[int, str, str | None]]) -> list[_Doc]:
        """Documents with their features (from the cache, else from the database)."""
        missing = [pk for pk, _, _ in rows if pk not in self._features]
        if len(self._features) + len(missing) > FEATURE_CACHE:
            self._features.clear()
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for pk, words, names in self.conn.execute(
                    f"SELECT doc_pk, words, names FROM story_features WHERE doc_pk IN ({marks})", chunk):
                self._features[pk] = (self._bag(json.loads(words), "w:"), self._bag(json.loads(names), "n:"))
        docs = [_Doc(pk, i, s, *self._features[pk]) for pk, i, s in rows if pk in self._features]
        if docs:
            self._read_dfs(np.concatenate([b.ids for d in docs for b in (d.words, d.names)]))
        return docs

    # --- assignment ---

    def assign(self, doc_pk: int, doc_id: str, title: str | None, text: str, published: str | None) -> str:
        """Register the new document (already inserted) and return its story; may relabel neighbours."""
        p = self.params
        words, names = story_features(title, text)
        new = _Doc(doc_pk, doc_id, None, self._bag(words, "w:"), self._bag(names, "n:"))
        self._add_frequencies(new, words, names)
        neighbours = self._candidates(new, published)
        near = []
        if neighbours:
            sims = self._similarities([new, *neighbours], first_only=True)[0, 1:]
            near = [d for d, s in zip(neighbours, sims, strict=True) if s >= p.threshold * p.neighbour_share]
        if not near:
            self._set_story([doc_pk], doc_id)
            return doc_id
        hood = self._neighbourhood(new, near)
        labels = _average_link(self._similarities(hood), p.threshold, p.merge_threshold)
        return self._relabel(hood, labels)

    def _candidates(self, new: _Doc, published: str | None) -> list[_Doc]:
        """Stored documents sharing the new one's heaviest words (full-text search, ranked by BM25)."""
        p = self.params
        if not len(new.words.ids):
            return []
        weights = new.words.tf * self._idf(new.words.ids)
        # Heaviest first; ties broken by term so that the query does not depend on dict order.
        order = sorted(range(len(weights)), key=lambda k: (-weights[k], self._terms[new.words.ids[k]]))
        top = [self._terms[new.words.ids[k]][2:] for k in order[: p.query_terms]]
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in top)
        sql = """
            SELECT d.pk, d.id, d.story
            FROM documents_fts JOIN documents AS d ON d.pk = documents_fts.rowid
            WHERE documents_fts MATCH ? AND d.pk != ? AND d.duplicate_of IS NULL
        """
        args: list[object] = [match, new.pk]
        window = _window(published, p.window_days)
        if window:
            sql += " AND (d.published IS NULL OR substr(d.published, 1, 10) BETWEEN ? AND ?)"
            args += list(window)
        sql += " ORDER BY rank LIMIT ?"
        args.append(p.candidates)
        try:
            rows = self.conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError:  # a term FTS5 cannot parse: no candidates rather than a failure
            return []
        return self._load(rows)

    def _neighbourhood(self, new: _Doc, near: list[_Doc]) -> list[_Doc]:
        """The new document, its near neighbours and the latest documents of their stories (bounded:
        a long-running story is represented by its most recent reports)."""
        stories = sorted({d.story for d in near if d.story is not None})
        known = {d.pk for d in near} | {new.pk}
        hood = [new, *near]
        room = self.params.neighbourhood - len(hood)
        if stories and room > 0:
            marks = ",".join("?" * len(stories))
            rows = self.conn.execute(
                f"""
                SELECT pk, id, story FROM documents
                WHERE story IN ({marks}) AND duplicate_of IS NULL
                ORDER BY pk DESC LIMIT ?
                """,
                [*stories, room + len(known)],
            ).fetchall()
            rows = [r for r in rows if r[0] not in known][:room]
            hood += self._load(rows)
        return hood

    def _similarities(self, docs: list[_Doc], first_only: bool = False) -> np.ndarray:
        """Pairwise similarities (or, with ``first_only``, those of the first document, as one row)."""
        a = self.params.word_weight
        words = self._matrix([d.words for d in docs])
        names = self._matrix([d.names for d in docs])
        if first_only:  # a vector-matrix product is all that is needed, and far cheaper
            return np.asarray(a * (words[:1] @ words.T) + (1 - a) * (names[:1] @ names.T))
        return np.asarray(a * (words @ words.T) + (1 - a) * (names @ names.T))

    def _matrix(self, bags: list[_Bag]) -> np.ndarray:
        """Rows of L2-normalised TF-IDF weights over the bags' union vocabulary."""
        ids = np.concatenate([b.ids for b in bags])
        if not len(ids):
            return np.zeros((len(bags), 1))
        rows = np.repeat(np.arange(len(bags)), [len(b.ids) for b in bags])
        columns, inverse = np.unique(ids, return_inverse=True)
        m = np.zeros((len(bags), len(columns)))
        m[rows, inverse] = np.concatenate([b.tf for b in bags])
        m *= self._idf(columns)[None, :]
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return m / norms

    def _relabel(self, hood: list[_Doc], labels: list[int]) -> str:
        """Give each local cluster a story id, keeping existing ids where the cluster keeps them."""
        groups: dict[int, list[_Doc]] = {}
        for d, label in zip(hood, labels, strict=True):
            groups.setdefault(label, []).append(d)
        used: set[str] = set()
        # Biggest clusters choose first, so a story keeps its id where most of its documents stay.
        for members in sorted(groups.values(), key=lambda m: (-len(m), min(d.pk for d in m))):
            old = Counter(d.story for d in members if d.story is not None)
            story = next((s for s, _ in old.most_common() if s not in used), None)
            if story is None:
                story = self._fresh_story(members, used)
            used.add(story)
            changed = [d.pk for d in members if d.story != story]
            if changed:
                self._set_story(changed, story)
            for d in members:
                d.story = story
        return hood[0].story or hood[0].id

    def _fresh_story(self, members: list[_Doc], used: set[str]) -> str:
        """An id for a new story: its first document's id, unless another story outside the
        neighbourhood already goes by it."""
        mine = {d.pk for d in members}
        for d in sorted(members, key=lambda d: d.pk):
            if d.id in used:
                continue
            holders = {pk for (pk,) in self.conn.execute(
                "SELECT pk FROM documents WHERE story = ? AND duplicate_of IS NULL", (d.id,))}
            if holders <= mine:
                return d.id
        first = min(members, key=lambda d: d.pk)
        return f"{first.id}#{first.pk}"  # pk makes it unique

    def _set_story(self, pks: list[int], story: str) -> None:
        for i in range(0, len(pks), 500):
            chunk = pks[i:i + 500]
            marks = ",".join("?" * len(chunk))
            self.conn.execute(f"UPDATE documents SET story = ? WHERE pk IN ({marks})", [story, *chunk])
            # Reprints follow the story of the copy they reprint.
            self.conn.execute(
                f"""UPDATE documents SET story = ? WHERE duplicate_of IN
                    (SELECT id FROM documents WHERE pk IN ({marks}))""",
                [story, *chunk],
            )


def _window(published: str | None, days: int) -> tuple[str, str] | None:
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return (day - timedelta(days=days)).isoformat(), (day + timedelta(days=days)).isoformat()


def _average_link(sim: np.ndarray, threshold: float, merge_threshold: float | None = None) -> list[int]:
    """Average-link agglomerative clustering: merge the pair of clusters with the highest mean
    similarity while it reaches ``threshold`` (``merge_threshold`` when both hold several documents)."""
    n = len(sim)
    strict = threshold if merge_threshold is None else merge_threshold
    sums = sim.astype(float).copy()  # sums[i, j]: total similarity between clusters i and j
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    labels = np.arange(n)
    np.fill_diagonal(sums, -np.inf)
    while True:
        mean = sums / np.outer(sizes, sizes)
        # The margin a pair must clear: the stricter threshold applies between two groups.
        need = np.where(np.minimum.outer(sizes, sizes) >= 2, strict, threshold)
        gain = mean - need
        gain[~alive, :] = -np.inf
        gain[:, ~alive] = -np.inf
        i, j = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if gain[i, j] < 0:
            break
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = -np.inf
        sizes[i] += sizes[j]
        alive[j] = False
        labels[labels == j] = i
    return [int(x) for x in labels]
