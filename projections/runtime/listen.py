"""Waking the engine on the NOTIFY the PostgreSQL recorder sends with every insert."""

import logging
import threading
from typing import Any

log = logging.getLogger("pobratym.projections")


def listen(recorder: Any, wake: threading.Event, stop: threading.Event) -> threading.Thread:
    """A thread that sets `wake` on every NOTIFY of the recorder's channel until `stop`."""
    thread = threading.Thread(
        target=_listen_loop, args=(recorder, wake, stop), name="projections-listen", daemon=True
    )
    thread.start()
    return thread


def _listen_loop(recorder: Any, wake: threading.Event, stop: threading.Event) -> None:
    from psycopg.sql import SQL, Identifier

    channel = recorder.channel_name
    while not stop.is_set():
        try:
            with recorder.datastore.get_connection() as conn:
                conn.execute(SQL("LISTEN {0}").format(Identifier(channel)))
                wake.set()  # anything saved before LISTEN took effect
                while not stop.is_set():
                    for _ in conn.notifies(timeout=0.25, stop_after=1):
                        wake.set()
                conn.execute(SQL("UNLISTEN {0}").format(Identifier(channel)))
        except Exception as e:
            log.warning("LISTEN %s failed (polling meanwhile): %s", channel, e)
            stop.wait(1.0)
