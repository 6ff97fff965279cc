"""Given names common in Sumatera Selatan, for demo data. Many people carry one name only."""

MALE = [
    "Ahmad", "Muhammad", "Abdul", "Rudi", "Hendra", "Agus", "Budi", "Joko", "Syamsul", "Herman", "Iwan", "Yusuf",
    "Ridwan", "Darmawan", "Sukri", "Zainal", "Rahmat", "Hasan", "Husin", "Ismail", "Kurniawan", "Safrudin",
    "Mulyadi", "Sulaiman", "Amir", "Edi", "Firdaus", "Gunawan", "Heri", "Irwan", "Jamaludin", "Kamaludin",
    "Lukman", "Maman", "Nasrul", "Rusdi", "Saipul", "Taufik", "Wahyudi", "Yanto", "Zulkifli", "Aprizal",
    "Dedi", "Eko", "Fauzi", "Hamdani", "Imron", "Junaidi", "Khairul", "Mansur", "Nurdin", "Oktaviansyah",
]
FEMALE = [
    "Siti", "Nur", "Sri", "Dewi", "Yulianti", "Rina", "Fitri", "Aminah", "Maryam", "Rohani", "Suryani",
    "Wati", "Yuliana", "Zubaidah", "Asmawati", "Erlina", "Hartini", "Indah", "Juliana", "Kartini", "Lestari",
    "Marlina", "Nurhayati", "Rosmiati", "Sumarni", "Titin", "Umi", "Yanti", "Halimah", "Fatimah", "Khadijah",
    "Aisyah", "Rahmawati", "Susanti", "Novita", "Eka", "Desi", "Reni", "Mega", "Puspita",
]
SECOND = [
    "Saputra", "Pratama", "Wijaya", "Hidayat", "Syahputra", "Setiawan", "Kurniawan", "Santoso", "Nugroho",
    "Firmansyah", "Ramadhan", "Hakim", "Saleh", "Rasyid", "Effendi", "Sanjaya", "Permana", "Gunawan",
    "Harahap", "Siregar", "Lubis", "Nasution", "Rohman", "Anwar", "Usman", "Ibrahim", "Yahya", "Zakaria",
]
SECOND_FEMALE = [
    "Wati", "Sari", "Lestari", "Rahayu", "Handayani", "Pertiwi", "Susanti", "Wulandari", "Anggraini", "Purnama",
    "Maharani", "Safitri", "Aprilia", "Oktaviani", "Puspitasari", "Ningsih", "Fitriani", "Marlina", "Yuliani",
]
PLACES = ["Sekayu", "Palembang", "Lais", "Sungai Lilin", "Bayung Lencir", "Babat Toman", "Lahat", "Muara Enim",
          "Jambi", "Lubuk Linggau", "Prabumulih", "Banyuasin", "Keluang", "Tungkal Jaya", "Sanga Desa"]
STREETS = ["Jl. Merdeka", "Jl. Kolonel Wahid Udin", "Jl. Sudirman", "Jl. Lingkar", "Dusun I", "Dusun II",
           "Dusun III", "Dusun IV", "Lorong Damai", "Jl. Poros Desa", "RT 01", "RT 02", "RT 03"]
