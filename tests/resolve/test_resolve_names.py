"""Name keys: spelling variants of one name compare equal, different names do not."""
from storyline.resolve.names import acronym_of, name_key, skeleton, translit_key


def test_name_key_drops_titles_initials_possessives_and_case():
    assert name_key("Mr. Vladimir V. Putin's") == "vladimir putin"
    assert name_key("the Kremlin") == "kremlin"
    assert name_key("President Emomali Rahmon") == "emomali rahmon"


def test_romanisation_variants_share_a_translit_key():
    assert translit_key("Emomalii Rachmon") == translit_key("Emomali Rahmon")
    assert translit_key("Mukhiddin Kabiri") == translit_key("Muhiddin Kabiri")
    assert translit_key("Эмомали Рахмон") == translit_key("Emomali Rahmon")  # Cyrillic -> Latin
    assert translit_key("Zoë Müller") == translit_key("Zoe Muller")


def test_different_names_keep_different_keys():
    assert translit_key("Rustam Emomali") != translit_key("Emomali Rahmon")
    assert translit_key("Ivan Petrov") != translit_key("Ivan Popov")


def test_skeleton_blocks_vowel_variants_together():
    assert skeleton("Abdurakhmonov") == skeleton("Abdurahmanov")
    assert skeleton("Yusupova") == skeleton("Jusupova")
    assert skeleton("Petrov") != skeleton("Popov")


def test_acronym_of_capitalised_words():
    assert acronym_of("Islamic State Khorasan Province") == "ISKP"
    assert acronym_of("National Emergency Service") == "NES"
