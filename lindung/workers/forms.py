from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from lindung.lib.names import name_problem
from lindung.lib.nik import check_kk, check_nik
from lindung.regions.models import Region

from .models import FlagKind, Occupation, Segment, Worker


def known_region_codes(nik: str) -> tuple[set[str], set[str]]:
    """The region codes a NIK names that exist, and its kabupaten/kota if that one's kecamatan are loaded
    (the rest of the country is loaded down to kabupaten/kota only); one small query."""
    if len(nik) != 16:
        return set(), set()
    kabupaten = f"{nik[:2]}.{nik[2:4]}"
    wanted = [nik[:2], kabupaten, f"{kabupaten}.{nik[4:6]}"]
    codes = set(
        Region.objects.filter(Q(code__in=wanted) | Q(parent_id=kabupaten)).values_list("code", flat=True)
    )
    listed = {kabupaten} if any(code.startswith(kabupaten + ".") for code in codes) else set()
    return codes, listed


class ListedChoiceIterator(ModelChoiceIterator):
    """The options read in one round trip. Django's iterator() opens a server-side cursor on PostgreSQL
    (DECLARE, FETCH, CLOSE: three round trips) to save memory on lists far longer than these."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class DesaChoiceField(ListedChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        kecamatan = obj.parent.name if obj.parent else ""
        return f"{obj.name} — {kecamatan}"


class WorkerForm(forms.ModelForm):
    """The registry's rules for one person, shared by staff entry and the public form."""

    # Staff are told a NIK is in the registry already; the public form must not be (anyone could test NIKs).
    check_registered = True
    # When set (staff field entry), only a clash with these workers (the user's area) is named; a NIK registered
    # elsewhere passes the form and the view keeps the entry for review instead (issue 17, finding 4).
    registered_scope: Any = None

    nik = forms.CharField(label=_("NIK"), max_length=40)
    kk = forms.CharField(label=_("Nomor KK"), max_length=40, required=False)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Worker
        fields = [
            "nik",
            "kk",
            "name",
            "birth_place",
            "birth_date",
            "sex",
            "address",
            "desa",
            "phone",
            "occupation",
            "income",
            "segment",
            "agency",
            "desil",
        ]
        field_classes = {
            "desa": DesaChoiceField,
            "occupation": ListedChoiceField,
            "agency": ListedChoiceField,
        }

    def __init__(
        self,
        *args: Any,
        desa_queryset: Any = None,
        agency_queryset: Any = None,
        non_asn_only: bool = False,
        kabupaten: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if non_asn_only:
            # An OPD operator records its own agency's non-ASN staff, nobody else.
            self.fields["segment"].choices = [(Segment.NON_ASN.value, Segment.NON_ASN.label)]  # type: ignore[attr-defined]
            self.fields["agency"].required = True
            self.fields["agency"].empty_label = None  # type: ignore[attr-defined]
        if desa_queryset is not None:
            self.fields["desa"].queryset = desa_queryset.select_related("parent")  # type: ignore[attr-defined]
        if agency_queryset is not None:
            self.fields["agency"].queryset = agency_queryset  # type: ignore[attr-defined]
        # The deployment's occupations and those of the worker's kabupaten/kota (the user's, or the edited
        # worker's); a user of no kabupaten (a superuser) is offered every one, and clean() checks the desa.
        kabupaten = kabupaten or self.instance.kabupaten_id
        offered = Occupation.objects.for_kabupaten(kabupaten) if kabupaten else Occupation.objects.all()
        # A deactivated occupation stays on offer to the worker who has it: otherwise saving the form clears it.
        current = Occupation.objects.filter(pk=self.instance.occupation_id)
        occupation: Any = self.fields["occupation"]
        occupation.queryset = offered.filter(active=True) | current
        occupation.error_messages["invalid_choice"] = _(
            "Pekerjaan ini tidak ada dalam daftar pekerjaan kabupaten/kota ini; pilih dari daftar."
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.nik_warnings: list[str] = []

    def _get_validation_exclusions(self) -> set[str]:
        # The form's choice fields fetched the chosen desa, occupation and OPD through their querysets (subsets
        # of the tables); the model's foreign-key check would look each one up again.
        excluded: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]  # not in django-stubs
        return excluded | {"desa", "occupation", "agency"}

    def validate_unique(self) -> None:
        # clean() checked the NIK against the registry already, with the message the user gets.
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions() | {"nik"})
        except forms.ValidationError as e:
            self._update_errors(e)  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Nama terlalu pendek."))
        problem = name_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean_kk(self) -> str:
        kk, error = check_kk(self.cleaned_data.get("kk"))
        if error:
            raise forms.ValidationError(error)
        return kk

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        today = dt.date.today()
        if value > today:
            raise forms.ValidationError(_("Tanggal lahir tidak boleh di masa depan."))
        if value.year < today.year - 120:
            raise forms.ValidationError(_("Tanggal lahir terlalu lama; periksa tahunnya."))
        return value

    def clean_desil(self) -> int | None:
        desil = self.cleaned_data.get("desil")
        if desil is not None and not 1 <= desil <= 10:
            raise forms.ValidationError(_("Desil harus antara 1 dan 10."))
        return desil

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw_nik = data.get("nik")
        if raw_nik is not None:
            from lindung.lib.nik import clean_digits

            digits, _problem = clean_digits(raw_nik)
            # A Dukcapil record imported with a NIK/birth-date disagreement (a WorkerFlag) stays editable as long
            # as the edit leaves NIK, birth date and sex as they were; typing a new disagreement is refused.
            instance = self.instance
            tolerate = bool(
                instance.pk
                and (digits, data.get("birth_date"), data.get("sex"))
                == (instance.nik, instance.birth_date, instance.sex)
                and instance.flags.filter(kind=FlagKind.NIK_BIRTH).exists()
            )
            known, listed = known_region_codes(digits)
            result = check_nik(
                raw_nik,
                birth_date=data.get("birth_date"),
                sex=data.get("sex"),
                known_regions=known,
                kecamatan_listed=listed,
                tolerate_mismatch=tolerate,
            )
            for error in result.errors:
                self.add_error("nik", error)
            self.nik_warnings = result.warnings
            if result.ok:
                data["nik"] = result.nik
                clash = Worker.objects.filter(nik=result.nik).exclude(pk=self.instance.pk)
                if self.registered_scope is not None:
                    clash = clash.filter(pk__in=self.registered_scope.values("pk"))
                if self.check_registered and clash.exists():
                    self.add_error("nik", _("NIK ini sudah terdaftar di Lindung."))
        occupation, desa = data.get("occupation"), data.get("desa")
        if occupation is not None and desa is not None:
            problem = occupation.scope_problem(desa.code[:5])
            if problem:
                self.add_error("occupation", problem)
        if data.get("segment") == Segment.NON_ASN and not data.get("agency"):
            self.add_error("agency", _("Pekerja non-ASN harus dicatat OPD tempatnya bekerja."))
        if data.get("segment") == Segment.RENTAN:
            data["agency"] = None
        return data


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=60)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    # Approving a worker who fails an eligibility rule needs a written reason (recorded as an override).
    override_note = forms.CharField(required=False, max_length=500)
