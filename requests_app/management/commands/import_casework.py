"""`manage.py import_casework DIR`: import casework CSV exports (requests_app.casework_import)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_app.services.casework_import import COLUMNS, ImportRejected, casework_import


class Command(BaseCommand):
    help = (
        "Import clients, cases, case members, assignments and relations from the case-management "
        "system's CSV exports. Give a folder holding any of "
        + ", ".join(f"{kind}.csv" for kind in COLUMNS)
        + ", or name files with --clients, --cases, ... Every row is validated first: one bad "
        "row imports nothing. Re-importing updates; it never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", type=Path, help="folder of CSV files")
        for kind in COLUMNS:
            parser.add_argument(f"--{kind.replace('_', '-')}", dest=kind, type=Path)

    def handle(self, *args: object, **options: object) -> None:
        files: dict[str, Path] = {}
        folder = options["folder"]
        if isinstance(folder, Path):
            if not folder.is_dir():
                raise CommandError(f"{folder} is not a folder")
            files = {k: folder / f"{k}.csv" for k in COLUMNS if (folder / f"{k}.csv").exists()}
        for kind in COLUMNS:
            if isinstance(options.get(kind), Path):
                files[kind] = options[kind]  # type: ignore[assignment]
        missing = [str(p) for p in files.values() if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        if not files:
            raise CommandError("no CSV files given; see --help for the file names and columns")
        try:
            report = casework_import(files=files)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(problem)
            raise CommandError(str(rejected)) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
