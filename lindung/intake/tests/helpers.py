from lindung.conftest import DESA_A
from lindung.workers.models import Occupation


def application(**overrides):
    data = {
        "nik": "1606014503900001",
        "kk": "1606010101200001",
        "name": "Nur Hayati",
        "birth_place": "Sekayu",
        "birth_date": "1990-03-05",
        "sex": "P",
        "address": "Dusun I RT 02",
        "desa": DESA_A,
        "phone": "0813-0000-0001",
        "occupation": str(Occupation.objects.get(code="petani").pk),
        "income": "1.500.000",
        "segment": "rentan",
        "agency": "",
        "is_asn": "tidak",
        "bpjs_active": "tidak",
        "consent": "on",
        "situs_web": "",
        "form_token": "token-0123456789abcdef",
    }
    data.update(overrides)
    return data
