"""Name lists and name damage for bench/dedup_dinsosset.py (the "dinsos-a" set).

Written from general knowledge of names in Musi Banyuasin (Musi/Palembang Malay, Javanese transmigrant villages,
Batak and Chinese-Indonesian families in the towns), without looking at the engine or at any other generator.
"""

from __future__ import annotations

import random


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


MALE = _words(
    "Ahmad Muhammad Abdul Rudi Budi Agus Joko Slamet Sutrisno Suparman Hendra Hendri Dedi Edi Yusuf Zainal "
    "Syahrial Firdaus Iwan Rahmat Hasan Husin Ismail Usman Amir Sulaiman Anwar Effendi Herman Darmawan Irwan "
    "Jamaludin Khairul Lukman Marzuki Nasrul Rusli Saiful Taufik Wahyu Yudi Zulkifli Arif Bambang Eko Heri Imam "
    "Kurniawan Maman Nanang Purnomo Riyadi Sugeng Sukiman Tukiman Wagiman Yanto Darto Kemas Masagus Romli Sarkowi "
    "Juliansyah Alamsyah Mursalin Sahril Cik Nawawi Bahrun Amran Edwar Syamsul Rozali Fauzan Ridwan"
)
FEMALE = _words(
    "Siti Nur Sri Dewi Yuliana Rina Rini Wati Suryani Fatimah Aminah Khadijah Maryam Nurhayati Rosmaini Yusnani "
    "Herlina Lestari Endang Sumiati Suparti Sulastri Marlina Nurlela Rohani Salmah Zubaidah Aisyah Asmawati Desi "
    "Eka Fitri Indah Juliana Kartini Lia Mega Novi Puspita Ratna Sari Tuti Umi Widya Yanti Masayu Nyimas Cholila "
    "Zuraida Halimah Rusmiati Sumarni Painem Tumini Kasmirah Nuraini Mardiana"
)
SECOND_MALE = _words(
    "Saputra Hidayat Pratama Setiawan Gunawan Wijaya Santoso Prasetyo Firmansyah Kurniawan Syahputra Hakim "
    "Fauzi Ramadhan Iskandar Susanto Nugroho Maulana Efendi Hamid Rasyid Aziz Junaidi Sobirin Mahmud Ansori "
    "Wahyudi Irawan Hariyanto Suwarno"
)
SECOND_FEMALE = _words(
    "Wati Sari Lestari Yanti Ningsih Handayani Rahayu Susanti Aminah Fitriani Puspitasari Oktaviani Anggraini "
    "Kurniasih Rahmawati Safitri Novita Permata Yulianti Hartati Ernawati Maryani Suryati Zahra Apriani"
)
BATAK_MARGA = _words(
    "Siregar Simanjuntak Nainggolan Sitompul Hutapea Panjaitan Situmorang Sinaga Pardede Lubis Nasution Harahap "
    "Simatupang Manurung Sihombing Tambunan"
)
BATAK_MALE = _words(
    "Robert Jonny Marihot Hotman Parulian Sahat Togar Lamhot Dorlan Bonar Poltak Tigor Rudolf"
)
BATAK_FEMALE = _words("Tiurma Rosmauli Romauli Sondang Riris Nurhaida Lasma Tiominar Dumaria Hotnida")
CHINESE_FAMILY = _words("Tan Lim Lie Oei Ong Go Kwee Liem Tjoa Ang Sie")
CHINESE_GIVEN_MALE = _words("Kim Hwa|Ah Kiong|Tjoen Liong|Hok Seng|Kian Bun|Eng Hoat|Sun Tek|Jin Hai", "|")
CHINESE_GIVEN_FEMALE = _words("Siu Lan|Mei Ling|Lie Hwa|Giok Nio|Swie Lan|Bie Kiauw|Hong Nio", "|")

# Spellings of one name that registries use for one person (a variant is an error of recording, not another
# person). Brothers given two of these are two persons by the truth (see the set's hard negatives).
VARIANTS = {
    "Muhammad": ["Muhamad", "Mohammad", "Mochammad", "Moh.", "M.", "Mhd."],
    "Ahmad": ["Achmad", "Akhmad", "Ahmat"],
    "Abdul": ["Abd.", "Abdoel"],
    "Yusuf": ["Yusup", "Jusuf"],
    "Husin": ["Husein", "Hussin"],
    "Effendi": ["Efendi", "Effendy"],
    "Zainal": ["Zaenal"],
    "Syahrial": ["Sahrial", "Syachrial"],
    "Rahmat": ["Rachmat", "Ramat"],
    "Sutrisno": ["Soetrisno"],
    "Sukiman": ["Soekiman"],
    "Suparman": ["Soeparman"],
    "Jamaludin": ["Djamaludin", "Jamaluddin"],
    "Juliansyah": ["Yuliansyah"],
    "Yuliana": ["Juliana"],
    "Khadijah": ["Hadijah", "Kadijah"],
    "Fatimah": ["Patimah", "Fatima"],
    "Aisyah": ["Aisah", "Aisya"],
    "Nurhayati": ["Nurhayatie", "Nur Hayati"],
    "Rosmaini": ["Rosmainy"],
    "Siti": ["St."],
    "Cholila": ["Kholila", "Holila"],
    "Saputra": ["Saputera"],
    "Syahputra": ["Saputra"],
    "Firmansyah": ["Pirmansyah"],
    "Hidayat": ["Hidayah"],
    "Wijaya": ["Widjaja", "Wijaja"],
    "Susanti": ["Susanty"],
    "Yanti": ["Yanty"],
}
# Brothers' or sisters' first names that differ by one spelling (two persons): the hard negative
# "Ahmad and Achmad, sons of one KK" the brief asks the truth to decide; here they are two persons.
NEAR_SIBLINGS = {
    "L": [("Ahmad", "Achmad"), ("Rudi", "Rudy"), ("Hasan", "Husin"), ("Hendra", "Hendri"), ("Edi", "Dedi"),
          ("Yudi", "Yadi"), ("Juliansyah", "Yuliansyah"), ("Muhammad", "Muhamad"), ("Joko", "Djoko")],
    "P": [("Rina", "Rini"), ("Eka", "Ika"), ("Wati", "Watie"), ("Siti", "Sity"), ("Yuliana", "Juliana"),
          ("Fitri", "Fitria")],
}  # fmt: skip

