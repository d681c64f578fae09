"""Accounts and API tokens: part of the core, since every module scopes its rows to the viewer."""
