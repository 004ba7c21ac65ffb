"""Letters laid out as DOCX with python-docx: the council's heading, number and date, text."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from application.letter_texts import DEPARTMENT, LetterText
from domain.describe import day


def render_docx(letter: LetterText) -> bytes:
    """The letter as the bytes of a .docx file."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    head = doc.add_paragraph(DEPARTMENT)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"№ {letter.number} від {day(letter.dated_on)}")
    to = doc.add_paragraph(letter.addressee)
    to.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = doc.add_paragraph(letter.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    for text in letter.paragraphs:
        doc.add_paragraph(text)
    for line in letter.signature.split("\n"):
        doc.add_paragraph(line)
    doc.core_properties.title = letter.title
    doc.core_properties.identifier = letter.number
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
