"""The shipments read model fed events directly: list, stock, donor statistics."""

from datetime import date
from uuid import uuid4

import pytest

from domain.aid_lines import Donor, LineQuantity, LineReceipt
from projections.reads.shipment_queries import (
    ShipmentFilter,
    StockFilter,
    list_shipments,
    list_stock,
    shipment_stats,
)
from projections.shipments import ShipmentsProjection
from tests.readmodels.builders import (
    TODAY,
    D,
    ctx,
    events_of,
    feed,
    hand_over,
    line,
    shipment,
    to_received,
)

PARTNER = uuid4()


def shipments():
    """Seven shipments; the figures below are counted by hand from them."""
    c = ctx()
    s1 = shipment(
        1,
        2023,
        Donor("Austrian donors", "AT"),
        [line(1, "shelter", "tents", "100", value=("45000", "EUR"))],
        date(2023, 3, 10),
    )
    to_received(s1, date(2023, 3, 13), date(2023, 3, 14))
    s1.correct_receipt(c, reason="recount", lines=[LineReceipt(1, D(98), D(2), D(0), "recount")])
    hand_over(s1, date(2023, 3, 16), line_1="60")
    s2 = shipment(
        2,
        2023,
        Donor("Japanese donors", "JP"),
        [
            line(1, "energy", "portable power stations", "300", value=("9000000", "JPY")),
            line(
                2, "medicines", "antibiotics", "50", "box", lot="L-2", expiry_on=date(2024, 1, 31)
            ),
        ],
        date(2023, 4, 5),
    )
    to_received(s2, date(2023, 4, 10), date(2023, 4, 12))
    hand_over(s2, date(2023, 4, 18), line_1="300")
    s3 = shipment(
        3,
        2023,
        Donor("IsraAID Germany", "DE", PARTNER),
        [
            line(1, "medicines", "insulin", "100", "box", lot="L-3", expiry_on=date(2023, 12, 31)),
            line(
                2,
                "food",
                "canned meat",
                "2.50",
                "t",
                expiry_on=date(2023, 10, 1),
                value=("1200.50", "EUR"),
            ),
            line(3, "clothing", "теплий одяг", "1500"),
        ],
        date(2023, 2, 10),
    )
    to_received(s3, date(2023, 2, 13), date(2023, 2, 15), {3: ("1480", "20")})
    hand_over(s3, date(2023, 2, 22), line_3="1000")
    s3.write_off(
        c,
        written_off_on=date(2023, 3, 1),
        reason="broken cold chain",
        lines=[LineQuantity(1, D(10))],
    )
    s4 = shipment(
        4,
        2023,
        Donor("Albanian donors", "AL"),
        [line(1, "clothing", "coats", "600")],
        date(2023, 8, 1),
    )
    s4.cancel(c, reason="joined to another consignment")
    s5 = shipment(
        5,
        2023,
        Donor("Finnish donors", "FI"),
        [line(1, "water_sanitation", "filters", "20")],
        date(2023, 12, 1),
    )
    s6 = shipment(
        6,
        2022,
        Donor("Siepomaga", "PL"),
        [line(1, "energy", "generators", "75")],
        date(2022, 11, 30),
    )
    to_received(s6, date(2022, 11, 29), date(2022, 12, 1))
    hand_over(s6, date(2022, 12, 2), line_1="75")
    s6.report(c, reported_on=date(2023, 2, 10), report_ref="report 6")
    s6.close(c, closed_on=date(2023, 2, 20))
    s7 = shipment(
        7,
        2023,
        Donor("Dutch donors", "NL"),
        [line(1, "medical_equipment", "beds", "30")],
        date(2023, 5, 1),
    )
    to_received(s7, date(2023, 5, 1), date(2023, 5, 2))
    s7.reverse_receipt(c, reason="recorded against the wrong consignment")
    return [s1, s2, s3, s4, s5, s6, s7]


@pytest.fixture
def fed(read_engine):
    made = shipments()
    feed(read_engine, ShipmentsProjection(), events_of(*made))
    return read_engine, made


def refs(conn, **f) -> list[int]:
    page = list_shipments(conn, ShipmentFilter(**f), 50)
    return [int(r["reference"].rsplit("-", 1)[1]) for r in page.items]


