"""Delivery of e-mail written by requests, on a background thread (when there is no Redis).

A request that writes an e-mail must not wait for the mail server: the answer would take
longer when a message was written (a reset request for an existing account) than when not.
"""

from __future__ import annotations

import logging
import queue
import threading
import time

from flask import Flask

log = logging.getLogger(__name__)


class BackgroundDelivery:
    """One daemon thread per process that delivers mail written by requests, in order.

    Started on first use (so after gunicorn forks its workers). A message still waiting when
    the process stops stays in the outbox table for `flask mail deliver`.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Flask, list[int]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, app: Flask, message_ids: list[int]) -> None:
        """Queue messages for the thread; returns at once."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="kernpunt-mail", daemon=True)
                self._thread.start()
        self._queue.put((app, list(message_ids)))

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued so far is handled; False if timeout passed first."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _run(self) -> None:
        while True:
            app, message_ids = self._queue.get()
            try:
                with app.app_context():
                    from dialogue.mail.delivery import deliver_messages

                    deliver_messages(message_ids)
            except Exception as error:  # keep the thread alive for the next messages
                log.warning(
                    "%d mail(s) not delivered in the background (%s); cron will retry",
                    len(message_ids),
                    type(error).__name__,
                )
            finally:
                self._queue.task_done()


#: The process's background deliverer (used without Redis).
background = BackgroundDelivery()
