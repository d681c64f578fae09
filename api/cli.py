"""The `taskapi` command line: serve, worker, migrate, export-schema, check, token, graphiql-assets."""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
from pathlib import Path

from api.settings import Settings, SettingsError, set_settings

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


class CommandError(Exception):
    """A command that cannot be carried out; printed as one line, exit status 1."""


def _settings() -> Settings:
    settings = Settings.from_env()
    set_settings(settings)
    return settings


def _run(coro):
    return asyncio.run(coro)


async def _in_db(settings: Settings, work):
    """Apply pending migrations, then run `work()` with the database open."""
    from tortoise.context import TortoiseContext

    from api.db import migrate, tortoise_config

    await migrate(settings.database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(settings.database_url))
        try:
            return await work()
        finally:
            await ctx.close_connections()


def cmd_migrate(args: argparse.Namespace) -> None:
    from api.db import migrate

    applied = _run(migrate(_settings().database_url))
    print(f"applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "database is up to date")


def cmd_token_create(args: argparse.Namespace) -> None:
    from api.accounts import service

    async def work():
        user = await service.ensure_user(name=args.user)
        return (await service.create_token(user=user, label=args.label)).token

    try:
        print(_run(_in_db(_settings(), work)))
    except service.AccountError as exc:
        raise CommandError(str(exc)) from None


def cmd_token_revoke(args: argparse.Namespace) -> None:
    from api.accounts import service

    count = _run(_in_db(_settings(), lambda: service.revoke_token(prefix=args.prefix)))
    if not count:
        raise CommandError(f"no live token starts with {args.prefix!r}")
    print(f"revoked {count} token(s)")


def cmd_token_list(args: argparse.Namespace) -> None:
    from api.accounts import service

    for token in _run(_in_db(_settings(), lambda: service.list_tokens(user_name=args.user))):
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
        print(f"{token.prefix}…\t{token.created_at:%Y-%m-%d %H:%M}\t{state}\t{token.label}")


async def _first_run_token(settings: Settings) -> str | None:
    """On a database without users, create a local user and return a token for it."""
    from api.accounts import service
    from api.accounts.models import User

    async def work():
        if await User.exists():
            return None
        user = await service.ensure_user(name="local")
        return (await service.create_token(user=user, label="first start")).token

    return await _in_db(settings, work)


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from api.app import create_app

    settings = _settings()
    token = _run(_first_run_token(settings))
    if token:
        print("First start: created user 'local'. Paste this into GraphiQL's Headers pane:", flush=True)
        print(f'  {{"Authorization": "Bearer {token}"}}', flush=True)
        print("It is shown once; make more with `taskapi token create --user NAME`.", flush=True)
    print(f"GraphQL and GraphiQL at http://{args.host}:{args.port}/graphql", flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=settings.log_level)


def cmd_worker(args: argparse.Namespace) -> None:
    from api.worker import run_worker

    from api.db import migrate

    settings = _settings()
    _run(migrate(settings.database_url))  # migrations first, like serve
    _run(run_worker(settings))


def export_schema_text(settings: Settings) -> str:
    from api.schema import build_schema

    return build_schema(settings).as_str() + "\n"


def cmd_export_schema(args: argparse.Namespace) -> None:
    text = export_schema_text(_settings())
    if args.stdout:
        sys.stdout.write(text)
        return
    SCHEMA_FILE.write_text(text)
    print(f"wrote {SCHEMA_FILE}")


def cmd_check(args: argparse.Namespace) -> None:
    from graphql import build_schema as parse_sdl
    from graphql import find_breaking_changes

    problems: list[str] = []
    lint_imports = Path(sys.executable).parent / "lint-imports"
    lint = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=SCHEMA_FILE.parent)
    if lint.returncode != 0:
        problems.append("import contracts are broken (run `lint-imports` for details)")
    settings = _settings()
    current = export_schema_text(settings)
    against = Path(args.against)
    committed = against.read_text() if against.exists() else ""
    if not committed:
        problems.append(f"{against.name} is missing: run `taskapi export-schema`")
    elif committed != current:
        breaking = find_breaking_changes(parse_sdl(committed), parse_sdl(current))
        if breaking and not args.allow_breaking:
            for change in breaking:
                problems.append(f"breaking change: {change.description}")
        problems.append(f"{against.name} is out of date: run `taskapi export-schema`")
    if problems:
        raise CommandError("; ".join(problems))
    print("ok: import contracts hold and schema.graphql is current")


def cmd_graphiql_assets(args: argparse.Namespace) -> None:
    from api.http import graphiql

    try:
        if args.check:
            graphiql.check()
            print(f"ok: GraphiQL's assets in {graphiql.ASSETS_DIR} match the page's integrity hashes")
            return
        if not args.force and not graphiql.problems():
            print(f"GraphiQL's assets are already in {graphiql.ASSETS_DIR}")
            return
        assets = graphiql.install()
    except graphiql.GraphiQLAssetsError as exc:
        raise CommandError(str(exc)) from None
    for asset in assets:
        print(f"  {asset.url_path}")
    print(f"wrote {len(assets)} GraphiQL asset(s) to {graphiql.ASSETS_DIR}; serve them with GRAPHIQL_LOCAL_ASSETS=1")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="taskapi", description="A modular GraphQL API for tasks, tags and reminders.")
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply pending migrations and serve /graphql")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("worker", help="run the reminders dispatcher without serving").set_defaults(func=cmd_worker)
    sub.add_parser("migrate", help="apply pending migrations to DATABASE_URL").set_defaults(func=cmd_migrate)

    export = sub.add_parser("export-schema", help="rewrite schema.graphql from the enabled modules")
    export.add_argument("--stdout", action="store_true", help="print the schema instead of writing the file")
    export.set_defaults(func=cmd_export_schema)

    check = sub.add_parser("check", help="import contracts hold; schema.graphql is current and not broken")
    check.add_argument("--allow-breaking", action="store_true", help="accept breaking changes to schema.graphql")
    check.add_argument("--against", default=str(SCHEMA_FILE), help="the committed schema to compare with")
    check.set_defaults(func=cmd_check)

    assets = sub.add_parser(
        "graphiql-assets",
        help="fetch GraphiQL's files from the npm registry at the versions its page pins (for GRAPHIQL_LOCAL_ASSETS)",
    )
    assets.add_argument("--check", action="store_true", help="only verify the local files against the page's hashes")
    assets.add_argument("--force", action="store_true", help="fetch again even when the local files are fine")
    assets.set_defaults(func=cmd_graphiql_assets)

    token = sub.add_parser("token", help="manage API tokens").add_subparsers(dest="token_command", required=True)
    create = token.add_parser("create", help="create a token (and the user if needed); prints only the token")
    create.add_argument("--user", required=True)
    create.add_argument("--label", default="")
    create.set_defaults(func=cmd_token_create)
    revoke = token.add_parser("revoke", help="revoke the tokens that start with PREFIX")
    revoke.add_argument("prefix")
    revoke.set_defaults(func=cmd_token_revoke)
    listing = token.add_parser("list", help="list a user's tokens (prefixes only)")
    listing.add_argument("--user", required=True)
    listing.set_defaults(func=cmd_token_list)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("aerich").setLevel(logging.ERROR)
    try:
        args.func(args)
    except (CommandError, SettingsError) as exc:
        print(f"taskapi: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # one clear line for anything else, e.g. an unreachable database
        from api.registry import CompositionError

        kind = "error" if isinstance(exc, CompositionError) else f"error: {type(exc).__name__}"
        print(f"taskapi: {kind}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
