"""The dispatcher: delivers due reminders. Runs in `taskapi serve` (unless DISPATCHER=0) and in `taskapi worker`.

Each round claims a batch of due reminders (claim = claimed_by + an expiry, one statement), then records their
delivery with a conditional write that succeeds only while the claim is still this worker's. A worker that dies
between the two loses nothing: its claims expire after `claim_timeout` and another worker takes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator

from api.settings import Settings
from modules.reminders.broker import broker
from modules.reminders.repository import Delivery, is_postgres, reminder_repository

logger = logging.getLogger("taskapi.reminders")

CLAIM_BATCH = 200
MIN_SLEEP = 0.02  # when due rows exist but other workers hold them, do not spin

SQLITE_NOTICE = (
    "reminders: the database is SQLite, so this process's deliveries reach only WebSocket subscribers connected "
    "to this same process. With SQLite, let `taskapi serve` run the dispatcher (the default); a separate "
    "`taskapi worker` still delivers (marks reminders DELIVERED) but the server's subscribers will not hear it. "
    "Use PostgreSQL to run separate workers."
)


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


class Dispatcher:
    def __init__(self, settings: Settings, *, name: str | None = None, serving: bool = False) -> None:
        self.serving = serving
        self.interval = settings.dispatcher_interval
        self.claim_timeout = settings.claim_timeout
        self.name = name or worker_name()

    async def deliver_due(self) -> tuple[int, list[Delivery]]:
        """One round: claim a batch of due reminders and deliver them.

        Returns how many were claimed and what this worker delivered.
        """
        claimed = await reminder_repository.claim_due(
            worker=self.name, limit=CLAIM_BATCH, claim_timeout=self.claim_timeout
        )
        if not claimed:
            return 0, []
        delivered = await reminder_repository.mark_delivered(worker=self.name, reminder_ids=claimed)
        if not is_postgres():
            # On PostgreSQL the write above NOTIFYs every process, this one included, through LISTEN.
            for delivery in delivered:
                broker.publish(delivery)
        return len(claimed), delivered

    async def run(self) -> None:
        if not is_postgres() and not self.serving:
            logger.warning(SQLITE_NOTICE)
        logger.info("reminders: dispatcher %s started", self.name)
        while True:
            try:
                claimed, _ = await self.deliver_due()
                if claimed >= CLAIM_BATCH:
                    continue  # more may be due right now
                wait = await reminder_repository.seconds_until_next_due()
                # Wake at the next due time when it comes before the next poll: delivery is then on time, and
                # every worker wakes together for a large batch instead of one worker taking it all.
                sleep = self.interval if wait is None else min(self.interval, max(wait, MIN_SLEEP))
                await asyncio.sleep(sleep)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("reminders: dispatch round failed; retrying")
                await asyncio.sleep(self.interval)


@contextlib.asynccontextmanager
async def run_dispatcher(settings: Settings, *, serving: bool = False) -> AsyncIterator[Dispatcher]:
    """The module's background work: the dispatcher loop, for as long as the block runs."""
    dispatcher = Dispatcher(settings, serving=serving)
    task = asyncio.create_task(dispatcher.run(), name="background:reminders-dispatcher")
    try:
        yield dispatcher
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
