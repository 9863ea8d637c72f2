"""The web layer: `newswire serve`, an HTTP API and server-rendered pages over a
corpus database, for a person on one machine, offline.

    >>> from newswire.web.app import create_app
    >>> app = create_app("news.duckdb")      # an ASGI app: uvicorn.run(app)
"""