TITLES_BEFORE_MALE = ["H.", "H", "Haji", "Drs.", "Ir."]
TITLES_BEFORE_FEMALE = ["Hj.", "Hj", "Hajjah", "Dra."]
TITLES_AFTER = ["S.Pd", "S.Pd.I", "S.E", "S.Sos", "A.Md", "S.Ag", "S.Kom", "S.H"]
OCR = [("m", "rn"), ("rn", "m"), ("l", "i"), ("i", "l"), ("cl", "d"), ("d", "cl"), ("u", "v"), ("n", "h")]
OCR += [("e", "c"), ("a", "o"), ("o", "a"), ("h", "b")]

BIRTH_PLACES_MUSI = _words(
    "Sekayu|Palembang|Lais|Babat Toman|Sungai Lilin|Bayung Lencir|Muara Enim|Lahat", "|"
)
BIRTH_PLACES_JAVA = _words("Klaten|Wonogiri|Boyolali|Blitar|Kebumen|Ponorogo|Banyumas|Ngawi|Purworejo", "|")
BIRTH_PLACES_NORTH = _words("Medan|Tarutung|Balige|Pematang Siantar|Sibolga|Bangka|Jambi", "|")
OCCUPATIONS = [
    "PETANI/PEKEBUN", "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN", "NELAYAN/PERIKANAN", "PEDAGANG",
    "WIRASWASTA", "TUKANG BATU", "SOPIR", "BURUH NELAYAN/PERIKANAN", "TUKANG KAYU", "PETERNAK", "MEKANIK",
]  # fmt: skip


def given(rng: random.Random, sex: str, origin: str) -> str:
    """A first (or first two) given name(s) for one person of this origin."""
    if origin == "batak":
        return rng.choice(BATAK_MALE if sex == "L" else BATAK_FEMALE)
    if origin == "chinese":
        return rng.choice(CHINESE_GIVEN_MALE if sex == "L" else CHINESE_GIVEN_FEMALE)
    return rng.choice(MALE if sex == "L" else FEMALE)


def full_name(rng: random.Random, sex: str, origin: str, first: str | None = None) -> tuple[str, str]:
    """(given part, family-or-second part): Batak and Chinese-Indonesian names carry the marga/family name."""
    first = first or given(rng, sex, origin)
    if origin == "batak":
        return first, rng.choice(BATAK_MARGA)
    if origin == "chinese":
        return first, rng.choice(CHINESE_FAMILY)
    if rng.random() < 0.12:
        return first, ""  # one name only
    if rng.random() < 0.3:  # a second given name: "Muhammad Rizki Saputra", "Siti Nur Aisyah"
        first = f"{first} {rng.choice(MALE if sex == 'L' else FEMALE)}"
    return first, rng.choice(SECOND_MALE if sex == "L" else SECOND_FEMALE)


def spell_variant(rng: random.Random, name: str) -> str:
    """One word of the name written in a variant spelling a registry uses; the name unchanged when none applies."""
    words = name.split()
    spots = [i for i, w in enumerate(words) if w in VARIANTS]
    if not spots:
        return name
    i = rng.choice(spots)
    options = [v for v in VARIANTS[words[i]] if len(words) > 1 or not v.endswith(".")]  # no lone "St."
    if not options:
        return name
    words[i] = rng.choice(options)
    return " ".join(words)


def ocr_slip(rng: random.Random, name: str) -> str:
    """Letters confused by OCR of a printed list or a handwritten sheet (rn/m, l/i, cl/d, ...)."""
    low = name.lower()
    options = [(a, b) for a, b in OCR if a in low]
    if not options:
        return name
    a, b = rng.choice(options)
    starts = [i for i in range(len(low)) if low.startswith(a, i) and i > 0]
    if not starts:
        return name
    at = rng.choice(starts)
    piece = b.upper() if name[at].isupper() else b
    return name[:at] + piece + name[at + len(a) :]


def truncate(name: str, limit: int = 25) -> str:
    """As a system with a fixed-width name field prints it: cut at the limit, mid-word."""
    return name[:limit].rstrip()
