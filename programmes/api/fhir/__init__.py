"""FHIR R4 for the published programmes (issue 13): read-only, JSON, after the HL7
Clinical Practice Guidelines IG.

`ids` makes the stable ids and canonical URLs, `selectors` reads a programme's published
content in a fixed number of queries, `common`, `plandefinitions`, `activities` and
`capability` build the resources as plain dicts, `catalogue` gathers a programme's
resources, and `views` serves them with OperationOutcomes for what it refuses.
"""
