"""Read models take their status values from the transition tables (Case.status_after)."""

import pytest

from domain.agreement import Agreement, AgreementStatus
from domain.aid_shipment import AidShipment
from domain.foi_request import FoiRequest
from domain.partner import Partner


@pytest.mark.parametrize("case", [Agreement, FoiRequest, AidShipment, Partner])
def test_a_command_leads_to_the_status_its_table_names_as_a_plain_string(case):
    for command, (_, target) in case.TRANSITIONS.items():
        if target is None:
            with pytest.raises(ValueError, match="no status of its own"):
                case.status_after(command)
        else:
            after = case.status_after(command)
            assert after == target.value and type(after) is str


def test_a_renamed_status_would_reach_the_read_model(monkeypatch):
    allowed, _ = Agreement.TRANSITIONS["sign"]
    table = {**Agreement.TRANSITIONS, "sign": (allowed, AgreementStatus.RENEWED)}
    monkeypatch.setattr(Agreement, "TRANSITIONS", table)
    assert Agreement.status_after("sign") == "renewed"
