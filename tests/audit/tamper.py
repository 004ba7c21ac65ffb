"""Plain-SQL tampering with the stored log, as a database administrator could do it."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg

from infrastructure.bootstrap import Runtime


class Tamper:
    """Rows of the events table by position, changed behind the application's back."""

    def __init__(self, rt: Runtime) -> None:
        url = rt.settings.database_url
        self.sqlite = url.startswith("sqlite:")
        if self.sqlite:
            self.path = url.removeprefix("sqlite:///")
            self.table, self.pos = "stored_events", "rowid"
        else:
            parts = urlsplit(url)
            schema = parse_qs(parts.query)["schema"][0]
            self.dsn = parts._replace(query="").geturl()
            self.table, self.pos = f'"{schema}".pobratym_events', "notification_id"

    @contextmanager
    def _sql(self) -> Iterator[Any]:
        if self.sqlite:
            conn = sqlite3.connect(self.path)
            try:
                yield conn
                conn.commit()
            finally:
                conn.close()
        else:
            with psycopg.connect(self.dsn, autocommit=False) as conn:
                yield conn

    def _q(self, sql: str) -> str:
        return sql.format(t=self.table, p=self.pos).replace("?", "?" if self.sqlite else "%s")

    def execute(self, sql: str, *params: Any) -> list[tuple]:
        """Run one statement ({t} is the table, {p} the position column, ? a parameter)."""
        with self._sql() as conn:
            cur = conn.execute(self._q(sql), params)
            return list(cur.fetchall()) if cur.description else []

    def positions(self) -> list[int]:
        """Every position in the log, in order."""
        return [r[0] for r in self.execute("SELECT {p} FROM {t} ORDER BY {p}")]

    def row(self, position: int) -> tuple:
        """(originator_id, originator_version, topic, state) of a position."""
        return self.execute(
            "SELECT originator_id, originator_version, topic, state FROM {t} WHERE {p} = ?",
            position,
        )[0]

    def flip_state_byte(self, position: int, index: int = 20) -> None:
        """Change one byte of an event's stored state."""
        state = bytearray(self.row(position)[3])
        state[index] = ord("X") if state[index] != ord("X") else ord("Y")
        self.execute("UPDATE {t} SET state = ? WHERE {p} = ?", bytes(state), position)

    def delete(self, position: int) -> None:
        """Remove an event."""
        self.execute("DELETE FROM {t} WHERE {p} = ?", position)

    def insert(self, position: int, like: int, originator_id: Any) -> None:
        """Forge an event at a free position, copying the topic and state of another."""
        _, _, topic, state = self.row(like)
        self.execute(
            "INSERT INTO {t} (originator_id, originator_version, topic, state, {p}) "
            "VALUES (?, 1, ?, ?, ?)",
            originator_id.hex if self.sqlite else originator_id,
            topic,
            state,
            position,
        )

    def swap_states(self, a: int, b: int) -> None:
        """Exchange the stored states of two events."""
        state_a, state_b = self.row(a)[3], self.row(b)[3]
        with self._sql() as conn:
            conn.execute(self._q("UPDATE {t} SET state = ? WHERE {p} = ?"), (state_b, a))
            conn.execute(self._q("UPDATE {t} SET state = ? WHERE {p} = ?"), (state_a, b))

    def swap_positions(self, a: int, b: int) -> None:
        """Exchange the positions of two events (reorder the log)."""
        with self._sql() as conn:
            for old, new in ((a, -999), (b, a), (-999, b)):
                conn.execute(self._q("UPDATE {t} SET {p} = ? WHERE {p} = ?"), (new, old))
