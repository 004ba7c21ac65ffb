"""The command forms of the case pages: which command, for whom, with which fields.

A form posts the typed command's fields by name (the same Struct the API decodes), its case
version (If-Match) and the CSRF token. Which forms a page shows follows the case type's
transition table (domain) and the role guards of the API (interfaces/http), so a clerk never
sees a manager's form; a forged post is refused by the same checks.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from application.commands import agreements as agr
from application.commands import foi
from application.commands import shipments as aid
from application.commands.partners import PartnerDecision
from domain.agreement import NoticeGivenBy
from domain.foi_request import Direction, ExtensionReason, Outcome
from interfaces.web.session import MANAGERS, WRITERS


@dataclass(frozen=True)
class Field:
    """One input of a form; `name` is the command's field (dotted for a nested one)."""

    name: str
    kind: str  # text, textarea, date, number, select; receipt, quantities: one row per line
    label: str
    required: bool = True
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandForm:
    """A command as a form: its transition, who may send it, its Struct and use case."""

    name: str
    label: str
    roles: frozenset[str]
    command: type[msgspec.Struct]
    use_case: str  # the service method: `<verb>_<case>(case_id, cmd, caller, expected_version)`
    fields: tuple[Field, ...]
    note: bool = True  # offer the optional note (why) every command accepts


def _values(enum: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in enum)


NOTE = "note"

FOI_FORMS = (
    CommandForm(
        "assign",
        "Assign to an officer",
        WRITERS,
        foi.AssignFoiRequest,
        "assign_foi_request",
        (Field("officer", "text", "Officer"),),
    ),
    CommandForm(
        "extend",
        "Extend to 20 working days",
        MANAGERS,
        foi.ExtendFoiRequest,
        "extend_foi_request",
        (
            Field("notice_sent_on", "date", "Notice sent on"),
            Field("reason", "select", "Reason", options=_values(ExtensionReason)),
            Field("justification", "textarea", "Justification"),
        ),
    ),
    CommandForm(
        "clarify",
        "Record a clarification",
        WRITERS,
        foi.ClarifyFoiRequest,
        "clarify_foi_request",
        (
            Field("on", "date", "Date"),
            Field("direction", "select", "Direction", options=_values(Direction)),
            Field(NOTE, "textarea", "What was asked or answered"),
        ),
        note=False,
    ),
    CommandForm(
        "answer",
        "Record the answer",
        WRITERS,
        foi.AnswerFoiRequest,
        "answer_foi_request",
        (
            Field("answered_on", "date", "Answered on"),
            Field("outcome", "select", "Outcome", options=_values(Outcome)),
            Field("outgoing_number", "text", "Outgoing number"),
            Field("pages", "number", "Pages", required=False),
        ),
    ),
    CommandForm(
        "transfer",
        "Transfer to the holder",
        WRITERS,
        foi.TransferFoiRequest,
        "transfer_foi_request",
        (
            Field("to_holder", "text", "Holder of the information"),
            Field("transferred_on", "date", "Transferred on"),
            Field("requester_notified_on", "date", "Requester notified on"),
        ),
    ),
    CommandForm(
        "defer",
        "Defer (force majeure)",
        MANAGERS,
        foi.DeferFoiRequest,
        "defer_foi_request",
        (
            Field("decided_on", "date", "Decided on"),
            Field("reason", "text", "Reason"),
            Field("new_due_on", "date", "New due date"),
        ),
    ),
    CommandForm(
        "record_payment",
        "Record the fee payment",
        WRITERS,
        foi.RecordFoiPayment,
        "record_foi_payment",
        (Field("paid_on", "date", "Paid on"), Field("amount", "text", "Amount (UAH)")),
    ),
    CommandForm(
        "withdraw",
        "Record the withdrawal",
        WRITERS,
        foi.WithdrawFoiRequest,
        "withdraw_foi_request",
        (
            Field("withdrawn_on", "date", "Withdrawn on"),
            Field("reason", "text", "Reason", required=False),
        ),
    ),
)

