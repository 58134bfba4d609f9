"""The one normaliser: evasions are undone for word rules, numbers survive for number rules."""

from __future__ import annotations

import pytest

from bot.kernel.text_normalise import fold, fold_term, normalise, plain


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("k1ll myself", "kill myself"),
        ("k i l l myself", "kill myself"),
        ("k.i.l.l myself", "kill myself"),
        ("k-y-s", "kys"),
        ("k\u0456ll myself", "kill myself"),  # Cyrillic i
        ("ki\u200bll myself", "kill myself"),  # zero-width space
        ("ki\u2060ll", "kill"),  # word joiner
        ("\u202ekill\u202c myself", "kill myself"),  # bidi override
        ("x\u0430nax", "xanax"),  # Cyrillic a
        ("ΚΙLL", "kill"),  # Greek capitals
        ("w0rthless idi0t", "worthless idiot"),
        ("ｋｉｌｌ ｍｙｓｅｌｆ", "kill myself"),  # fullwidth
        ("𝐤𝐢𝐥𝐥 𝐦𝐲𝐬𝐞𝐥𝐟", "kill myself"),  # mathematical bold
        ("ⓚⓘⓛⓛ", "kill"),  # circled
        ("su1c1de", "suicide"),
        ("ki11", "kill"),
        ("1oser", "loser"),
        ("a$$hole", "asshole"),
        ("cr@ckhead", "crackhead"),
        ("x.a.n.s", "xans"),
        ("p3rc0s", "percos"),
        ("\U0001f1f0\U0001f1fe\U0001f1f8", "kys"),  # regional indicators
        ("ñigger", "nigger"),
        ("j\u0075\u0301nkie", "junkie"),  # combining accent
    ],
)
def test_evasions_are_read_as_the_word(typed, read):
    assert fold(typed) == read


def test_repeated_letters_try_both_one_and_two():
    result = normalise("kiiiill myself, dieeeee")
    assert "kill myself" in result.variants[1]
    assert result.variants[1].endswith("die")
    assert normalise("killllll").words == "kill"


@pytest.mark.parametrize("word", ["good", "too", "all", "coffee", "bookkeeper", "sleep"])
def test_ordinary_double_letters_are_untouched(word):
    result = normalise(word)
    assert result.words == word
    assert result.variants == (word,)


@pytest.mark.parametrize(
    "text",
    [
        "call 988 tonight",
        "my number is 555-867-5309",
        "+44 7700 900123",
        "group at 10:30 on 2026-12-01",
        "I took 30mg and 2 tabs",
        "2.5mg of it",
        "day 45 for me, 1st chip at 90 days",
        "$50 for the cab",
        "<@123> <@!456> thanks",
        "m30s",
        "b12 shots",
        "24/7 line",
        "the 90s were rough",
        "i was up till 3am",
        "gr8 2day",
    ],
)
def test_numbers_survive_in_both_views(text):
    result = normalise(text)
    digits = [c for c in text if c.isdigit()]
    assert [c for c in result.plain if c.isdigit()] == digits
    assert [c for c in result.words if c.isdigit()] == digits


def test_plain_keeps_digits_where_words_reads_leet():
    result = normalise("call me at 555 1234, k1ll")
    assert "555 1234" in result.plain and "k1ll" in result.plain
    assert result.words.endswith("kill")
    assert result.changed


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("u r a star", "u r a star"),  # chat one-letter words are not spelt-out
        ("plan a b or c", "plan a b or c"),
        ("I want to die!", "i want to die!"),  # end-of-word "!" stays punctuation
        ("@alex thanks", "@alex thanks"),
        ("9 8 8", "9 8 8"),
        ("e.g. this", "e.g. this"),
    ],
)
def test_look_alikes_that_are_ordinary_chat_stay(text, kept):
    assert fold(text) == kept


def test_plain_is_the_old_normaliser_for_ascii():
    assert plain("I'm  NOT ok\r\nreally") == "im not ok\nreally"
    assert plain("don`t") == "dont"


def test_curly_apostrophes_go_like_straight_ones():
    assert plain("I\u2019m done") == "im done"


def test_invisible_and_variation_selectors_are_removed_but_emoji_stay():
    assert plain("plug \U0001f50c here \u2744\ufe0f") == "plug \U0001f50c here \u2744"


def test_terms_fold_like_messages():
    assert fold_term("M30") == normalise("m30").words
    assert fold_term("x4n") == "xan"


def test_empty_and_whitespace():
    assert normalise("").words == ""
    assert normalise(" \n\t ").plain == ""


@pytest.mark.parametrize("junk", ["\x00\x01\x02", "\ud800"[:0] + "\U0010ffff" * 50, "a" * 10000])
def test_odd_input_does_not_raise(junk):
    result = normalise(junk)
    assert isinstance(result.words, str)
