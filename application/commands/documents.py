"""Commands on a case's documents: attach (the form fields beside the file) and withdraw."""

from application.commands.fields import Command, LongText
from domain.documents import DocumentKind


class AttachDocument(Command, kw_only=True):
    """What a file is to the case; `personal` hides it from auditors (FOI requesters' papers)."""

    kind: DocumentKind = DocumentKind.OTHER
    personal: bool = False


class WithdrawDocument(Command, kw_only=True):
    """Withdraw a document from the case, saying why; the bytes stay for the retention period."""

    reason: LongText
