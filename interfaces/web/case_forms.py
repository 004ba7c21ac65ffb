"""The forms of FOI requests, agreements and partners: which command, for whom, which fields."""

from application.commands import agreements as agr
from application.commands import foi
from application.commands.partners import PartnerDecision
from domain.agreement import NoticeGivenBy
from domain.foi_request import Direction, ExtensionReason, Outcome
from interfaces.web.forms import NOTE, CommandForm, Field, values_of
from interfaces.web.session import MANAGERS, WRITERS

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
            Field("reason", "select", "Reason", options=values_of(ExtensionReason)),
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
            Field("direction", "select", "Direction", options=values_of(Direction)),
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
            Field("outcome", "select", "Outcome", options=values_of(Outcome)),
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
            Field("given_by", "select", "Given by", options=values_of(NoticeGivenBy)),
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
