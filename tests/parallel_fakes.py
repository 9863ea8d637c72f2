"""A stand-in for newswire.pipeline.extract in the parallel tests: an article whose
text contains CRASH kills its worker process; the others echo their id."""
import os


def load_model(name=None):
    return {"model": name or "fake"}


def extract_records(inputs, nlp=None, batch_size=16, published=None):
    for item in inputs:
        if "CRASH" in item.get("text", ""):
            os._exit(3)
        yield {"schema": "newswire.article/1", "id": item["id"], "pid": os.getpid()}
