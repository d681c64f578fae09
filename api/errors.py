"""Errors shared by every module: user errors for mutation payloads and coded GraphQL errors."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

# Machine-readable codes a module may put in a UserError. Modules add their own; these are the common ones.
NOT_FOUND = "NOT_FOUND"
BLANK = "BLANK"
TOO_LONG = "TOO_LONG"
INVALID = "INVALID"
TAKEN = "TAKEN"


@strawberry.type(description="An expected failure of a mutation: the input was refused and nothing changed.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, e.g. [\"input\", \"title\"]; null when the failure is not tied to one field."
    )
    message: str = strawberry.field(description="A human-readable explanation.")
    code: str = strawberry.field(
        description="A machine-readable code, e.g. NOT_FOUND, BLANK, TOO_LONG, INVALID, TAKEN."
    )


class UserInputError(Exception):
    """Raised by services for an expected failure; becomes a UserError in the mutation payload."""

    def __init__(self, code: str, message: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def to_user_error(self) -> UserError:
        return UserError(field=self.field, message=self.message, code=self.code)


def not_found(what: str, field: list[str] | None) -> UserInputError:
    return UserInputError(NOT_FOUND, f"{what} not found.", field)


class CodedError(GraphQLError):
    """A GraphQL error the client may act on: it carries `extensions.code` and is never masked."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})


def bad_input(message: str) -> CodedError:
    return CodedError(message, "BAD_USER_INPUT")
