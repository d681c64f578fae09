"""Test support: a live server on a real database, a GraphQL HTTP client, an SQL statement counter."""
