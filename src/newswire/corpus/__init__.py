"""Layer 2, many articles: a DuckDB store of article records (`store`), bulk
ingest (`ingest`) and the links between copies, quotes and events (`link`)."""
