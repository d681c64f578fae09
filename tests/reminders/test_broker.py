"""The in-process delivery broker: per-user fan-out, and a bounded backlog for stalled subscribers."""

from __future__ import annotations

from modules.reminders.broker import MAX_BACKLOG, OVERFLOWED, DeliveryBroker
from modules.reminders.repository import Delivery


def test_a_stalled_subscription_overflows_instead_of_growing(live_server):
    async def scenario():
        # given: two subscriptions of one user and one of another
        broker = DeliveryBroker()
        async with broker.subscribe(1) as stalled, broker.subscribe(2) as other:
            # when: more deliveries than the backlog holds arrive for user 1
            for reminder_id in range(1, MAX_BACKLOG + 3):
                broker.publish(Delivery(reminder_id=reminder_id, owner_id=1))
            broker.publish(Delivery(reminder_id=7, owner_id=2))
            return stalled.qsize(), stalled.get_nowait(), other.get_nowait(), other.qsize()

    # then: user 1's subscription holds just the overflow marker; user 2 got exactly their own delivery
    size, first, others, others_left = live_server.call(scenario)
    assert (size, first) == (1, OVERFLOWED)
    assert (others, others_left) == (7, 0)
