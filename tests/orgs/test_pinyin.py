"""Pinyin initials for the search boxes: places read as phrases, people's names character by character."""

from orgs.pinyin import initials_of, person_initials_of


def test_place_names_are_read_as_phrases():
    assert initials_of("桃源社区") == "tysq"
    assert initials_of("长安村") == "cac"  # 长 as in 长安, not zhǎng
    assert initials_of("重庆社区") == "cqsq"


def test_person_names_are_read_character_by_character_and_other_characters_dropped():
    assert person_initials_of("王丽萍") == "wlp"
    assert person_initials_of("李 娜2") == "ln"
    assert person_initials_of("") == ""
