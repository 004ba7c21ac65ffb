"""HTTP: letters generated from a case's facts, attached to it and registered (issue 18)."""

from datetime import date
from uuid import UUID

import msgspec
from litestar import Controller, Response, post

from application.commands.letters import GenerateLetter
from application.letters import Generated, LetterService
from application.service import Caller
from interfaces.http.auth import can_manage, can_write
from interfaces.http.documents import DocumentView, view


class GeneratedLetter(msgspec.Struct):
    """The letter's number and date, the document attached to the case, the case's version."""

    number: str
    dated_on: date
    letter_id: UUID
    document: DocumentView
    case_id: UUID
    version: int
    position: int


def reply(g: Generated, case_type: str) -> Response[GeneratedLetter]:
    """201 with the letter and a Location of its document."""
    base = f"/{case_type}/{g.case.id}/documents"
    body = GeneratedLetter(
        number=g.letter.number,
        dated_on=g.letter.registered_on,
        letter_id=g.letter.id,
        document=view(g.document, base),
        case_id=g.case.id,
        version=g.case.version,
        position=g.position,
    )
    return Response(
        body,
        status_code=201,
        headers={"Location": body.document.href, "ETag": f'"{g.case.version}"'},
    )


class GeneratedLetterController(Controller):
    """Standard letters in Ukrainian: DOCX, numbered 17/0/<n>-<yy>, filed with their case."""

    path = "/"
    tags = ["letters"]

    @post(
        "/foi-requests/{request_id:uuid}/letters/extension-notice",
        guards=[can_manage],
        sync_to_thread=True,
        status_code=201,
    )
    def extension_notice(
        self, request_id: UUID, data: GenerateLetter, letters: LetterService, caller: Caller
    ) -> Response[GeneratedLetter]:
        """Art. 20(4): the extension notice (reasons, the new due date) of an extended request."""
        return reply(letters.extension_notice(request_id, data, caller), "foi-requests")

    @post(
        "/foi-requests/{request_id:uuid}/letters/transfer-notice",
        guards=[can_write],
        sync_to_thread=True,
        status_code=201,
    )
    def transfer_notice(
        self, request_id: UUID, data: GenerateLetter, letters: LetterService, caller: Caller
    ) -> Response[GeneratedLetter]:
        """Art. 22(3): the notice that the request went to the holder of the information."""
        return reply(letters.transfer_notice(request_id, data, caller), "foi-requests")

    @post(
        "/foi-requests/{request_id:uuid}/letters/answer-cover",
        guards=[can_write],
        sync_to_thread=True,
        status_code=201,
    )
    def answer_cover(
        self, request_id: UUID, data: GenerateLetter, letters: LetterService, caller: Caller
    ) -> Response[GeneratedLetter]:
        """The answer's cover letter; record the answer with its number."""
        return reply(letters.answer_cover(request_id, data, caller), "foi-requests")

    @post(
        "/shipments/{shipment_id:uuid}/letters/report-cover",
        guards=[can_write],
        sync_to_thread=True,
        status_code=201,
    )
    def report_cover(
        self, shipment_id: UUID, data: GenerateLetter, letters: LetterService, caller: Caller
    ) -> Response[GeneratedLetter]:
        """The cover letter of the 90-day report on the aid."""
        return reply(letters.aid_report_cover(shipment_id, data, caller), "shipments")

    @post(
        "/agreements/{agreement_id:uuid}/letters/renewal-memo",
        guards=[can_write],
        sync_to_thread=True,
        status_code=201,
    )
    def renewal_memo(
        self, agreement_id: UUID, data: GenerateLetter, letters: LetterService, caller: Caller
    ) -> Response[GeneratedLetter]:
        """An internal memo on the agreement's expiry and its notice deadline."""
        return reply(letters.renewal_memo(agreement_id, data, caller), "agreements")
