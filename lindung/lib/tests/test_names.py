import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.lib.names import compact_skeleton, core_tokens, name_skeleton, name_tokens, normalize_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Muhammad Ali", "Muhamad Ali"),
        ("Muhammad Ali", "Mohammad Ali"),
        ("Muhammad Ali", "Mochammad Ali"),
        ("Muhammad Ali", "Moh. Ali"),
        ("Muhammad Ali", "Mhd. Ali"),
        ("Muhammad Ali", "M. Ali"),
        ("Sukarno", "Soekarno"),
        ("Joko Widodo", "Djoko Widodo"),
        ("Cahjono", "Tjahjono"),
        ("Siti Aminah", "Hj. Siti Aminah"),
        ("Siti Aminah", "Siti Aminah, S.Pd."),
        ("Siti Aminah", "Siti Aminah S.Pd"),
        ("Rina Marlina", "Rina Marlina A.Md.Keb"),
        ("Ahmad Yani", "H. Ahmad Yani, S.E., M.M."),
        ("Maruf", "Ma'ruf"),
        ("Abdul Rahman", "Abd. Rahman"),
        ("Syamsul", "Sjamsul"),
    ],
)
def test_same_name_key(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fatimah", "Fatima"),
        ("Rudi", "Rudy"),
        ("Hasanudin", "Hasanuddin"),
        ("Yusuf Yahya", "Jusuf Jahja"),
        ("Ahmad Dahlan", "Achmad Dahlan"),
        ("Ramadan", "Ramadhan"),
        ("Khairul", "Hairul"),
        ("Siti", "Sitti"),
        ("Cahyono", "Tjahjono"),
        ("Rizki", "Riski"),
    ],
)
def test_same_skeleton(a, b):
    assert name_skeleton(normalize_name(a)) == name_skeleton(normalize_name(b))


def test_split_name_agrees_only_without_spaces():
    assert name_skeleton("nurhayati") != name_skeleton("nur hayati")
    assert compact_skeleton("nurhayati") == compact_skeleton("nur hayati")


def test_different_names_stay_different():
    assert normalize_name("Ahmad") != normalize_name("Achmad")  # the search keeps them apart
    assert name_skeleton(normalize_name("Hasan")) != name_skeleton(normalize_name("Husin"))
    assert normalize_name("Siti Aminah") != normalize_name("Siti Amina")


def test_single_m_in_the_middle_is_an_initial_not_muhammad():
    assert normalize_name("Ali M") == "ali m"
    assert normalize_name("M Ali") == "muhammad ali"


def test_tokens_leave_out_muhammad():
    assert name_tokens(normalize_name("Moh. Rizki Pratama")) == ["riski", "pratama"]


def test_empty_and_titles_only():
    assert normalize_name("") == ""
    assert normalize_name("Hj., S.Pd.") == ""
    assert name_skeleton("") == "" and name_tokens("") == []


@settings(max_examples=300)
@given(st.text())
def test_never_raises_and_is_idempotent(text):
    key = normalize_name(text)
    assert normalize_name(key) == key
    assert key == key.strip() and "  " not in key
    skeleton = name_skeleton(key)
    assert name_skeleton(skeleton) is not None
    assert " " not in compact_skeleton(key)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(["ddjj", "oe", "h.", "m.", "S.Pd", "tjj", "Siti", "nnjj", "'", " ", ","]), max_size=8
    )
)
def test_idempotent_on_tricky_pieces(parts):
    key = normalize_name("".join(parts))
    assert normalize_name(key) == key


def test_the_core_leaves_out_prefixes_joiners_and_the_father_s_name():
    assert core_tokens(normalize_name("Kgs. Rizal bin Usman")) == ["risal"]
    assert core_tokens(normalize_name("Nyimas Siti Aminah binti Abdullah")) == ["siti", "amina"]
    assert core_tokens(normalize_name("Sondang br. Simanjuntak")) == ["sondang", "simanyuntak"]
    assert core_tokens(normalize_name("Raden Ayu Lestari")) == ["lestari"]
    # A prefix that is all there is stays; "Ayu" alone is a given name.
    assert core_tokens(normalize_name("Masayu")) == ["masayu"]
    assert core_tokens(normalize_name("Ayu Lestari")) == ["ayu", "lestari"]


def test_the_core_leaves_out_regional_and_noble_titles():
    assert core_tokens(normalize_name("Dt. Ganep Langgeng Usada")) == ["ganep", "langeng", "usada"]
    assert core_tokens(normalize_name("Sutan Parman")) == ["parman"]
    assert core_tokens(normalize_name("R.M. Ira Tari")) == ["ira", "tari"]
    assert core_tokens(normalize_name("R.A. Kartini")) == ["kartini"]
    assert core_tokens(normalize_name("Tgk. Hasan")) == ["hasan"]
    assert core_tokens(normalize_name("drg. Fathonah Maryati")) == ["fatona", "maryati"]
    # A title that is all there is stays.
    assert core_tokens(normalize_name("Sutan")) == ["sutan"]


def test_the_core_can_keep_muhammad_as_an_initial():
    assert core_tokens(normalize_name("M. Idris"), muhammad="m") == ["m", "idris"]
    assert core_tokens(normalize_name("M. Idris")) == ["idris"]
