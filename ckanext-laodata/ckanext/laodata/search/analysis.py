"""Text analysis shared by indexing and querying.

Both sides of a match must see the same tokens, so the index and the query
translator call the same ``tokens()``:

* Unicode NFKC (except in Lao script, whose vowel sign AM it would split),
  then case folding;
* accent folding for Latin script only (Vietnamese "Hà Nội" -> "ha noi",
  "đường" -> "duong"); Lao vowel and tone marks are combining characters too,
  so they are kept;
* Lao has no spaces between words: runs of Lao script are segmented into
  dictionary words with LaoNLP (maximal matching over its word list);
* words split at anything that is not a letter or digit (underscores too),
  as Solr's WordDelimiter filter does;
* ``stem=True`` applies the English Snowball stemmer, as CKAN's Solr ``text``
  field type does (``text_general`` fields are not stemmed).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

_LAO_RUN = re.compile(r"[\u0e80-\u0eff]+")
_NOT_LAO_RUN = re.compile(r"[^\u0e80-\u0eff]+")
# Lao vowel and tone marks are not \w (they are combining marks): keep the block whole.
_WORD = re.compile(r"(?:[^\W_]|[\u0e80-\u0eff])+")
_MAX_TOKEN = 100
# Latin letters whose accents are folded: Basic Latin to Latin Extended-B,
# plus Latin Extended Additional (the block holding most Vietnamese letters).
_LATIN_BASES = ((0x0041, 0x024F), (0x1E00, 0x1EFF))
_SPECIAL_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "ß": "ss"})


def _is_latin(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _LATIN_BASES)


def fold(text: str) -> str:
    """Case- and accent-fold ``text`` (Latin accents only)."""
    compatible = _NOT_LAO_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    decomposed = unicodedata.normalize("NFD", compatible.translate(_SPECIAL_FOLDS))
    out: list[str] = []
    base_is_latin = False
    for ch in decomposed:
        if unicodedata.category(ch) == "Mn":
            if base_is_latin:
                continue
        else:
            base_is_latin = _is_latin(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).casefold()


@functools.lru_cache(maxsize=20000)
def _segment_lao(run: str) -> tuple[str, ...]:
    from laonlp.tokenize import word_tokenize  # heavy import, done on first Lao text

    return tuple(w for w in (part.strip() for part in word_tokenize(run)) if w)


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def tokens(text: str, stem: bool = False) -> list[str]:
    """The index/query tokens of ``text``, in order."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        if _LAO_RUN.search(word):
            pos = 0
            for match in _LAO_RUN.finditer(word):
                if match.start() > pos:
                    out.append(word[pos : match.start()])
                out.extend(_segment_lao(match.group()))
                pos = match.end()
            if pos < len(word):
                out.append(word[pos:])
        else:
            out.append(word)
    out = [t[:_MAX_TOKEN] for t in out if t]
    if stem:
        out = _stemmer().stemWords(out)
    return out
