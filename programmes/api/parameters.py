"""The query parameters the JSON API and FHIR read: the page cache keeps only answers to
these (`programmes.page_cache.accept_machine_parameters`)."""


def query_parameters() -> set[str]:
    from .fhir.views import COMMON_PARAMS, SEARCH_PARAMS  # noqa: PLC0415
    from .rest.api import api  # noqa: PLC0415

    names = {*COMMON_PARAMS, *SEARCH_PARAMS}
    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    names.add(parameter["name"])
    return names
