"""Direct questions to the stored log that the library's API does not answer."""

from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder


def last_position(recorder: Any, originator_id: UUID) -> int | None:
    """The log position (notification id) of a case's newest event."""
    if isinstance(recorder, PostgresApplicationRecorder):
        sql = (
            f"SELECT notification_id FROM {recorder.datastore.schema}."
            f"{recorder.events_table_name} WHERE originator_id = %s "
            "ORDER BY originator_version DESC LIMIT 1"
        )
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(sql, (originator_id,))
            row = curs.fetchone()
            return None if row is None else int(row["notification_id"])
    if isinstance(recorder, SQLiteApplicationRecorder):
        sql = (
            f"SELECT rowid FROM {recorder.events_table_name} WHERE originator_id = ? "
            "ORDER BY originator_version DESC LIMIT 1"
        )
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(sql, (originator_id.hex,))
            row = curs.fetchone()
            return None if row is None else int(row[0])
    # The in-memory recorder (tests only): its index of each case's versions, else a walk.
    index = getattr(recorder, "_stored_events_index", None)
    if index is not None:
        versions = index.get(str(originator_id))
        return versions[max(versions)] + 1 if versions else None
    found = None
    for n in recorder.select_notifications(start=None, limit=10**9):
        if n.originator_id == originator_id:
            found = n.id
    return found


def positions(
    recorder: Any, originator_id: UUID, after: int = 0, limit: int | None = None
) -> dict[int, int]:
    """The log position (notification id) of each version of one case after a version, oldest
    first (at most `limit` of them)."""
    most = limit if limit is not None else 2**62
    if isinstance(recorder, PostgresApplicationRecorder):
        sql = (
            f"SELECT originator_version, notification_id FROM {recorder.datastore.schema}."
            f"{recorder.events_table_name} WHERE originator_id = %s AND originator_version > %s "
            "ORDER BY originator_version LIMIT %s"
        )
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(sql, (originator_id, after, most))
            return {
                int(r["originator_version"]): int(r["notification_id"]) for r in curs.fetchall()
            }
    if isinstance(recorder, SQLiteApplicationRecorder):
        sql = (
            f"SELECT originator_version, rowid FROM {recorder.events_table_name} "
            "WHERE originator_id = ? AND originator_version > ? ORDER BY originator_version LIMIT ?"
        )
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(sql, (originator_id.hex, after, most))
            return {int(r[0]): int(r[1]) for r in curs.fetchall()}
    # The in-memory recorder keeps, per case, each version's index in its one list of events.
    found: dict[int, int] = {}
    index = getattr(recorder, "_stored_events_index", None)
    if index is not None:
        found = {v: i + 1 for v, i in sorted(index.get(str(originator_id), {}).items())}
    else:
        for n in recorder.select_notifications(start=None, limit=10**9):
            if n.originator_id == originator_id:
                found[n.originator_version] = n.id
    kept = sorted(v for v in found if v > after)[:most]
    return {v: found[v] for v in kept}


class RecorderEventLog:
    """The EventLog port over the application's recorder (PostgreSQL, SQLite or memory)."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder

    def last_position(self, case_id: UUID) -> int | None:
        """The log position of the case's newest event."""
        return last_position(self.recorder, case_id)

    def positions(self, case_id: UUID, after: int = 0, limit: int | None = None) -> dict[int, int]:
        """Each version's log position after a version, oldest first."""
        return positions(self.recorder, case_id, after, limit)
