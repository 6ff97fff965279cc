from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.accounts.models import Agency
from lindung.accounts.selectors import admin_kabupaten
from lindung.enrolment.batches import layout_for
from lindung.enrolment.export_layout import DATE_FIELDS, DATE_FORMATS, DEFAULT_COLUMNS, FIELDS, FIXED
from lindung.enrolment.models import ExportLayout, FundingSource
from lindung.regions.models import Region
from lindung.workers.models import NotWorking, Occupation, OccupationAlias, alias_key

from .selectors import layouts_sharing_names, occupations_sharing_codes


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


class OccupationForm(forms.ModelForm):
    """An occupation of the deployment (no kabupaten) or of one kabupaten/kota. The view gives an Admin Dinas's
    new occupation the admin's kabupaten; only a superuser chooses, and only when creating: workers of that
    kabupaten may hold it afterwards."""

    class Meta:
        model = Occupation
        fields = ["name", "code", "bpjs_code", "kabupaten"]
        help_texts = {
            "code": gettext_lazy(
                "Dipakai API dan berkas impor. Kosongkan agar dibuat dari nama; tidak dapat diubah nanti."
            ),
            "bpjs_code": gettext_lazy(
                "Kode pekerjaan menurut BPJS Ketenagakerjaan, untuk kolom Kode pekerjaan BPJS di berkas "
                "pendaftaran ke kantor cabang."
            ),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True  # eligibility rules and API clients refer to the code
        scope_field(self.fields["kabupaten"], user, fixed=bool(self.instance.pk) or not user.is_superuser)

    def clean_name(self) -> str:
        name = _one_line(self.cleaned_data["name"])
        if len(name) < 2:
            raise ValidationError(_("Nama pekerjaan terlalu pendek."))
        return name

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kabupaten = data.get("kabupaten")
        same_scope = occupations_sharing_codes(kabupaten.code if kabupaten else None).exclude(
            pk=self.instance.pk
        )
        if data.get("name") and same_scope.filter(name__iexact=data["name"]).exists():
            self.add_error("name", _("Pekerjaan dengan nama ini sudah ada."))
        if data.get("code") and not self.instance.pk and same_scope.filter(code=data["code"]).exists():
            self.add_error("code", _("Kode ini sudah dipakai pekerjaan lain."))
        return data

    def clean_bpjs_code(self) -> str:
        code = "".join((self.cleaned_data.get("bpjs_code") or "").split())
        if code and not re.fullmatch(r"[A-Za-z0-9./-]+", code):
            raise ValidationError(
                _("Kode pekerjaan BPJS hanya berisi huruf, angka, titik, garis miring, atau -.")
            )
        return code


def scope_field(field: forms.Field, user: Any, *, fixed: bool) -> None:
    """The "khusus kabupaten/kota" select of an occupation or a layout: empty for the whole deployment. An Admin
    Dinas only sees the scope (the view sets its kabupaten on a new row); a superuser picks any kabupaten."""
    assert isinstance(field, forms.ModelChoiceField)
    kabupaten = Region.objects.filter(level=Region.Level.KABUPATEN)
    if not user.is_superuser:
        kabupaten = kabupaten.filter(code=admin_kabupaten(user).code)
    field.queryset = kabupaten.order_by("name")
    field.empty_label = _("Semua kabupaten/kota")
    field.required = False
    field.disabled = fixed
    field.help_text = _(
        "Kosong: berlaku di semua kabupaten/kota aplikasi ini. Diisi: hanya di kabupaten/kota itu."
    )


class OccupationAliasForm(forms.ModelForm):
    """An alias of the deployment (no kabupaten) or of one kabupaten/kota, as OccupationForm: an Admin Dinas's new
    alias is the admin's kabupaten's (the view sets it), only a superuser chooses, and only when creating. A
    kabupaten's alias may repeat the text of a deployment-wide one: that kabupaten's imports read their own."""

    class Meta:
        model = OccupationAlias
        fields = ["text", "occupation", "not_working", "kabupaten"]
        help_texts = {
            "text": gettext_lazy(
                "Seperti tertulis di berkas (OpenSID, SIAK, P3KE, daftar desa). Huruf besar/kecil, spasi dan "
                "tanda baca diabaikan saat dicocokkan."
            ),
            "occupation": gettext_lazy("Kosongkan hanya untuk orang yang bukan pekerja."),
            "not_working": gettext_lazy(
                "Diisi bila tulisan ini berarti orangnya tidak bekerja: ia tetap diimpor, dengan tanda yang "
                "harus diselesaikan verifikator sebelum disetujui."
            ),
        }

    def __init__(self, *args: Any, user: Any, occupations: QuerySet[Occupation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Inactive occupations too: the state's own staff (PNS/TNI/Polri) is one, never offered in forms.
        self.fields["occupation"].queryset = occupations.order_by("-active", "name")  # type: ignore[attr-defined]
        self.fields["not_working"].choices = [("", _("— pekerja —")), *NotWorking.choices]  # type: ignore[attr-defined]
        scope_field(self.fields["kabupaten"], user, fixed=bool(self.instance.pk) or not user.is_superuser)

    def clean_text(self) -> str:
        text = _one_line(self.cleaned_data["text"])
        if not alias_key(text):
            raise ValidationError(_("Tulis pekerjaan seperti di berkas."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kabupaten, occupation = data.get("kabupaten"), data.get("occupation")
        if data.get("text"):
            same_scope = OccupationAlias.objects.filter(key=alias_key(data["text"]), kabupaten=kabupaten)
            if same_scope.exclude(pk=self.instance.pk).exists():
                self.add_error("text", _("Tulisan ini sudah ada di daftar padanan."))
        if occupation is not None and occupation.kabupaten_id not in (None, kabupaten and kabupaten.code):
            # Only a superuser's new alias can get here: the others are offered their scope's occupations only.
            if kabupaten is None:
                message = _(
                    "Padanan untuk semua kabupaten/kota hanya dapat menunjuk pekerjaan untuk semua kabupaten/kota."
                )
            else:
                message = _(
                    "Pekerjaan ini khusus %(owner)s; padanan khusus %(here)s hanya dapat menunjuk pekerjaan "
                    "%(here)s atau pekerjaan untuk semua kabupaten/kota."
                ) % {"owner": occupation.kabupaten.name, "here": kabupaten.name}
            self.add_error("occupation", message)
        if not occupation and not data.get("not_working"):
            raise ValidationError(_("Pilih pekerjaan di Lindung, atau alasan orangnya bukan pekerja."))
        return data


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name"]
        help_texts = {
            "code": gettext_lazy(
                "Singkatan resmi, misalnya DINKES. Dipakai berkas impor; tidak dapat diubah nanti."
            ),
        }
        error_messages = {"code": {"unique": gettext_lazy("Kode OPD ini sudah dipakai.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9.\-_]*", code):
            raise ValidationError(
                _("Kode hanya boleh berisi huruf, angka, titik, garis bawah, dan tanda hubung.")
            )
        return code

    def clean_name(self) -> str:
        name = _one_line(self.cleaned_data["name"])
        same = Agency.objects.filter(kabupaten_id=self.instance.kabupaten_id, name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("OPD dengan nama ini sudah ada di kabupaten Anda."))
        return name


class RupiahField(forms.IntegerField):
    """Whole Rupiah as people write it: 1.500.000, Rp 1.500.000 or 1500000."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = re.sub(r"[,.]00$", "", value.strip())
            value = re.sub(r"(?i)^rp\.?|[\s.]", "", value)
        return super().to_python(value)


class FundingSourceForm(forms.ModelForm):
    declared_income = RupiahField(
        label=gettext_lazy("Penghasilan yang didaftarkan (Rp)"),
        min_value=1,
        max_value=1_000_000_000,
        help_text=gettext_lazy("Penghasilan yang dilaporkan ke BPJS untuk setiap peserta program ini."),
        error_messages={"invalid": gettext_lazy("Tulis jumlah dalam angka, misalnya 1.000.000.")},
    )

    class Meta:
        model = FundingSource
        fields = ["name", "kind", "group_code", "declared_income", "agency"]
        labels = {"agency": gettext_lazy("OPD")}
        help_texts = {"agency": gettext_lazy("Hanya untuk jenis Anggaran OPD.")}

    def __init__(self, *args: Any, kabupaten: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(kabupaten=kabupaten)
        self.kabupaten = kabupaten

    def clean_name(self) -> str:
        name = _one_line(self.cleaned_data["name"])
        same = FundingSource.objects.filter(kabupaten=self.kabupaten, name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Sumber dana dengan nama ini sudah ada di kabupaten Anda."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == FundingSource.Kind.OPD:
            if not data.get("agency") and "agency" not in self.errors:
                self.add_error("agency", _("Pilih OPD yang membiayai program ini."))
        else:
            data["agency"] = None  # only an OPD budget belongs to an agency
        return data


def field_choices() -> list[tuple[str, str]]:
    labels = {
        "no": _("Nomor urut"),
        "nik": _("NIK"),
        "name": _("Nama lengkap"),
        "birth_place": _("Tempat lahir"),
        "birth_date": _("Tanggal lahir"),
        "sex": _("Jenis kelamin (L/P)"),
        "address": _("Alamat"),
        "desa": _("Desa/kelurahan"),
        "kecamatan": _("Kecamatan"),
        "occupation": _("Pekerjaan"),
        "phone": _("Nomor HP"),
        "income": _("Penghasilan yang didaftarkan"),
        "programs": _("Program (JKK+JKM)"),
        "group_code": _("Kode wadah"),
        "coverage_start": _("Mulai kepesertaan"),
        "kk": _("Nomor KK"),
        "occupation_bpjs": _("Kode pekerjaan BPJS"),
        FIXED: _("Teks tetap"),
    }
    # A field added to the export later is offered under its own name until it gets a label here.
    return [("", _("— pilih isian —"))] + [(f, f"{labels.get(f, f)} ({f})") for f in FIELDS]


class ColumnForm(forms.Form):
    header = forms.CharField(
        label=gettext_lazy("Judul kolom"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": gettext_lazy("Judul kolom")}),
    )
    field = forms.ChoiceField(
        label=gettext_lazy("Isian"),
        required=False,
        widget=forms.Select(attrs={"aria-label": gettext_lazy("Isian")}),
        error_messages={
            "invalid_choice": gettext_lazy("Isian “%(value)s” tidak dikenal; pilih dari daftar.")
        },
    )

    option = forms.CharField(
        label=gettext_lazy("Teks tetap / format tanggal"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": gettext_lazy("Teks tetap atau format tanggal")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = field_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        header, field = _one_line(data.get("header") or ""), data.get("field") or ""
        option = _one_line(data.get("option") or "")
        data["header"] = header
        if header and not field and "field" not in self.errors:
            self.add_error("field", _("Pilih isian untuk kolom ini."))
        if field and not header:
            self.add_error("header", _("Tulis judul kolom seperti di berkas BPJS."))
        if field in DATE_FIELDS and option:
            option = option.lower()
            if option not in DATE_FORMATS:
                self.add_error(
                    "option",
                    _(
                        "Format tanggal tidak dikenal; tulis salah satu: %(f)s, atau kosongkan untuk sel tanggal."
                    )
                    % {"f": ", ".join(DATE_FORMATS)},
                )
        elif field and field != FIXED and option:
            self.add_error(
                "option",
                _("Isi ini hanya untuk isian Teks tetap (teksnya) atau tanggal (formatnya); kosongkan."),
            )
        data["option"] = option
        return data


class BaseColumnFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].widget.attrs.update({"aria-label": _("Urutan"), "min": 1})
        form.fields["DELETE"].widget.attrs["aria-label"] = _("Hapus kolom ini")


ColumnFormSet = forms.formset_factory(
    ColumnForm,
    formset=BaseColumnFormSet,
    extra=5,
    can_order=True,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


class LayoutForm(forms.Form):
    """A layout's name and its ordered columns (a formset); the model's own check runs on the result."""

    name = forms.CharField(label=gettext_lazy("Nama tata letak"), max_length=100)
    kabupaten = forms.ModelChoiceField(
        Region.objects.none(), label=gettext_lazy("Khusus kabupaten/kota"), required=False
    )

    def __init__(self, data: Any = None, *, layout: ExportLayout, user: Any) -> None:
        self.layout = layout
        super().__init__(data, initial={"name": layout.name, "kabupaten": layout.kabupaten_id})
        # An Admin Dinas's layout is its kabupaten's (the view sets it); a superuser may move one (no row
        # depends on a layout's scope: a batch keeps the layout it was exported with).
        scope_field(self.fields["kabupaten"], user, fixed=not user.is_superuser)
        columns = layout.columns if layout.pk else _default_columns(layout.kabupaten_id)
        initial = [
            {"header": c[0], "field": c[1], "option": c[2] if len(c) > 2 else "", "ORDER": i}
            for i, c in enumerate(columns, start=1)
        ]
        self.columns = ColumnFormSet(data, initial=initial, prefix="kolom")

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kabupaten = data.get("kabupaten")
        same_scope = layouts_sharing_names(kabupaten.code if kabupaten else None).exclude(pk=self.layout.pk)
        if data.get("name") and same_scope.filter(name__iexact=data["name"]).exists():
            self.add_error("name", _("Tata letak dengan nama ini sudah ada."))
        if not self.columns.is_valid():
            raise ValidationError(_("Periksa kolom yang ditandai di bawah."))
        columns = [
            [form.cleaned_data["header"], form.cleaned_data["field"]]
            + ([form.cleaned_data["option"]] if form.cleaned_data.get("option") else [])
            for form in self.columns.ordered_forms
            if form.cleaned_data.get("field")
        ]
        if not columns:
            raise ValidationError(_("Tata letak harus punya paling sedikit satu kolom."))
        headers = [c[0].lower() for c in columns]
        twice = sorted({c[0] for c in columns if headers.count(c[0].lower()) > 1})
        if twice:
            raise ValidationError(_("Judul kolom dipakai dua kali: %(h)s.") % {"h": ", ".join(twice)})
        if "name" in data:
            self.layout.name = data["name"]
        self.layout.kabupaten = data.get("kabupaten")
        self.layout.columns = columns
        try:
            # The name was checked above, without case and against the shared layouts too.
            self.layout.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error("name" if field == "name" else None, messages)
        return data


def _default_columns(kabupaten: str | None) -> list[list[str]]:
    default = layout_for(kabupaten)
    return list(default.columns) if default else [list(c) for c in DEFAULT_COLUMNS]
