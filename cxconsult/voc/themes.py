"""Themes in verbatims: a codebook the consultant can edit (keywords per theme, one file per language),
stemmed with Snowball (en, fr, pt, ru) or segmented with jieba (zh), and discovery of what the codebook
misses (scikit-learn TF-IDF + NMF).

A verbatim mentions a theme when one of the theme's keywords (a word or a phrase) appears in it after
both are lower-cased and stemmed: "waited", "waiting" and "waits" all match the keyword "wait". Chinese
has no spaces: the text is segmented by jieba, with every keyword added to its dictionary so a keyword is
never split. Matching is by keyword only (no negation handling): "no wait at all" mentions waiting time,
which is the point of a theme (what customers talk about); the NPS of those who mention it says which way.

The codebook is a mapping (as read from ``data/themes/<language>.yaml``)::

    language: en
    themes:
      speed:
        label: Speed and waiting time
        keywords: [wait, queue, on hold, slow, took ages]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.voc.trend import code_metric, interval_from_sums

__all__ = ["Codebook", "DiscoveredTopic", "Theme", "ThemeMatcher", "discover_themes", "parse_codebook",
           "theme_summary"]

#: Snowball stemmer of each language (zh is segmented by jieba, not stemmed).
STEMMERS = {"en": "english", "fr": "french", "pt-BR": "portuguese", "pt-PT": "portuguese", "pt": "portuguese",
            "ru": "russian"}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Theme:
    """One codebook theme: ``id`` (the same across languages), ``label`` (in the codebook's language)."""

    id: str
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    """The themes of one language."""

    language: str
    themes: tuple[Theme, ...]

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def label(self, theme_id: str) -> str:
        return next((t.label for t in self.themes if t.id == theme_id), theme_id)


def parse_codebook(raw: Any, language: str) -> Codebook:
    """A :class:`Codebook` from its YAML mapping; raises ``ValueError`` naming the theme at fault."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("themes"), Mapping) or not raw["themes"]:
        raise ValueError("expected a mapping with 'themes:' holding one entry per theme")
    themes = []
    for theme_id, spec in raw["themes"].items():
        where = f"themes.{str(theme_id)[:40]}"
        if not isinstance(spec, Mapping):
            raise ValueError(f"{where}: expected a mapping with label and keywords")
        label = spec.get("label")
        keywords = spec.get("keywords")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}.label: expected non-empty text")
        if not isinstance(keywords, list) or not keywords or not all(isinstance(k, str) and k.strip()
                                                                     for k in keywords):
            raise ValueError(f"{where}.keywords: expected a list of words or phrases")
        themes.append(Theme(str(theme_id), label.strip(), tuple(k.strip() for k in keywords)))
    return Codebook(language, tuple(themes))


class ThemeMatcher:
    """Assigns codebook themes to verbatims (see the module docstring). Build once, reuse."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.language = codebook.language
        self._cache: dict[str, str] = {}
        self._jieba = None
        if self.language == "zh":
            import jieba

            jieba.setLogLevel(60)
            self._jieba = jieba.Tokenizer()
            for theme in codebook.themes:
                for keyword in theme.keywords:
                    self._jieba.add_word(keyword.strip().lower(), freq=200000)
            self._stemmer = None
        else:
            import snowballstemmer

            name = STEMMERS.get(self.language)
            if name is None:
                raise ModelError(f"no stemmer for language {self.language!r}")
            self._stemmer = snowballstemmer.stemmer(name)
        # phrase index: first stem -> [(stems of the phrase, theme position)]
        self._phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for position, theme in enumerate(codebook.themes):
            for keyword in theme.keywords:
                stems = tuple(self.tokens(keyword))
                if stems:
                    self._phrases.setdefault(stems[0], []).append((stems, position))

    def words(self, text: str) -> list[str]:
        """Lower-cased words of ``text`` (jieba segments for Chinese)."""
        text = str(text).lower().replace("ё", "е")
        if self._jieba is not None:
            return [w for w in self._jieba.lcut(text) if _WORD.fullmatch(w)]
        return _WORD.findall(text)

    def tokens(self, text: str) -> list[str]:
        """Stems of ``text``'s words (the words themselves for Chinese)."""
        words = self.words(text)
        if self._stemmer is None:
            return words
        cache = self._cache
        new = [w for w in set(words) if w not in cache]
        if new:
            cache.update(zip(new, self._stemmer.stemWords(new)))
        return [cache[w] for w in words]

    def match(self, text: str) -> set[int]:
        """Positions (in the codebook) of the themes ``text`` mentions."""
        tokens = self.tokens(text)
        found: set[int] = set()
        phrases = self._phrases
        for i, token in enumerate(tokens):
            for stems, position in phrases.get(token, ()):
                if position not in found and tuple(tokens[i:i + len(stems)]) == stems:
                    found.add(position)
        return found

    def assign(self, texts: Iterable[str]) -> pd.DataFrame:
        """A boolean table: one row per text, one column per theme id."""
        texts = list(texts)
        out = np.zeros((len(texts), len(self.codebook.themes)), dtype=bool)
        for row, text in enumerate(texts):
            if text:
                for position in self.match(text):
                    out[row, position] = True
        return pd.DataFrame(out, columns=self.codebook.ids)


def _pick_quotes(texts: Sequence[str], n: int, others: Sequence[int] | None = None) -> tuple[str, ...]:
    """``n`` distinct quotes: those about this theme alone first (``others``: how many other themes each
    text mentions), then of readable length (closest to 90 characters), in a fixed order."""
    seen, out = set(), []
    others = list(others) if others is not None else [0] * len(texts)
    for _, text in sorted(zip(others, texts), key=lambda p: (p[0], abs(len(p[1]) - 90), p[1])):
        key = text.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(text.strip())
        if len(out) == n:
            break
    return tuple(out)


def theme_summary(data: pd.DataFrame, assignment: pd.DataFrame, codebook: Codebook, *, outcome: str = "nps",
                  recent_months: int = 3, n_quotes: int = 3, confidence: float = 0.95,
                  alpha: float = 0.05) -> pd.DataFrame:
    """Each theme's volume, the ``outcome`` among those who mention it, its trend and example quotes.

    ``data`` and ``assignment`` (from :meth:`ThemeMatcher.assign`) are row-aligned; only rows with a
    verbatim count. Columns: ``label``, ``mentions``, ``share`` (of verbatims), ``nps`` with
    ``nps_low``/``nps_high`` (among mentioners) and ``nps_others`` (among the rest), ``recent_share`` and
    ``previous_share`` (mention share in the last ``recent_months`` months and the ``recent_months``
    before), ``trend`` (``rising``/``falling`` when a pooled two-proportion z-test at ``alpha`` says so,
    else ``steady``), ``trend_p``, ``quotes``. Sorted by mentions.
    """
    if len(data) != len(assignment):
        raise ModelError("data and theme assignment must have the same rows")
    texts = data["verbatim"].fillna("").astype(str).to_numpy()
    has_text = np.char.str_len(texts.astype(str)) > 0 if len(texts) else np.zeros(0, dtype=bool)
    coded = code_metric(data[outcome], outcome) if outcome in data.columns else np.full(len(data), np.nan)
    months = data["date"].dt.to_period("M")
    last = months.max()
    recent = (months > last - recent_months).to_numpy()
    previous = ((months <= last - recent_months) & (months > last - 2 * recent_months)).to_numpy()
    base = max(int(has_text.sum()), 1)
    themes_per_text = assignment.to_numpy().sum(axis=1)
    rows = []
    for theme in codebook.themes:
        mask = assignment[theme.id].to_numpy() & has_text
        c = coded[mask]
        c = c[~np.isnan(c)]
        o = coded[~mask & has_text]
        o = o[~np.isnan(o)]
        value, low, high, _ = interval_from_sums("nps", len(c), c.sum(), (c ** 2).sum(), confidence)
        others = float(o.mean()) if len(o) else np.nan
        n1, n2 = int((previous & has_text).sum()), int((recent & has_text).sum())
        k1, k2 = int((mask & previous).sum()), int((mask & recent).sum())
        p1 = k1 / n1 if n1 else np.nan
        p2 = k2 / n2 if n2 else np.nan
        direction, p_value = "steady", 1.0
        if n1 and n2 and 0 < k1 + k2 < n1 + n2:
            pooled = (k1 + k2) / (n1 + n2)
            z = (p2 - p1) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            p_value = float(2 * stats.norm.sf(abs(z)))
            if p_value < alpha:
                direction = "rising" if z > 0 else "falling"
        rows.append({"theme": theme.id, "label": theme.label, "mentions": int(mask.sum()),
                     "share": mask.sum() / base, "nps": float(value), "nps_low": float(low),
                     "nps_high": float(high), "nps_others": others, "recent_share": p2, "previous_share": p1,
                     "trend": direction, "trend_p": p_value,
                     "quotes": _pick_quotes(list(texts[mask]), n_quotes, list(themes_per_text[mask] - 1))})
    frame = pd.DataFrame(rows).set_index("theme")
    frame = frame.sort_values("mentions", ascending=False, kind="stable")
    frame.attrs.update(verbatims=int(has_text.sum()), recent_months=recent_months, outcome=outcome)
    return frame


@dataclass(frozen=True)
class DiscoveredTopic:
    """A group of verbatims the codebook does not cover: its top ``terms``, ``size`` and ``examples``."""

    terms: tuple[str, ...]
    size: int
    examples: tuple[str, ...]


def discover_themes(texts: Sequence[str], matcher: ThemeMatcher, n_topics: int = 4, n_terms: int = 6,
                    n_examples: int = 2, seed: int = 0, max_docs: int = 20000, min_df: int = 3
                    ) -> list[DiscoveredTopic]:
    """Topics among ``texts`` (usually the verbatims no codebook theme matched) by TF-IDF + NMF.

    Terms are stems shown as their most frequent word; words of three letters or fewer (mostly
    function words) are left out, except in Chinese. Returns at most ``n_topics`` topics (fewer when
    there are too few texts); the largest first.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [t for t in texts if t and str(t).strip()]
    if len(texts) > max_docs:
        picks = np.random.default_rng(seed).choice(len(texts), max_docs, replace=False)
        texts = [texts[i] for i in sorted(picks)]
    if len(texts) < max(10, 2 * n_topics):
        return []
    surface: dict[str, Counter] = {}

    def analyse(text: str) -> list[str]:
        words = matcher.words(text)
        stems = matcher.tokens(text)
        for word, stem in zip(words, stems):
            surface.setdefault(stem, Counter())[word] += 1
        return [s for s in stems if len(s) > 3 or matcher.language == "zh"]

    vectoriser = TfidfVectorizer(analyzer=analyse, min_df=min(min_df, max(1, len(texts) // 20)), max_df=0.6)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:
        return []
    k = min(n_topics, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if k < 1:
        return []
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
    import warnings

    with warnings.catch_warnings():  # sklearn's NMF loss can warn on an exact zero; harmless here
        warnings.simplefilter("ignore", RuntimeWarning)
        weights = model.fit_transform(matrix)
    vocabulary = np.array(vectoriser.get_feature_names_out())
    owner = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    topics = []
    for j in range(k):
        top = vocabulary[np.argsort(model.components_[j])[::-1][:n_terms]]
        terms = tuple(surface[s].most_common(1)[0][0] if s in surface else s for s in top)
        members = np.flatnonzero((owner == j) & (strength > 0))
        best = members[np.argsort(-strength[members])][:n_examples]
        if len(members):
            topics.append(DiscoveredTopic(terms, int(len(members)), tuple(texts[i] for i in best)))
    return sorted(topics, key=lambda t: -t.size)
