"""Attaching a record to a request."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from requests_app.choices import RedactionBasis
from requests_app.redaction.documents import DocumentLimits


class DocumentUploadForm(forms.Form):
    """One file: a PDF, or a PNG, JPEG or TIFF image (one page per frame). Its type, pages and
    structure are checked from its content by the service; here only its size, before reading."""

    file = forms.FileField(
        label="Record to attach",
        allow_empty_file=True,  # refused below, naming the file
        help_text="A PDF, or a PNG, JPEG or TIFF image (each image frame becomes a page).",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limits = DocumentLimits.from_settings()
        self.max_bytes = limits.max_bytes
        self.fields[
            "file"
        ].help_text += (
            f" At most {limits.max_bytes // (1024 * 1024)} MB and {limits.max_pages} pages."
        )
        self.fields["file"].error_messages["required"] = "Choose a file to attach."

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not upload.size:
            raise forms.ValidationError(f"{upload.name}: is empty (0 bytes).")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"{upload.name}: is {upload.size:,} bytes, over the limit of "
                f"{self.max_bytes:,} bytes."
            )
        return upload


REASONS = [("", "Choose the reason"), *RedactionBasis.choices]


class BoxForm(forms.Form):
    """A box drawn on a page: its corners in points from the page's top-left corner (the editor
    fills them when a box is drawn with a pointer; they can be typed)."""

    page = forms.IntegerField(label="Page", min_value=1, widget=forms.HiddenInput)
    x0 = forms.FloatField(label="Left", min_value=0)
    y0 = forms.FloatField(label="Top", min_value=0)
    x1 = forms.FloatField(label="Right", min_value=0)
    y1 = forms.FloatField(label="Bottom", min_value=0)
    reason = forms.ChoiceField(label="Reason", choices=REASONS)


class WholePageForm(forms.Form):
    """Withhold a whole page."""

    page = forms.IntegerField(label="Page", min_value=1, widget=forms.HiddenInput)
    reason = forms.ChoiceField(label="Reason", choices=REASONS)


class TextSearchForm(forms.Form):
    """Find a word or phrase in the record's text and redact every place it appears."""

    term = forms.CharField(label="Word or phrase", max_length=200)
    reason = forms.ChoiceField(label="Reason", choices=REASONS)