AGREEMENT_FORMS = (
    CommandForm(
        "approve",
        "Approve (council decision)",
        MANAGERS,
        agr.ApproveAgreement,
        "approve_agreement",
        (
            Field("council_decision_ref", "text", "Council decision number"),
            Field("council_decided_on", "date", "Decided on"),
        ),
    ),
    CommandForm(
        "sign",
        "Record the signature",
        WRITERS,
        agr.SignAgreement,
        "sign_agreement",
        (
            Field("signed_on", "date", "Signed on"),
            Field("effective_from", "date", "Effective from", required=False),
            Field("term.years", "number", "Term (years)", required=False),
            Field("expires_on", "date", "Expires on", required=False),
        ),
    ),
    CommandForm(
        "renew",
        "Renew",
        WRITERS,
        agr.RenewAgreement,
        "renew_agreement",
        (
            Field("renewed_on", "date", "Renewed on"),
            Field("term.years", "number", "Term (years)", required=False),
            Field("expires_on", "date", "Expires on", required=False),
        ),
    ),
    CommandForm(
        "give_notice",
        "Record a notice of non-renewal",
        MANAGERS,
        agr.GiveNotice,
        "give_notice",
        (
            Field("given_by", "select", "Given by", options=_values(NoticeGivenBy)),
            Field("given_on", "date", "Given on"),
            Field("letter_ref", "text", "Letter number"),
        ),
    ),
    CommandForm(
        "suspend",
        "Suspend",
        MANAGERS,
        agr.SuspendAgreement,
        "suspend_agreement",
        (
            Field("suspended_on", "date", "Suspended on"),
            Field("reason", "text", "Reason"),
            Field("decision_ref", "text", "Decision number", required=False),
        ),
    ),
    CommandForm(
        "resume",
        "Resume",
        MANAGERS,
        agr.ResumeAgreement,
        "resume_agreement",
        (Field("resumed_on", "date", "Resumed on"),),
    ),
    CommandForm(
        "terminate",
        "Terminate",
        MANAGERS,
        agr.TerminateAgreement,
        "terminate_agreement",
        (
            Field("terminated_on", "date", "Terminated on"),
            Field("grounds", "text", "Grounds"),
            Field("decision_ref", "text", "Decision number"),
        ),
    ),
    CommandForm(
        "withdraw",
        "Withdraw",
        WRITERS,
        agr.WithdrawAgreement,
        "withdraw_agreement",
        (
            Field("reason", "text", "Reason"),
            Field("withdrawn_on", "date", "Withdrawn on", required=False),
        ),
    ),
)


_DECISION = (
    Field("decided_on", "date", "Decided on"),
    Field("decision_ref", "text", "Decision number"),
    Field("grounds", "text", "Grounds", required=False),
)
PARTNER_FORMS = (
    CommandForm(
        "suspend", "Suspend cooperation", MANAGERS, PartnerDecision, "suspend_partner", _DECISION
    ),
    CommandForm(
        "resume", "Resume cooperation", MANAGERS, PartnerDecision, "resume_partner", _DECISION
    ),
    CommandForm("sever", "Sever relations", MANAGERS, PartnerDecision, "sever_partner", _DECISION),
)

