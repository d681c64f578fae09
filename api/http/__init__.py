"""The HTTP layer's frontend-facing pieces: media types, CSRF, persisted queries, GraphiQL's local assets.

Each piece is plain functions and small classes; api/app.py wires them into the Starlette app.
"""
