"""The demo synonyms search widens queries with (`fixtures/synonyms.yaml`)."""

from django.db import transaction

from programmes.search.models import Synonym


@transaction.atomic
def synonyms_load(*, data: dict) -> int:
    """Add the synonyms of `data` ({language: [{term, means, one_way}]}) that are missing;
    those editors changed or added are left as they are. Returns how many were added."""
    added = 0
    for language, entries in (data or {}).items():
        for entry in entries or []:
            term = " ".join(str(entry["term"]).lower().split())
            means = " ".join(str(entry["means"]).lower().split())
            _synonym, created = Synonym.objects.get_or_create(
                language=language,
                term=term,
                means=means,
                defaults={"one_way": bool(entry.get("one_way", False))},
            )
            added += created
    return added
