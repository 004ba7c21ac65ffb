"""Made-up demo consignments: one per 2023 source country with none documented, and recent ones."""

from datetime import date, timedelta

from domain.aid_lines import AidLine
from interfaces.demo.shipment_story import HOSPITALS, VODOKANAL, Story, line

WHOLE = "no city-level shipment documented; the whole record is illustrative"


def made_up_2023(
    donor: str, country: str, lines: list[AidLine], announced_on: date, to: str
) -> Story:
    """A made-up 2023 consignment from a country the reply names: received, handed over in full,
    reported and closed on illustrative dates."""
    return Story(
        donor,
        country,
        lines,
        announced_on,
        f"{WHOLE} (the reply names {country} among the sources of 2023's cargo)",
        declared_on=announced_on + timedelta(days=1),
        dispatched_on=announced_on + timedelta(days=2),
        cleared_on=announced_on + timedelta(days=7),
        received_on=announced_on + timedelta(days=8),
        handovers=[
            (announced_on + timedelta(days=10), to, {ln.line_no: str(ln.quantity) for ln in lines})
        ],
        reported_on=announced_on + timedelta(days=60),
        closed_on=announced_on + timedelta(days=70),
    )


ILLUSTRATIVE_2023: list[Story] = [
    made_up_2023(
        "Polish donors",
        "PL",
        [
            line(1, "building_materials", "roofing sheets for damaged housing", "4000", "pcs"),
            line(2, "building_materials", "OSB boards for closing windows", "30", "pallet"),
        ],
        date(2023, 3, 20),
        "district administrations (repair of damaged housing)",
    ),
    made_up_2023(
        "Slovak donors",
        "SK",
        [line(1, "hygiene", "personal hygiene kits", "3000", "set")],
        date(2023, 4, 17),
        "humanitarian hubs of the city districts",
    ),
    made_up_2023(
        "Czech donors",
        "CZ",
        [line(1, "building_materials", "pipes and fittings for the heating network", "12", "t")],
        date(2023, 5, 15),
        "KP Kharkivteploenerho (heating utility)",
    ),
    made_up_2023(
        "Georgian donors",
        "GE",
        [line(1, "food", "food products", "8", "t")],
        date(2023, 7, 3),
        "social food distribution points",
    ),
    made_up_2023(
        "Montenegrin donors",
        "ME",
        [line(1, "clothing", "warm clothes", "900", "pcs")],
        date(2023, 10, 2),
        "shelters for internally displaced people",
    ),
    made_up_2023(
        "Finnish donors",
        "FI",
        [line(1, "vehicles", "road maintenance machinery for municipal enterprises", "3", "pcs")],
        date(2023, 10, 16),
        "municipal enterprises (roads and utilities)",
    ),
    made_up_2023(
        "Dutch donors",
        "NL",
        [line(1, "vehicles", "special-purpose vehicles (ambulances)", "4", "pcs")],
        date(2023, 11, 6),
        "emergency medical service of the city",
    ),
    Story(
        "Austrian donors",
        "AT",
        [line(1, "shelter", "tents", "100", "pcs", value=("45000", "EUR"))],
        date(2023, 3, 6),
        "no city-level shipment from Austria documented; the whole record is illustrative",
        declared_on=date(2023, 3, 7),
        dispatched_on=date(2023, 3, 8),
        cleared_on=date(2023, 3, 13),
        received_on=date(2023, 3, 14),
        handovers=[(date(2023, 3, 16), "district administrations", {1: "100"})],
        reported_on=date(2023, 5, 30),
        closed_on=date(2023, 6, 9),
    ),
    Story(
        "Japanese donors",
        "JP",
        [line(1, "energy", "portable power stations", "300", "pcs", value=("9000000", "JPY"))],
        date(2023, 4, 3),
        "no city-level shipment from Japan documented; the whole record is illustrative",
        declared_on=date(2023, 4, 4),
        dispatched_on=date(2023, 4, 5),
        cleared_on=date(2023, 4, 10),
        received_on=date(2023, 4, 12),
        recount=(date(2023, 4, 14), 1, "298", "2", "recount: 2 units damaged in the crate"),
        handovers=[(date(2023, 4, 18), "schools and kindergartens of the city", {1: "298"})],
        reported_on=date(2023, 7, 20),  # due 2023-07-09: late
        closed_on=date(2023, 7, 31),
    ),
    Story(
        "Albanian donors",
        "AL",
        [line(1, "food", "food products", "5", "t")],
        date(2023, 6, 5),
        "no city-level shipment from Albania documented; the whole record is illustrative",
        declared_on=date(2023, 6, 6),
        dispatched_on=date(2023, 6, 7),
        cleared_on=date(2023, 6, 12),
        received_on=date(2023, 6, 13),
        handovers=[(date(2023, 6, 15), "social food distribution points", {1: "5"})],
        reported_on=date(2023, 8, 1),
        closed_on=date(2023, 8, 15),
    ),
    Story(
        "Albanian donors",
        "AL",
        [line(1, "clothing", "winter clothes", "600", "pcs")],
        date(2023, 8, 1),
        "no city-level shipment from Albania documented; the whole record is illustrative",
        cancelled=(date(2023, 8, 10), "the donors joined this cargo to another consignment"),
    ),
]

ILLUSTRATIVE_OVERDUE: list[Story] = [
    Story(
        "Finnish donors",
        "FI",
        [line(1, "water_sanitation", "water purification units", "20", "pcs")],
        date(2026, 7, 20),
        "no city-level shipment from Finland documented; the whole record is illustrative",
        declared_on=date(2026, 7, 22),
        dispatched_on=date(2026, 7, 25),
        cleared_on=date(2026, 8, 1),  # due 2026-10-30, not reported: overdue
        received_on=date(2026, 8, 3),
        handovers=[(date(2026, 8, 10), VODOKANAL, {1: "12"})],
    ),
    Story(
        "Dutch donors",
        "NL",
        [line(1, "medical_equipment", "hospital beds", "30", "pcs")],
        date(2026, 9, 21),
        "no city-level shipment from the Netherlands documented; the whole record is illustrative",
        declared_on=date(2026, 9, 22),
        dispatched_on=date(2026, 9, 28),
        cleared_on=date(2026, 10, 5),  # due 2027-01-03
        received_on=date(2026, 10, 7),
        handovers=[(date(2026, 10, 12), HOSPITALS, {1: "18"})],
    ),
    Story(
        "Montenegrin donors",
        "ME",
        [line(1, "clothing", "winter clothes", "800", "pcs")],
        date(2026, 11, 2),
        "no city-level shipment from Montenegro documented; the whole record is illustrative",
        declared_on=date(2026, 11, 10),
        expected_in_days=33,
    ),
]
