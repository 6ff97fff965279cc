"""The name lists, places and spellings of bench/dedup_villageset.py's village registry (see its docstring for
what they model). Data only: the generator draws from them."""

from __future__ import annotations

# An assumed split history of Muba's kecamatan (child → parent), plausible, not checked against the decrees.
CHILD_OF = {"13": "06", "10": "05", "08": "07", "14": "07", "12": "09", "11": "09", "15": "03", "04": "03"}
TRANSMIGRANT_KEC = {"07", "08", "11", "12", "14"}
OTHER_KABUPATEN = ["16.07", "16.71", "16.03", "16.73", "16.04", "18.01", "33.05", "33.12", "33.02", "35.02"]
JAVA_PLACES = ["Kebumen", "Wonogiri", "Banyumas", "Ponorogo", "Sragen", "Klaten", "Blitar", "Purworejo"]
SUMSEL_PLACES = [
    "Palembang",
    "Lubuk Linggau",
    "Muara Enim",
    "Lahat",
    "Prabumulih",
    "Baturaja",
    "Pangkalan Balai",
]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


def _w(text: str) -> list[str]:
    return text.split()


# Given names, most common first (the weights fall with the rank).
MALE_ONE = _w(
    "Slamet Sukirman Rusdi Herman Hasan Husin Usman Zainal Sutrisno Suparman Paijo Wagiman Tukiman Sumarno "
    "Kasiman Poniman Jumadi Rohim Syamsul Zulkifli Jamaludin Ismail Sulaiman Yusuf Amir Rudi Hendra Darmawan "
    "Mulyadi Junaidi Sarbini Matnur Rasyid Jauhari Fadli Romli Marzuki Basri Suwarno Mujiono Sarwono Rizki"
)
MALE_SECOND = _w(
    "Hidayat Saputra Santoso Susilo Prasetyo Kurniawan Setiawan Syahputra Pratama Wijaya Gunawan Firmansyah "
    "Ramadhan Hakim Efendi Irawan Rahman Fauzi Ansori Junaidi Mulyadi Sulaiman Yusuf Hartono Salim Arifin "
    "Ridwan Nurdin Zainuddin Hasanuddin Syarifuddin Kholil Abdullah Mukhlis Khairul Fikri Rosyid Anwar"
)
MALE_FIRST = _w(
    "Muhammad Ahmad Abdul Rudi Agus Budi Joko Eko Dedi Hendra Andi Rahmat Yusuf Ali Heri Doni Fajar Rizki "
    "Wahyu Bambang Dian Arif Iwan Edi Rian Bayu Khairul Syamsul Zulkifli Hasan Imam Nur"
)
ABDUL_TAIL = _w("Rahman Rahim Hamid Karim Aziz Malik Majid Gani Halim Wahab Manan Latif Razak Salam Somad")
FEMALE_ONE = _w(
    "Sumiati Rohani Yulianti Ernawati Herlina Murniati Rosmala Juwita Marlina Mardiana Susanti Rusmini "
    "Salmah Hasnah Jamilah Nurhayati Rosidah Masitoh Sumarni Suparmi Wartini Painem Tukiyem Ponirah Aminah "
    "Fatimah Halimah Zubaidah Maryam Khadijah Aisyah Nuraini Rukiah Komariah Saodah Yanti Erna Lestari"
)
FEMALE_FIRST = _w("Siti Nur Sri Dewi Eka Fitri Ratna Indah Desi Yuni Rina Novi Ayu Lilis Wulan Dwi Rini Tuti")
FEMALE_SECOND = _w(
    "Aminah Fatimah Maryam Khadijah Aisyah Rohani Zubaidah Rahmah Hajar Saodah Komariah Rukiah Halimah "
    "Hayati Aini Asiah Laila Jannah Hasanah Azizah Fadilah Wahyuni Rahayu Lestari Mulyani Utami Sundari "
    "Handayani Astuti Wulandari Purnamasari Susanti Oktaviani Rahmawati Anggraini Puspita Safitri Maharani "
    "Sari Ningsih Yanti Marlina"
)
JAVA_MALE = _w(
    "Slamet Sukirman Sutrisno Suparman Paijo Wagiman Tukiman Sumarno Kasiman Poniman Mujiono Sarwono"
)
JAVA_PREFIX = _w("Su Sa Tu Pa Wa Ka Mu War Ju Ra Da Po Sar Tri")
JAVA_ROOT = _w("mar par kir tris gi ji lam rip wi ya har nar kar di i mi ri to wo jo")
JAVA_END_MALE = _w("man no to di jo yo min ri wan ran din")
JAVA_END_FEMALE = _w("ni mi yem nem tun yati ti rah nah sih yah")
JAVA_FEMALE = ["Sumiati", "Sumarni", "Suparmi", "Wartini", "Painem", "Tukiyem", "Ponirah", "Sri Lestari",
               "Sri Wahyuni"]  # fmt: skip
