"""Every value the API accepts fits the read-model column that stores it (derived, not listed).

A varchar shorter than the API's limit stops a projection for good on one valid request. So the
read models' bounded string columns are only those fed by code (enums, references, numbers);
every column fed by people is unbounded, and this test derives the API's limits to prove it.
"""

import importlib
import pkgutil
from enum import StrEnum

import msgspec
import msgspec.inspect as mi
from sqlalchemy import String

import application.commands
import interfaces.http
from domain.agreement import AgreementKind, AgreementStatus
from domain.aid_lines import AidCategory, Unit
from domain.aid_shipment import ShipmentStatus
from domain.contact import ContactStatus
from domain.counterpart import CounterpartKind, CounterpartStatus
from domain.engagement import CounterpartType, EngagementFormat, EngagementKind, EngagementStatus
from domain.foi_request import Channel, FoiStatus, Outcome, RequesterKind
from domain.honorary_consul import ConsulStatus
from domain.membership import MembershipStatus
from domain.partner import PartnerKind, PartnerStatus, Relationship
from domain.project import ProjectStatus
from domain.reminders import What
from domain.user_account import AccountStatus
from projections.registry import PROJECTIONS

REFERENCE = "a generated reference, PREFIX-YYYY-NNNN (domain/sequence.py)"
NUMBER = "an exact decimal the API caps at 1e12 with at most 4 places"
CODE = "an identifier written by code (a class name, a case type, a key)"

