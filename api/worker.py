"""`taskapi worker`: run the enabled modules' background work without serving HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from tortoise.context import TortoiseContext

from api.db import tortoise_config
from api.registry import load_modules
from api.settings import Settings


async def run_worker(settings: Settings) -> None:
    modules = [m for m in load_modules(settings.modules) if m.background is not None]
    if not modules:
        print("no enabled module has background work; nothing to do")
        return
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(settings.database_url))
        try:
            async with contextlib.AsyncExitStack() as stack:
                for module in modules:
                    await stack.enter_async_context(module.background(settings, serving=False))
                await stop.wait()
        finally:
            await ctx.close_connections()
