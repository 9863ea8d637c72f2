"""schemathesis over /openapi.json, in process: on any generated input no route
answers 500, and every answer matches the schema it declares. A small budget
per route keeps the suite fast; raise SCHEMATHESIS_EXAMPLES for a deeper run."""
from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))


@pytest.fixture(scope="module")
def web_schema(web_db, newswire_nlp):
    from newswire.web.app import create_app

    app = create_app(web_db, max_body=20_000, nlp_loader=lambda: newswire_nlp)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# (schemathesis' own lazy pytest loader needs pytest internals that pytest 9 dropped,
# so each operation's hypothesis strategy is driven here)
def test_no_route_fails_on_generated_input(web_schema):
    from hypothesis import given
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    failures, operations = [], 0
    for result in web_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # an article can be valid by the schema and still hold no text to extract (HTML
            # with no main text), so /api/extract may refuse schema-valid bodies, with a 422
            excluded = [positive_data_acceptance] if operation.path == "/api/extract" else []
            case.call_and_validate(excluded_checks=excluded)

        try:
            check()
        except Exception as exc:  # noqa: BLE001 — collect every route's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 13
    assert not failures, "\n\n".join(failures)
