"""What a person typed, read into safe full-text queries (pure: no Django, no database).

User input never reaches a query language as it is: words are reduced to letters and digits and
quoted, so characters that mean something to FTS5 or to_tsquery (quotes, `*`, `:`, `^`, `(`,
`NEAR`, `-`, `&`, `|`, `!`) can never make a query fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 16

# Words too common to say anything about a title; left out of "any of these words" queries,
# where they would match nearly every proposal (PostgreSQL's English configuration drops them too).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "our",
        "more",
        "less",
        "new",
    ]
)


@dataclass(frozen=True)
class Term:
    """A word, or a quoted phrase of several; `either` joins it to the previous term with OR."""

    words: tuple[str, ...]
    either: bool = False


def parse(text: str) -> list[Term]:
    """Terms of a search box query: words (all required), "quoted phrases", and OR."""
    terms: list[Term] = []
    either = False
    for match in _TOKEN.finditer(text[:500]):
        phrase, bare = match.groups()
        if bare is not None and bare.upper() == "OR":
            either = bool(terms)
            continue
        words = tuple(w.lower() for w in _WORD.findall(phrase if phrase is not None else bare))
        if not words:
            continue
        if phrase is not None:
            terms.append(Term(words, either))
        else:
            # "foot-path" or "bus/tram" are several words: each one required, as typed.
            terms.append(Term(words[:1], either))
            terms.extend(Term((w,)) for w in words[1:])
        either = False
        if len(terms) >= MAX_TERMS:
            break
    return terms


def _quote(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'  # words hold no quote: they are letters and digits


def fts5_match(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: quoted strings joined by AND (implicit) and OR."""
    parts: list[str] = []
    for term in terms:
        if parts:
            parts.append("OR" if term.either else "AND")
        parts.append(_quote(term.words))
    return " ".join(parts)


def title_words(title: str) -> list[str]:
    """The telling words of a title being typed, in order, without repeats or stopwords."""
    seen: list[str] = []
    for word in _WORD.findall(title[:300].lower()):
        if word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def fts5_any(words: list[str], *, prefix_last: bool) -> str:
    """FTS5: any of these words in a title; the last may be a prefix (the word being typed)."""
    parts = [_quote((w,)) for w in words]
    if prefix_last and parts and len(words[-1]) >= 2:
        parts[-1] += "*"
    return "title : (" + " OR ".join(parts) + ")"


def tsquery_any(words: list[str], *, prefix_last: bool) -> str:
    """to_tsquery text: any of these words in a title (weight A); the last may be a prefix."""
    parts = [f"'{w}':A" for w in words]  # letters and digits only: no quote to escape
    if prefix_last and parts and len(words[-1]) >= 2:
        parts[-1] = parts[-1][:-2] + ":*A"
    return " | ".join(parts)


def websearch_text(terms: list[Term]) -> str:
    """The same terms rewritten for PostgreSQL's websearch_to_tsquery (which never fails)."""
    parts: list[str] = []
    for term in terms:
        if parts and term.either:
            parts.append("or")
        text = " ".join(term.words)
        parts.append(f'"{text}"' if len(term.words) > 1 else text)
    return " ".join(parts)
