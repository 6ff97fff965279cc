import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.regions.loader import (
    PACKAGED_BASIS,
    RegionFileError,
    file_rows,
    load_regions,
    packaged_rows,
    select,
)


class Command(BaseCommand):
    help = (
        "Muat kode wilayah Kemendagri: semua provinsi dan kabupaten/kota, ditambah kecamatan dan desa satu "
        "kabupaten/kota (mis. 16.06) atau seluruh Indonesia (--all)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kabupaten", nargs="?", help="kode kabupaten/kota, mis. 16.06")
        parser.add_argument("--all", action="store_true", help="kecamatan dan desa seluruh Indonesia")
        parser.add_argument("--file", type=Path, help="CSV resmi yang lebih baru (kode,nama per baris)")

    def handle(self, *args: object, **options: object) -> None:
        scope = options["kabupaten"]
        if not options["all"] and not scope:
            raise CommandError("Sebutkan kode kabupaten/kota (mis. 16.06) atau --all.")
        if scope and not re.fullmatch(r"\d{2}\.\d{2}", str(scope)):
            raise CommandError(f"Kode kabupaten/kota {scope!r} tidak sah; contoh: 16.06.")
        path = options["file"]
        try:
            rows = file_rows(path) if isinstance(path, Path) else packaged_rows()
            selected = select(rows, None if options["all"] else str(scope))
            if scope and not any(c == scope or c.startswith(f"{scope}.") for c, _n in selected):
                raise CommandError(f"Kode {scope} tidak ada dalam data wilayah.")
            source = path.name if isinstance(path, Path) else PACKAGED_BASIS
            report = load_regions(selected, source=source)
        except (RegionFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Wilayah: {report.added} ditambah, {report.renamed} berganti nama, {report.unchanged} tetap; "
            f"{report.aliases} nama lama dicatat sebagai nama lain."
        )
        for code, old, new in report.renames:
            self.stdout.write(f"  {code}: {old} -> {new}")
