"""HTTP resource /letters: the correspondence register (issue 18)."""

import io
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from application.commands.correspondence import RegisterIncomingLetter, RegisterOutgoingLetter
from application.correspondence import CorrespondenceService
from application.service import Caller
from application.spreadsheet import SafeCsvWriter
from domain.correspondence import Letter, LetterDirection
from interfaces.http.auth import can_read, can_write
from interfaces.http.lists import Cursor, Limit, MinPosition, Search, waits_for
from projections.correspondence import LetterFilter
from projections.reads import Listing, ReadModels
from projections.reads.letters import LetterItem, LetterPage

LetterQuery = Listing[LetterFilter]
Year = Annotated[int, Parameter(ge=1991, le=2199, description="the register's year")]
CSV_COLUMNS = [
    "direction",
    "number",
    "registered_on",
    "correspondent",
    "subject",
    "sender_number",
    "sender_dated_on",
    "case_type",
    "case_reference",
    "case_id",
    "document_id",
]


def letter_query(
    year: Annotated[int | None, Parameter(ge=1991, le=2199)] = None,
    direction: LetterDirection | None = None,
    case_id: UUID | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> LetterQuery:
    """Parse GET /letters query parameters."""
    f = LetterFilter(year=year, direction=direction, case_id=case_id, q=q)
    return Listing(f, limit, cursor, min_position)


class LetterDetail(LetterItem):
    """A letter just registered, with its version and the log position of its event."""

    version: int
    position: int


def item(letter: Letter, position: int) -> LetterDetail:
    """A registered letter as the register shows it."""
    return LetterDetail(
        id=letter.id,
        direction=str(letter.direction),
        number=letter.number,
        registered_on=letter.registered_on,
        correspondent=letter.correspondent,
        subject=letter.subject,
        sender_number=letter.sender_number,
        sender_dated_on=letter.sender_dated_on,
        case_type=letter.case_type,
        case_id=letter.case_id,
        case_reference=letter.case_reference,
        document_id=letter.document_id,
        version=letter.version,
        position=position,
    )


class LetterController(Controller):
    """Letters in and out, with the council's registration numbers."""

    path = "/letters"
    tags = ["letters"]

    @post("/outgoing", guards=[can_write], sync_to_thread=True, status_code=201)
    def register_outgoing(
        self, data: RegisterOutgoingLetter, correspondence: CorrespondenceService, caller: Caller
    ) -> Response[LetterDetail]:
        """Register a letter sent: it takes the next number of its year, 17/0/<n>-<yy>."""
        saved = correspondence.register_outgoing_letter(data, caller)
        return Response(item(saved.case, saved.position), status_code=201)

    @post("/incoming", guards=[can_write], sync_to_thread=True, status_code=201)
    def register_incoming(
        self, data: RegisterIncomingLetter, correspondence: CorrespondenceService, caller: Caller
    ) -> Response[LetterDetail]:
        """Register a letter received: it takes the next incoming number, ВХ-<n>-<yy>."""
        saved = correspondence.register_incoming_letter(data, caller)
        return Response(item(saved.case, saved.position), status_code=201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(letter_query, sync_to_thread=False)},
        before_request=waits_for("letters"),
    )
    def list_letters(self, filters: LetterQuery, reads: ReadModels) -> LetterPage:
        """The register, newest first: search (`q`), year, direction, case."""
        return reads.letters(filters)

    @get(
        "/export.csv",
        guards=[can_read],
        media_type="text/csv",  # Litestar adds "; charset=utf-8"
        sync_to_thread=True,
        before_request=waits_for("letters"),
    )
    def export(
        self, year: Year, reads: ReadModels, min_position: MinPosition = None
    ) -> Response[Any]:
        """A year's register as CSV (UTF-8 with a BOM, `;`), outgoing then incoming, by number."""
        rows = reads.letter_register(year, min_position)
        out = io.StringIO()
        writer = SafeCsvWriter(out, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for r in rows:
            writer.writerow(["" if getattr(r, c) is None else getattr(r, c) for c in CSV_COLUMNS])
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="letters-{year}.csv"'},
        )
