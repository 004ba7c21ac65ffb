"""Letters generated in Ukrainian from a case's facts and computed dates (issue 18).

Each use case: take the next outgoing number (17/0/<n>-<yy>), write the letter's text from the
case (application/letter_texts.py), render it (a `Render` port: DOCX with python-docx), keep the
bytes, and save in one transaction the number's sequence, the letter in the register and the
case's `DocumentAttached` (the hash in the event). A lost race retries with a fresh number, so
numbers stay gapless.
"""

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from application import letter_texts as texts
from application.calendar import calendar_of
from application.commands.letters import GenerateLetter
from application.correspondence import CorrespondenceService, Linked
from application.documents import DocumentService, Upload
from application.service import Caller
from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.correspondence import Letter, LetterDirection
from domain.documents import Document, DocumentKind
from domain.errors import TransitionNotAllowed
from domain.foi_request import FoiRequest, FoiStatus
from domain.meta import Ctx

Render = Callable[[texts.LetterText], bytes]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


OPEN_FOR_ANSWER = frozenset(
    {FoiStatus.RECEIVED, FoiStatus.IN_PROGRESS, FoiStatus.EXTENDED, FoiStatus.DEFERRED}
)


def _extended(r: FoiRequest) -> None:
    if r.extension is None:
        raise TransitionNotAllowed("FoiRequest", "send_extension_notice", str(r.status))


def _transferred(r: FoiRequest) -> None:
    if r.transferral is None:
        raise TransitionNotAllowed("FoiRequest", "send_transfer_notice", str(r.status))


def _answerable(r: FoiRequest) -> None:
    if r.status not in OPEN_FOR_ANSWER:
        raise TransitionNotAllowed("FoiRequest", "prepare_answer", str(r.status))


def _report_due(s: AidShipment) -> None:
    if s.report_due_on is None:
        raise TransitionNotAllowed("AidShipment", "send_report", str(s.status))


def _expiring(a: Agreement) -> None:
    if a.expires_on is None:
        raise TransitionNotAllowed("Agreement", "prepare_renewal_memo", str(a.status))


# Which case each letter needs, by the use case's name (the console offers only these).
LETTER_CHECKS: dict[str, Callable[[Any], None]] = {
    "extension_notice": _extended,
    "transfer_notice": _transferred,
    "answer_cover": _answerable,
    "aid_report_cover": _report_due,
    "renewal_memo": _expiring,
}


def letter_allowed(use_case: str, case: Any) -> bool:
    """Whether the case allows the letter now (the use case would refuse it otherwise)."""
    try:
        LETTER_CHECKS[use_case](case)
    except TransitionNotAllowed:
        return False
    return True


@dataclass(frozen=True)
class Generated:
    """A generated letter: the register's entry, the case's document, the log position."""

    letter: Letter
    document: Document
    case: Any
    position: int


class LetterService:
    """Generates the department's standard letters and files them with their cases."""

    def __init__(
        self, register: CorrespondenceService, documents: DocumentService, render: Render
    ) -> None:
        self.register = register
        self.documents = documents
        self.render = render

    def _generate(
        self,
        case_type: str,
        case_id: UUID,
        cmd: GenerateLetter,
        caller: Caller,
        kind: DocumentKind,
        compose: Callable[[Any, str, date], texts.LetterText],
        correspondent: Callable[[Any], str],
        check: Callable[[Any], None],
    ) -> Generated:
        service = self.register

        def attempt() -> Generated:
            ctx: Ctx = service.ctx(caller, cmd.note)
            cls = self.documents.case_class_of(case_type)
            case = service.get(cls, case_id)
            check(case)
            dated_on = cmd.dated_on or ctx.today
            link = Linked(case_type, case_id, getattr(case, "reference", None), case)
            document_id = uuid4()
            sequence, number = service.next_number(LetterDirection.OUTGOING, dated_on.year, ctx)
            text = compose(case, number, dated_on)
            data = self.render(text)
            upload = Upload(
                io.BytesIO(data),
                hashlib.sha256(data).hexdigest(),
                len(data),
                f"{number.replace('/', '-')} {text.kind}.docx",
                DOCX,
            )
            doc = case.attach_document(
                ctx,
                document_id=document_id,
                sha256=upload.sha256,
                name=upload.name,
                declared_type=DOCX,
                sniffed_type=self.documents.sniff(upload.file),
                size=upload.size,
                kind=kind,
                personal=False,
            )
            letter = Letter.register(
                ctx,
                direction=LetterDirection.OUTGOING,
                number=number,
                registered_on=dated_on,
                correspondent=correspondent(case),
                subject=text.title,
                case_type=link.case_type,
                case_id=link.case_id,
                case_reference=link.reference,
                document_id=document_id,
            )
            self.documents.files.put(upload)
            position = service.save(sequence, letter, case)
            return Generated(letter, doc, case, position)

        return service.retrying(attempt)

    # -- FOI requests (Law 2939-VI) ---------------------------------------------------------------

    def extension_notice(self, request_id: UUID, cmd: GenerateLetter, caller: Caller) -> Generated:
        """Art. 20(4): the notice of an extension, with its reasons and the new due date."""
        calendar = calendar_of(self.register.app)

        def compose(r: FoiRequest, number: str, dated_on: date) -> texts.LetterText:
            return texts.extension_notice(r, number, dated_on, r.due_on(calendar))

        return self._generate(
            "foi-requests",
            request_id,
            cmd,
            caller,
            DocumentKind.EXTENSION_NOTICE,
            compose,
            _requester,
            _extended,
        )

    def transfer_notice(self, request_id: UUID, cmd: GenerateLetter, caller: Caller) -> Generated:
        """Art. 22(3): the notice that the request went to the holder of the information."""

        return self._generate(
            "foi-requests",
            request_id,
            cmd,
            caller,
            DocumentKind.TRANSFER_LETTER,
            texts.transfer_notice,
            _requester,
            _transferred,
        )

    def answer_cover(self, request_id: UUID, cmd: GenerateLetter, caller: Caller) -> Generated:
        """The answer's cover letter; its number is the one to record with the answer."""
        calendar = calendar_of(self.register.app)

        def compose(r: FoiRequest, number: str, dated_on: date) -> texts.LetterText:
            return texts.answer_cover(r, number, dated_on, r.due_on(calendar))

        return self._generate(
            "foi-requests",
            request_id,
            cmd,
            caller,
            DocumentKind.ANSWER,
            compose,
            _requester,
            _answerable,
        )

    # -- shipments and agreements ------------------------------------------------------------------

    def aid_report_cover(self, shipment_id: UUID, cmd: GenerateLetter, caller: Caller) -> Generated:
        """The cover letter of the 90-day report on humanitarian aid."""

        return self._generate(
            "shipments",
            shipment_id,
            cmd,
            caller,
            DocumentKind.OTHER,
            texts.aid_report_cover,
            lambda s: "Міністерство соціальної політики України",
            _report_due,
        )

    def renewal_memo(self, agreement_id: UUID, cmd: GenerateLetter, caller: Caller) -> Generated:
        """An internal memo on the agreement's expiry and its notice deadline."""

        def compose(a: Agreement, number: str, dated_on: date) -> texts.LetterText:
            return texts.renewal_memo(a, number, dated_on, a.notice_deadline())

        return self._generate(
            "agreements",
            agreement_id,
            cmd,
            caller,
            DocumentKind.OTHER,
            compose,
            lambda a: "Міський голова",
            _expiring,
        )


def _requester(r: FoiRequest) -> str:
    return r.requester.name
