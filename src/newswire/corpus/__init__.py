"""The corpus layer, many articles: a DuckDB store of article records (`store`), bulk
ingest (`ingest`), the links between copies, quotes and events (`link`), and the
`Corpus` that reads it (`query`, `aggregate`, `plover`, `rows`)."""
