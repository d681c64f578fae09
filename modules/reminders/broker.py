"""In-process fan-out of deliveries to subscribers: one asyncio queue per subscription, grouped by user.

Fed by the dispatcher of this process on SQLite, and on PostgreSQL by a LISTEN connection that hears the
deliveries of every process (this one included). The LISTEN connection exists only while this process has
subscribers, so it works whether or not the dispatcher runs here (DISPATCHER=0 with separate workers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from modules.reminders.repository import Delivery, is_postgres, reminder_repository

logger = logging.getLogger("taskapi.reminders")

LISTEN_RETRY_SECONDS = 1.0
# Deliveries a subscription may have waiting before it is ended: a stalled client must not grow memory forever.
MAX_BACKLOG = 1000
OVERFLOWED = -1  # queued instead of a reminder id when the backlog overflowed


class Backlog(asyncio.Queue[int]):
    """One subscription's waiting deliveries; once overflowed it takes nothing more."""

    overflowed = False


class DeliveryBroker:
    def __init__(self) -> None:
        self._queues: dict[int, set[Backlog]] = {}
        self._subscribers = 0
        self._listener: asyncio.Task[None] | None = None
        self._listening: asyncio.Event | None = None

    def publish(self, delivery: Delivery) -> None:
        """Hand a delivery to every subscription of its owner in this process; nobody else sees it.

        A subscription whose backlog is full gets OVERFLOWED instead of its backlog, and is ended by its reader.
        """
        for queue in self._queues.get(delivery.owner_id, ()):
            if queue.overflowed:
                continue
            try:
                queue.put_nowait(delivery.reminder_id)
            except asyncio.QueueFull:
                queue.overflowed = True
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(OVERFLOWED)

    @contextlib.asynccontextmanager
    async def subscribe(self, owner_id: int) -> AsyncIterator[Backlog]:
        """A queue of the ids of `owner_id`'s reminders delivered from now on, while the block runs."""
        queue = Backlog(maxsize=MAX_BACKLOG)
        self._queues.setdefault(owner_id, set()).add(queue)
        self._subscribers += 1
        try:
            await self._ensure_listening()
            yield queue
        finally:
            self._subscribers -= 1
            queues = self._queues.get(owner_id)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self._queues[owner_id]
            if self._subscribers == 0:
                await self._stop_listening()

    async def _ensure_listening(self) -> None:
        if not is_postgres():
            return
        if self._listener is None or self._listener.done():
            self._listening = asyncio.Event()
            self._listener = asyncio.create_task(self._listen(self._listening), name="background:reminders-listen")
        assert self._listening is not None
        # Subscribers must hear every delivery after they subscribe: wait until LISTEN is in place.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._listening.wait()), timeout=10)

    async def _listen(self, listening: asyncio.Event) -> None:
        """Keep one LISTEN connection open, reconnecting if it drops (deliveries missed meanwhile are in
        `reminders(filter: {status: DELIVERED, deliveredAfter: …})`)."""
        while True:
            connection: Any = None
            try:
                connection = await reminder_repository.listen(self.publish)
                closed = asyncio.Event()
                connection.add_termination_listener(lambda _connection: closed.set())
                listening.set()
                await closed.wait()
                logger.warning("reminders: the LISTEN connection closed; reconnecting")
            except asyncio.CancelledError:
                if connection is not None and not connection.is_closed():
                    await asyncio.shield(connection.close(timeout=5))
                raise
            except Exception:
                logger.exception("reminders: cannot LISTEN for deliveries; retrying")
            await asyncio.sleep(LISTEN_RETRY_SECONDS)

    async def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener


broker = DeliveryBroker()
