"""taskapi: the composition root. Settings, database, module registry, schema, app and CLI."""
