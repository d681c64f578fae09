"""The served schema: the composed modules plus the safety extensions."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from graphql import GraphQLError, ValidationContext, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator
from strawberry.schema.config import StrawberryConfig

from api.composition import compose_schema
from api.context import Context
from api.contract import FeatureModule
from api.registry import load_modules
from api.settings import Settings

logger = logging.getLogger("taskapi.errors")


class MaskUnexpectedErrors(MaskErrors):
    """Hide unexpected exceptions from clients; log each with an id the client also gets."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=self._is_unexpected)

    @staticmethod
    def _is_unexpected(error: GraphQLError) -> bool:
        original = error.original_error
        return original is not None and not isinstance(original, GraphQLError)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        error_id = uuid.uuid4().hex[:12]
        logger.error("unexpected error %s at %s", error_id, error.path, exc_info=error.original_error)
        return GraphQLError(
            message=f"Unexpected error. Reference: {error_id}",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "errorId": error_id},
        )


def coded(rule: type[ValidationRule], code: str) -> type[ValidationRule]:
    """`rule` with `extensions.code` on each error it reports, so clients can tell why a query was refused.

    Works for rules that check the whole document in `__init__`, as strawberry's depth limiter does.
    """

    class CodedRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            report = context.on_error

            def on_error(error: GraphQLError) -> None:
                error.extensions = {**(error.extensions or {}), "code": code}
                report(error)

            context.on_error = on_error
            try:
                rule(context)
            finally:
                context.on_error = report
            super().__init__(context)

    return CodedRule


def code_limit_errors(errors: Sequence[GraphQLError] | None) -> None:
    """Give MaxTokensLimiter's refusal a code: graphql-core reports it as a plain syntax error, before any
    extension can see it when the parser cache is on."""
    for error in errors or ():
        if "Document contains more than" in error.message and not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": "QUERY_TOO_LARGE"}


def schema_extensions(settings: Settings) -> list[Any]:
    """Extension factories: each request gets fresh instances.

    The limit rules are classes made once: the validation cache is keyed by the rules, so a rule class made per
    request would defeat it.
    """
    depth_rule = coded(depth_validator(settings.max_depth, None), "QUERY_TOO_DEEP")
    aliases_rule = coded(aliases_validator(settings.max_aliases), "TOO_MANY_ALIASES")
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules([depth_rule]),
        lambda: AddValidationRules([aliases_rule]),
        MaskUnexpectedErrors,
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]


def build_schema(settings: Settings, modules: Sequence[FeatureModule] | None = None):
    modules = load_modules(settings.modules) if modules is None else modules
    config = StrawberryConfig(
        disable_field_suggestions=not settings.debug,
        relay_max_results=settings.max_page_size,
    )
    return compose_schema(modules, extensions=schema_extensions(settings), config=config)


def loader_factory(modules: Sequence[FeatureModule]):
    """One function that builds every enabled module's DataLoaders for a request."""

    def build(context: Context) -> Mapping[str, Any]:
        loaders: dict[str, Any] = {}
        for module in modules:
            if module.loaders is not None:
                loaders.update(module.loaders(context))
        return loaders

    return build