def test_shipments_are_listed_newest_first_and_filtered(fed):
    engine, made = fed
    with engine.connect() as conn:
        assert refs(conn) == [7, 6, 5, 4, 3, 2, 1]
        assert refs(conn, status="partially_distributed") == [3, 2, 1]
        assert refs(conn, status="cancelled") == [4]
        assert refs(conn, status="cleared") == [7]  # its receipt was reversed
        assert refs(conn, donor_country="de") == [3]
        assert refs(conn, category="medicines") == [3, 2]
        assert refs(conn, partner_id=PARTNER) == [3]
        assert refs(conn, recipient="Department of International Cooperation") == refs(conn)
        assert refs(conn, report_overdue=True, as_of=TODAY) == [7, 3, 2, 1]
        assert refs(conn, report_overdue=True, as_of=date(2023, 5, 14)) == []
        # Cleared 13.02.2023 + 90 = Sunday 14.05: due Monday 15.05 (Civil Code Art. 254(5)).
        assert refs(conn, report_overdue=True, as_of=date(2023, 5, 15)) == []
        assert refs(conn, report_overdue=True, as_of=date(2023, 5, 16)) == [3]
        assert refs(conn, report_overdue=False, as_of=date(2023, 5, 16)) == [7, 6, 5, 4, 2, 1]
        assert refs(conn, q="israaid") == [3]
        assert refs(conn, q="ОДЯГ") == [3]
        assert refs(conn, q="shp-2023-0002") == [2]
        first = list_shipments(conn, ShipmentFilter(), 4)
        rest = list_shipments(conn, ShipmentFilter(), 4, first.next_cursor)
        assert [r["reference"] for r in first.items + rest.items] == [
            s.reference for s in reversed(made)
        ]
        assert rest.next_cursor is None
        row = list_shipments(conn, ShipmentFilter(q="siepomaga"), 1).items[0]
    assert (row["status"], row["reported_on"], row["late"]) == ("closed", date(2023, 2, 10), False)
    assert row["report_pending"] is False and row["version"] == made[5].version


def test_stock_lists_what_is_on_hand_medicines_expiring_soonest_first(fed):
    engine, _ = fed
    with engine.connect() as conn:
        items = list_stock(conn, StockFilter(), 50).items
        page = list_stock(conn, StockFilter(), 2)
        rest = list_stock(conn, StockFilter(), 50, page.next_cursor)
        medicines = list_stock(conn, StockFilter(category="medicines"), 50).items
        expiring = list_stock(conn, StockFilter(expires_before=date(2024, 1, 1)), 50).items
    found = [(r["reference"], r["description"], r["on_hand"]) for r in items]
    assert found == [
        ("SHP-2023-0003", "insulin", "90"),  # expires 31.12.2023
        ("SHP-2023-0002", "antibiotics", "50"),  # expires 31.01.2024
        ("SHP-2023-0003", "canned meat", "2.5"),  # not medicines, expires 01.10.2023
        ("SHP-2023-0003", "теплий одяг", "480"),  # no expiry, received 15.02.2023
        ("SHP-2023-0001", "tents", "38"),  # no expiry, received 14.03.2023
    ]
    assert [r["description"] for r in page.items + rest.items] == [f[1] for f in found]
    assert [r["description"] for r in medicines] == ["insulin", "antibiotics"]
    assert [r["description"] for r in expiring] == ["insulin", "canned meat"]
    clothes = items[3]
    assert (clothes["received"], clothes["damaged"], clothes["missing"]) == ("1480", "20", "0")
    assert (clothes["distributed"], clothes["written_off"]) == ("1000", "0")
    assert items[0]["written_off"] == "10" and items[0]["lot"] == "L-3"
    assert items[0]["donor_country"] == "DE" and items[0]["received_on"] == date(2023, 2, 15)


def test_donor_statistics_count_what_was_received_in_the_period(fed):
    engine, _ = fed
    with engine.connect() as conn:
        stats = shipment_stats(conn, date(2023, 1, 1), date(2023, 12, 31))
        first_quarter = shipment_stats(conn, date(2023, 1, 1), date(2023, 3, 31))
        earlier = shipment_stats(conn, date(2022, 1, 1), date(2022, 12, 31))
    assert stats == {
        "from": date(2023, 1, 1),
        "to": date(2023, 12, 31),
        "shipments": 3,
        "lines": 6,
        "by_donor_country": {"AT": 1, "DE": 1, "JP": 1},
        "by_category": {"clothing": 1, "energy": 1, "food": 1, "medicines": 2, "shelter": 1},
        "lines_by_category": {"clothing": 1, "energy": 1, "food": 1, "medicines": 2, "shelter": 1},
        "value_by_currency": {"EUR": "46200.5", "JPY": "9000000"},
        "value_by_donor_country": {
            "AT": {"EUR": "45000"},
            "DE": {"EUR": "1200.5"},
            "JP": {"JPY": "9000000"},
        },
        "lines_without_value": 3,
        "received": stats["received"],
        "received_truncated": False,
    }
    assert [r["donor_country"] for r in stats["received"]] == ["DE", "AT", "JP"]
    assert not any(r["illustrative"] for r in stats["received"])
    assert first_quarter["by_donor_country"] == {"AT": 1, "DE": 1}
    assert (earlier["shipments"], earlier["by_donor_country"]) == (1, {"PL": 1})