# (table, column) -> the closed vocabulary that feeds it: StrEnums to check, or why it is bounded.
FED_BY_CODE: dict[tuple[str, str], tuple[type[StrEnum], ...] | str] = {
    ("accounts", "login"): "a login (domain.user_account.LOGIN: at most 63 characters)",
    ("accounts", "status"): (AccountStatus,),
    ("account_intervals", "login"): "a login (domain.user_account.LOGIN: at most 63 characters)",
    ("account_intervals", "kind"): '"disabled" or "role:" + a role (at most 13 characters)',
    ("agreements", "reference"): REFERENCE,
    ("agreements", "kind"): (AgreementKind,),
    ("agreements", "status"): (AgreementStatus,),
    ("agreements", "status_before_suspension"): (AgreementStatus,),
    ("agreement_partners", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("agreement_partner_names", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("partners", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("partners", "kind"): (PartnerKind,),
    ("partners", "relationship"): (Relationship,),
    ("partners", "status"): (PartnerStatus,),
    ("foi_requests", "reference"): REFERENCE,
    ("foi_requests", "status"): (FoiStatus,),
    ("foi_requests", "outcome"): (Outcome,),
    ("foi_requests", "channel"): (Channel,),
    ("foi_requests", "answer_channel"): (Channel,),
    ("foi_requests", "requester_kind"): (RequesterKind,),
    ("shipments", "reference"): REFERENCE,
    ("shipments", "status"): (ShipmentStatus,),
    ("shipments", "donor_country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("shipment_lines", "reference"): REFERENCE,
    ("shipment_lines", "category"): (AidCategory,),
    ("shipment_lines", "unit"): (Unit,),
    ("shipment_lines", "value_currency"): "an ISO 4217 code (the API's pattern: three letters)",
    ("shipment_lines", "stock_sort"): "a fixed-width sort key built by projections/shipments.py",
    ("milestone_partners", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("milestone_agreements", "reference"): REFERENCE,
    ("milestone_agreements", "kind"): (AgreementKind,),
    ("agreement_milestones", "what"): CODE,
    ("reminders", "case_type"): CODE,
    ("reminders", "reference"): REFERENCE,
    ("reminders", "key"): "a reminder key: what + a date (domain/reminders.py)",
    ("reminders", "what"): (What,),
    ("deadlines", "kind"): CODE,
    ("deadlines", "case_type"): CODE,
    ("deadlines", "reference"): REFERENCE,
    ("deadlines", "case_status"): (
        AgreementStatus,
        FoiStatus,
        ShipmentStatus,
        ConsulStatus,
        MembershipStatus,
        EngagementStatus,
        ProjectStatus,
    ),
    ("deadlines", "resolution"): CODE,
    ("deadline_cases", "case_type"): CODE,
    ("deadline_cases", "reference"): REFERENCE,
    ("deadline_cases", "status"): (
        AgreementStatus,
        FoiStatus,
        ShipmentStatus,
        ConsulStatus,
        MembershipStatus,
        EngagementStatus,
        ProjectStatus,
    ),
    ("audit_events", "case_type"): CODE,
    ("audit_events", "type"): CODE,
    ("engagements", "reference"): REFERENCE,
    ("engagements", "kind"): (EngagementKind,),
    ("engagements", "format"): (EngagementFormat,),
    ("engagements", "status"): (EngagementStatus,),
    ("engagements", "counterpart_type"): (CounterpartType,),
    ("engagements", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("projects", "reference"): REFERENCE,
    ("projects", "status"): (ProjectStatus,),
    ("projects", "funder_type"): (CounterpartType,),
    ("projects", "funder_country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("projects", "currency"): "an ISO 4217 code (domain.project.funding: three letters)",
    ("case_links", "field"): "a field of domain.links.Links (at most 14 characters)",
    ("case_links", "case_type"): '"engagement" or "project"',
    ("projection_positions", "name"): CODE,
    ("projection_positions", "rebuild_token"): "a UUID",
    # Issue 17 part B: the directory, honorary consuls, memberships.
    ("counterparts", "reference"): REFERENCE,
    ("counterparts", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("counterparts", "kind"): (CounterpartKind,),
    ("counterparts", "status"): (CounterpartStatus,),
    ("contacts", "reference"): REFERENCE,
    ("contacts", "status"): (ContactStatus,),
    ("honorary_consuls", "reference"): REFERENCE,
    ("honorary_consuls", "represents"): "an ISO 3166 code (the API's pattern: two letters)",
    ("honorary_consuls", "seat_country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("honorary_consuls", "status"): (ConsulStatus,),
    ("memberships", "reference"): REFERENCE,
    ("memberships", "country"): "an ISO 3166 code (the API's pattern: two letters)",
    ("memberships", "status"): (MembershipStatus,),
}
for _numeric in (
    "quantity",
    "weight_kg",
    "value_amount",
    "received",
    "damaged",
    "missing",
    "distributed",
    "written_off",
    "on_hand",
):
    FED_BY_CODE[("shipment_lines", _numeric)] = NUMBER


# Where request bodies are declared: the commands (application/commands) and the HTTP interface.
BODY_PACKAGES = (application.commands, interfaces.http)


def request_structs() -> list[type[msgspec.Struct]]:
    """Every msgspec Struct declared among the commands or in the HTTP interface."""
    found: dict[str, type[msgspec.Struct]] = {}
    infos = [
        info
        for package in BODY_PACKAGES
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    ]
    for info in infos:
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == module.__name__
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def string_limits(t: mi.Type, path: str, out: dict[str, int | None]) -> None:
    """Each string field's max_length (None: unlimited), walking unions, lists and structs."""
    if isinstance(t, mi.StrType):
        out[path] = t.max_length
    elif isinstance(t, mi.UnionType):
        for member in t.types:
            string_limits(member, path, out)
    elif isinstance(t, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        string_limits(t.item_type, path + "[]", out)
    elif isinstance(t, mi.DictType):
        string_limits(t.value_type, path + "{}", out)
    elif isinstance(t, mi.StructType):
        for f in t.fields:
            string_limits(f.type, f"{path}.{f.name}", out)


def api_string_limits() -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for struct in request_structs():
        string_limits(mi.type_info(struct), struct.__qualname__, out)
    return out


def bounded_columns() -> dict[tuple[str, str], int]:
    from projections.runtime.positions import projection_positions

    tables = [t for p in PROJECTIONS for t in p.tables] + [projection_positions]
    return {
        (t.name, c.name): c.type.length
        for t in tables
        for c in t.columns
        if isinstance(c.type, String) and c.type.length is not None
    }


def test_the_api_limits_are_found():
    limits = api_string_limits()
    assert limits["TransferFoiRequest.to_holder"] == 500
    assert limits["RequesterBody.name"] == 200
    assert limits["ProposeAgreement.title"] == 500  # a command in application/commands
    assert limits["SignAgreement.signatories[].name"] == 200


def test_every_bounded_column_holds_the_longest_string_the_api_accepts_or_is_fed_by_code():
    limits = api_string_limits()
    longest = max(
        (n for n in limits.values() if n is not None),
        default=0,
    )
    people_fed = {
        column: length
        for column, length in bounded_columns().items()
        if column not in FED_BY_CODE and length < longest
    }
    assert people_fed == {}, (
        f"these varchar columns may store text people typed (the API allows up to {longest} "
        "characters): make them Text, or name the code vocabulary that feeds them in FED_BY_CODE"
    )


def test_each_column_fed_by_an_enum_holds_its_longest_value():
    columns = bounded_columns()
    too_short = {}
    for column, source in FED_BY_CODE.items():
        assert column in columns, f"{column} is no longer a bounded column: drop it from the list"
        if isinstance(source, tuple):
            longest = max(len(str(v)) for enum in source for v in enum)
            if longest > columns[column]:
                too_short[column] = (columns[column], longest)
    assert too_short == {}
