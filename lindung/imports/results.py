"""What checking a row gives: its kind (valid, invalid, a duplicate…), its messages and the values to stage.

Checker.check_row makes a RowResult; registry.Classifier, the report, the follow-ups and the writer read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VALID, INVALID, DUPLICATE, REGISTERED = "valid", "invalid", "duplicate", "registered"
# A person the source records as dead, moved or missing: never a new worker. For a registered worker such a row
# is a change to review (the re-import of registered workers reads these rows; registry.Classifier keeps them).
INACTIVE = "inactive"
# A field-collection submission its reviewer rejected (ODK Central ReviewState "rejected", Kobo
# _validation_status "validation_status_not_approved"): not imported, counted apart.
REJECTED = "rejected"
# The order of the staged CSV, which is also the column order COPY writes into workers_worker.
STAGE_FIELDS = [
    "nik", "kk", "name", "name_key", "birth_place", "birth_date", "sex", "address", "desa_id", "kecamatan_id",
    "kabupaten_id", "phone", "occupation_id", "income", "segment", "agency_id", "source", "source_ref", "desil",
]  # fmt: skip
REFUSED_MISMATCH = (
    "nik_ditolak"  # a RowResult flag: refused only because the NIK's birth date or sex disagrees
)


@dataclass(slots=True)
class RowResult:
    row_no: int
    cells: list[Any]
    kind: str = VALID
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key, message)
    warnings: list[str] = field(default_factory=list)
    staged: list[Any] | None = None
    nik: str = ""
    probable: bool = False
    flags: list[tuple[str, str]] | None = None  # (FlagKind, detail): for the verifier, see WorkerFlag
    unmapped: str | None = None  # an occupation that fell to Lainnya, as written
    enumerator: str | None = (
        None  # who collected a field submission (ODK Central/Kobo), as the export names them
    )

    @property
    def message(self) -> str:
        return "; ".join([m for _k, m in self.errors] + self.warnings)
