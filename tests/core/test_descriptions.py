"""The API documents itself: every type, field and argument has a description."""

from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType


def test_every_type_field_and_argument_is_described(live_server):
    schema = live_server.server.config.app.state.schema._schema
    missing = []
    for graphql_type in schema.type_map.values():
        if graphql_type.name.startswith("__"):
            continue
        if not isinstance(graphql_type, (GraphQLObjectType, GraphQLInputObjectType, GraphQLInterfaceType)):
            continue
        if not graphql_type.description and graphql_type.name not in ("Query", "Mutation", "Subscription"):
            missing.append(graphql_type.name)
        for name, field in graphql_type.fields.items():
            if not field.description:
                missing.append(f"{graphql_type.name}.{name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not arg.description:
                    missing.append(f"{graphql_type.name}.{name}({arg_name})")
    assert missing == []
