"""Feature modules. Each owns its tables, types, root fields and loaders; see api.contract."""
