"""Production collects the static files into a manifest (whitenoise's compressed manifest
storage), which refuses a stylesheet or script that refers to a file that is not there: the
vendored design system included."""

from django.core.management import call_command
from django.test import override_settings

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_collects_every_static_file_with_its_references(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
    collected = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert "staticfiles.json" in collected
    for name in (
        "vendor/uswds/css/uswds.min.css",
        "vendor/uswds/js/uswds.min.js",
        "css/portal.css",
    ):
        stem, ext = name.rsplit(".", 1)
        assert any(c.startswith(stem + ".") and c.endswith(f".{ext}.gz") for c in collected), name