COMMON = [("L", ["Muhammad", "Rizki"]), ("L", ["Ahmad"]), ("P", ["Siti", "Aminah"]), ("P", ["Nurhayati"]),
          ("L", ["Slamet"]), ("L", ["Muhammad", "Ali"]), ("P", ["Siti", "Fatimah"]), ("L", ["Rudi", "Hartono"])]  # fmt: skip
TWIN_SWAP = {"Hasan": "Husin", "Husin": "Hasan", "Aini": "Aina", "Rizki": "Rizka", "Fajar": "Fajri"}
NOBLE_MALE, NOBLE_FEMALE = ["Kgs.", "Mgs.", "Kms.", "R."], ["Nyimas", "Nyayu"]
NOBLE_LONG = {"Kgs.": "Kiagus", "Mgs.": "Masagus", "Kms.": "Kemas", "R.": "Raden"}
DEGREES = ["S.Pd.", "S.E.", "S.H.", "S.Ag.", "A.Md.", "S.Kom."]
OCCUPATIONS = (
    ["PETANI/PEKEBUN"] * 6 + ["BURUH HARIAN LEPAS"] * 4 + ["BURUH TANI/PERKEBUNAN"] * 4 + ["PEDAGANG"] * 3
    + ["NELAYAN/PERIKANAN", "TUKANG BATU", "TUKANG KAYU", "SOPIR", "WIRASWASTA", "TUKANG JAHIT"]
)  # fmt: skip
OCCUPATION_SAID = {"PETANI/PEKEBUN": "Petani", "BURUH HARIAN LEPAS": "Buruh harian", "PEDAGANG": "Pedagang",
                   "BURUH TANI/PERKEBUNAN": "Buruh kebun sawit", "TUKANG BATU": "Tukang bangunan",
                   "NELAYAN/PERIKANAN": "Nelayan", "SOPIR": "Sopir", "WIRASWASTA": "Wiraswasta"}  # fmt: skip
STREETS = _w("Merdeka Lintas Timur Sudirman Kolonel Wahid Udin Perintis Kemerdekaan Pendidikan Masjid Pasar")

# Spellings of one name; a record picks any of its class.
_CLASSES = [
    "Muhammad Muhamad Mohammad Mochammad Moh. M. Mhd.",
    "Ahmad Achmad Akhmad Ahmat",
    "Nur Noer",
    "Siti St.",
    "Abdul Abd. Abdoel",
    "Rahmat Rachmat Rakhmat",
    "Khairul Chairul Hairul",
    "Syamsul Sjamsul Samsul",
    "Yusuf Jusuf Yusup",
    "Zainuddin Zainudin",
    "Hasanuddin Hasanudin",
    "Syarifuddin Syarifudin Sjarifuddin",
    "Fadli Fadhli Fadly",
    "Rizki Rizky Risky Rizqi",
    "Rudi Rudy",
    "Yulianti Yuliyanti Julianti",
    "Fatimah Fatmah Patimah",
    "Khadijah Khodijah Kadijah",
    "Aisyah Aisah",
    "Sutrisno Soetrisno",
    "Suparman Soeparman",
    "Sumarni Soemarni",
    "Joko Djoko",
    "Jamaludin Jamaluddin Djamaluddin",
    "Hidayat Hidajat",
    "Mukhlis Muchlis Muklis",
    "Ramadhan Ramadan Romadhon",
    "Efendi Effendi Efendy",
    "Firmansyah Firmansah",
    "Ansori Anshori Anshory",
    "Fauzi Fauzy Fauzie",
    "Junaidi Junaedi",
    "Komariah Qomariah Komariyah",
    "Rukiah Rukiyah Ruqayah",
    "Maryam Mariam Mariyam",
    "Saodah Saudah",
    "Syahputra Syaputra Sahputra",
    "Rosidah Rosida Rasyidah",
    "Masitoh Masithoh Masita",
    "Zulkifli Zulkifly",
    "Abdullah Abdulah",
    "Kholil Khalil Cholil",
    "Rosyid Rasyid Rosid",
    "Jumadi Djumadi",
    "Marzuki Marjuki",
]
VARIANTS = {w: c.split() for c in _CLASSES for w in c.split()}
SPLITS = {
    "Nurhayati": "Nur Hayati",
    "Nuraini": "Nur Aini",
    "Abdurrahman": "Abdul Rahman",
    "Matnur": "Mat Nur",
}
JOINS = {v: k for k, v in SPLITS.items()}
NEIGHBOURS = dict(zip("qwertyuiopasdfghjklzxcvbnm", "wertyuioposdfghjklkxcvbnmn", strict=True))
PLACE_VARIANTS = [("Sungai ", "Sei "), ("Lubuk Linggau", "Lubuklinggau"), ("Palembang", "Plg"), ("Muara ", "Muaro "),
                  ("Babat Toman", "Babattoman"), ("Pangkalan Balai", "Pkl. Balai"), ("Sekayu", "Skayu")]  # fmt: skip
