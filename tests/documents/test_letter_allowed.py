"""Which letters a case allows now: the same checks the letter use cases run (the console
offers only these)."""

from datetime import date
from types import SimpleNamespace

from application.letters import letter_allowed
from domain.foi_request import FoiStatus


def test_an_foi_request_allows_the_letters_its_facts_call_for():
    fresh = SimpleNamespace(extension=None, transferral=None, status=FoiStatus.RECEIVED)
    assert letter_allowed("answer_cover", fresh)
    assert not letter_allowed("extension_notice", fresh)
    assert not letter_allowed("transfer_notice", fresh)
    extended = SimpleNamespace(extension=object(), transferral=None, status=FoiStatus.EXTENDED)
    assert letter_allowed("extension_notice", extended)
    answered = SimpleNamespace(extension=None, transferral=None, status=FoiStatus.ANSWERED)
    assert not letter_allowed("answer_cover", answered)


def test_a_shipment_and_an_agreement_need_their_dates():
    assert not letter_allowed("aid_report_cover", SimpleNamespace(report_due_on=None, status="x"))
    assert letter_allowed("aid_report_cover", SimpleNamespace(report_due_on=date(2026, 12, 1)))
    assert not letter_allowed("renewal_memo", SimpleNamespace(expires_on=None, status="x"))
    assert letter_allowed("renewal_memo", SimpleNamespace(expires_on=date(2027, 1, 1)))
