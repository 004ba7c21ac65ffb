"""One-line descriptions of documents attached to and withdrawn from any case (issue 18).

Registered for each case type that keeps documents, as its class is defined (see
`domain.documents.Documents.__init_subclass__`), so a new case type needs no line here. A
personal paper's name is never said: it may name an FOI requester.
"""

from domain.describe import Facts, Line, describes, label, short_id

KIND_EN = {
    "signed_agreement": "signed agreement",
    "council_decision": "council decision",
    "request_letter": "request letter",
    "answer": "answer",
    "extension_notice": "extension notice",
    "transfer_letter": "transfer letter",
    "customs_declaration": "customs declaration",
    "receipt_act": "receipt act",
    "distribution_act": "distribution act",
    "photo": "photo",
    "other": "document",
}
KIND_UK = {
    "signed_agreement": "підписана угода",
    "council_decision": "рішення ради",
    "request_letter": "лист-запит",
    "answer": "відповідь",
    "extension_notice": "повідомлення про продовження строку",
    "transfer_letter": "лист про направлення запиту",
    "customs_declaration": "митна декларація",
    "receipt_act": "акт приймання",
    "distribution_act": "акт розподілу",
    "photo": "фото",
    "other": "документ",
}


def _size(value: object) -> str:
    size = int(str(value))
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} B"


def attached(f: Facts) -> Line:
    """'Attached signed agreement "Memorandum.pdf" (PDF, 1.2 MiB, sha256 1a2b3c4d)'."""
    kind = str(f["kind"])
    named = "" if f.get("personal") else f" «{f['name']}»"
    what = f"{str(f['media_type']).rsplit('/', 1)[-1]}, {_size(f['size'])}"
    digest = str(f["sha256"])[:8]
    en_name = "" if f.get("personal") else f' "{f["name"]}"'
    personal_en = ", personal" if f.get("personal") else ""
    personal_uk = ", з персональними даними" if f.get("personal") else ""
    return Line(
        f"Attached {label(KIND_EN, kind)}{en_name} ({what}{personal_en}, sha256 {digest})",
        f"Долучено: {label(KIND_UK, kind)}{named} ({what}{personal_uk}, sha256 {digest})",
    )


def withdrawn(f: Facts) -> Line:
    """'Document 1a2b3c4d withdrawn: sent in error'."""
    doc = short_id(f["document_id"])
    reason = f["reason"]
    return Line(f"Document {doc} withdrawn: {reason}", f"Документ {doc} вилучено: {reason}")


def register(case_type: str) -> None:
    """Describe the document events of a case type (called as the case class is defined)."""
    describes(f"{case_type}.DocumentAttached")(attached)
    describes(f"{case_type}.DocumentWithdrawn")(withdrawn)
