"""Unit tests of the text analysis both index and queries use."""

from __future__ import annotations

import pytest

from ckanext.laodata.search import analysis


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hà Nội", ["ha", "noi"]),
        ("ĐƯỜNG bộ", ["duong", "bo"]),
        ("Sở Nông nghiệp và Môi trường", ["so", "nong", "nghiep", "va", "moi", "truong"]),
        ("data-set_2024, v1.2", ["data", "set", "2024", "v1", "2"]),
        ("Ｆｕｌｌ width", ["full", "width"]),
        ("", []),
        ("!!! ---", []),
    ],
)
def test_latin_text_is_folded_and_split(text: str, expected: list[str]) -> None:
    assert analysis.tokens(text) == expected


def test_lao_marks_are_kept_and_words_segmented() -> None:
    # Lao vowel and tone marks are combining characters: they must survive.
    assert analysis.fold("ສຸຂະພາບ") == "ສຸຂະພາບ"
    words = analysis.tokens("ຂໍ້ມູນສຸຂະພາບຂອງແຂວງ")
    assert "ສຸຂະພາບ" in words
    assert "".join(words) == "ຂໍ້ມູນສຸຂະພາບຂອງແຂວງ"


def test_lao_word_alone_gives_the_same_token_as_inside_a_sentence() -> None:
    assert analysis.tokens("ສຸຂະພາບ") == ["ສຸຂະພາບ"]


def test_mixed_scripts() -> None:
    assert analysis.tokens("COVID ສຸຂະພາບ 2024") == ["covid", "ສຸຂະພາບ", "2024"]


def test_lao_vowel_sign_am_survives_compatibility_normalisation() -> None:
    # U+0EB3 has a compatibility decomposition; NFKC would split it in two.
    assert analysis.fold("ຄຳ") == "ຄຳ"
    assert analysis.tokens("ຄຳ") == ["ຄຳ"]


def test_english_stemming_like_solr_text_fields() -> None:
    assert analysis.tokens("Hospitals statistics", stem=True) == ["hospit", "statist"]
    assert analysis.tokens("hospital", stem=True) == analysis.tokens("hospitals", stem=True)
    assert analysis.tokens("Bệnh viện", stem=True) == ["benh", "vien"]