RECEIPT = ("received", "damaged", "missing", "discrepancy_reason")
SHIPMENT_FORMS = (
    CommandForm(
        "declare",
        "Record the declaration",
        WRITERS,
        aid.DeclareShipment,
        "declare_shipment",
        (Field("code", "text", "Declaration code"), Field("declared_on", "date", "Declared on")),
    ),
    CommandForm(
        "dispatch",
        "Record the dispatch",
        WRITERS,
        aid.DispatchShipment,
        "dispatch_shipment",
        (Field("dispatched_on", "date", "Dispatched on"),),
    ),
    CommandForm(
        "clear_customs",
        "Record customs clearance",
        WRITERS,
        aid.ClearCustoms,
        "clear_shipment",
        (
            Field("cleared_on", "date", "Cleared on"),
            Field("customs_ref", "text", "Customs reference"),
        ),
    ),
    CommandForm(
        "receive",
        "Record the receipt",
        WRITERS,
        aid.ReceiveShipment,
        "receive_shipment",
        (
            Field("received_on", "date", "Received on"),
            Field("lines", "receipt", "What was found, line by line"),
        ),
    ),
    CommandForm(
        "distribute",
        "Record a handover",
        WRITERS,
        aid.DistributeShipment,
        "distribute_shipment",
        (
            Field("distributed_on", "date", "Handed over on"),
            Field("to", "text", "Institution"),
            Field("act_ref", "text", "Act number"),
            Field("lines", "quantities", "Quantities handed over"),
        ),
    ),
    CommandForm(
        "write_off",
        "Record a write-off",
        WRITERS,
        aid.WriteOffShipment,
        "write_off_shipment",
        (
            Field("written_off_on", "date", "Written off on"),
            Field("reason", "text", "Reason"),
            Field("lines", "quantities", "Quantities written off"),
        ),
    ),
    CommandForm(
        "report",
        "Record the 90-day report",
        WRITERS,
        aid.ReportShipment,
        "report_shipment",
        (Field("reported_on", "date", "Reported on"), Field("report_ref", "text", "Report number")),
    ),
    CommandForm(
        "close",
        "Close",
        WRITERS,
        aid.CloseShipment,
        "close_shipment",
        (Field("closed_on", "date", "Closed on"),),
    ),
    CommandForm(
        "cancel",
        "Cancel",
        WRITERS,
        aid.CancelShipment,
        "cancel_shipment",
        (Field("reason", "text", "Reason"),),
    ),
)


def _lines(kind: str, posted: dict[str, str]) -> list[dict[str, str]]:
    """Rows `lines.<no>.<what>` of a per-line form; a quantity row left empty is left out."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in posted.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and len(parts[1]) < 6:
            if value.strip():
                rows.setdefault(int(parts[1]), {})[parts[2]] = value.strip()
    if kind == "quantities":
        return [
            {"line_no": str(n), "quantity": r["quantity"]}
            for n, r in sorted(rows.items())
            if "quantity" in r
        ]
    return [
        {"line_no": str(n), **{k: v for k, v in r.items() if k in RECEIPT}}
        for n, r in sorted(rows.items())
    ]


class FormInvalid(Exception):
    """A form's fields do not make the command: the field and the message (as the API's 400)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


_PATH = re.compile(r"at `\$\.([a-z_.\[\]0-9]+)`")


def command_of(form: CommandForm, posted: dict[str, str]) -> Any:
    """The typed command from the posted fields (empty ones left out); FormInvalid if not."""
    data: dict[str, Any] = {}
    names = [f.name for f in form.fields] + ([NOTE] if form.note else [])
    for field in form.fields:
        if field.kind in ("receipt", "quantities"):
            data[field.name] = _lines(field.kind, posted)
    for name in names:
        if name == "lines":
            continue
        value = posted.get(name, "").strip()
        if not value:
            continue
        head, _, tail = name.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[name] = value
    try:
        return msgspec.convert(data, form.command, strict=False)
    except msgspec.ValidationError as e:
        message = str(e)
        found = _PATH.search(message)
        field = found.group(1).split("[")[0] if found else message.split(":", 1)[0]
        raise FormInvalid(field, message) from None


def allowed(
    forms: tuple[CommandForm, ...],
    transitions: dict[str, Any],
    status: str,
    roles: frozenset[str],
    extra: Callable[[CommandForm], bool] = lambda f: True,
) -> list[CommandForm]:
    """The forms the case's status and the reader's roles allow, in the table's order."""
    return [f for f in forms if f.roles & roles and status in transitions[f.name][0] and extra(f)]
