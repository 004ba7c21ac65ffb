"""Small real files of each kind, made in memory, for upload tests."""

import io
import zipfile

# A minimal one-page PDF (valid enough for any sniffer: %PDF header and trailer).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5a9f70000000049454e44ae426082"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
TEXT = "Лист-відповідь № 17/0/972-24 від 12.01.2024\n".encode()


def docx() -> bytes:
    """A real DOCX made by python-docx."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Меморандум про співпрацю")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def zip_with(names: dict[str, bytes]) -> bytes:
    """A ZIP archive holding the given entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in names.items():
            z.writestr(name, data)
    return out.getvalue()
