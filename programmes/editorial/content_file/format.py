"""The programme file's format in Python's terms, read from `programme.schema.json`.

The format is described once, in the JSON Schema beside this module (fixtures/SCHEMA.md
says it in words). What Python needs of it is read from there: the keys each entry may
have, in the order an export writes them (the order of the schema's `properties`), which
of them are translated texts, tag lists and so on.
"""

import json
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("programme.schema.json")
#: The schema as data, read once.
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

#: The definition of each kind of entry of a file, by the name the loaders give it.
DEFINITIONS = {
    "programme": SCHEMA,
    "node": SCHEMA["$defs"]["node"],
    "responsibility": SCHEMA["$defs"]["level_responsibility"],
    "vignette": SCHEMA["$defs"]["vignette"],
    "indicator": SCHEMA["$defs"]["indicator"],
    "material": SCHEMA["$defs"]["material"],
    "pathway": SCHEMA["$defs"]["pathway"],
    "step": SCHEMA["$defs"]["step"],
    "guideline": SCHEMA["$defs"]["guideline"],
}
#: The lists of entries a programme holds, and the kind of entry in each.
ENTRY_LISTS = {
    "guidelines": "guideline",
    "sections": "node",
    "pathways": "pathway",
    "level_responsibilities": "responsibility",
    "vignettes": "vignette",
    "indicators": "indicator",
    "materials": "material",
}
#: The lists of entries inside an entry, and the kind of entry in each.
INNER_LISTS = {"children": "node", "steps": "step"}
TEXT_REFS = ("#/$defs/text", "#/$defs/required_text")
SLUG_REF = "#/$defs/slug"
TREE_FIELDS = ["path", "depth", "numchild"]


def kind_of_value(definition: dict) -> str:
    """What kind of value a property of the schema holds, in the loaders' words:
    text (translated), slug, slugs, choice, choices, flag, number, date, plain (a text
    in one language), entries (a list of mappings), lines (lists of texts per language)."""
    ref = definition.get("$ref")
    if ref in TEXT_REFS:
        return "text"
    if ref == "#/$defs/slugs":
        return "slugs"
    if ref == SLUG_REF or any(part.get("$ref") == SLUG_REF for part in definition.get("allOf", ())):
        return "slug"
    if "enum" in definition:
        return "choice"
    kind = definition.get("type")
    if kind == "array":
        return "choices" if "enum" in definition["items"] else "entries"
    if kind == "object":
        return "lines"
    if kind == "string":
        return "date" if definition.get("format") == "date" else "plain"
    return {"boolean": "flag", "integer": "number"}[kind]


def property_of(entry: str, key) -> dict | None:
    """The schema's definition of `key` of an entry (None for a key it does not have)."""
    return DEFINITIONS[entry]["properties"].get(key)


def default(entry: str, key: str):
    """The value the schema gives a key the file leaves out (None where it gives none)."""
    return property_of(entry, key).get("default")


def keys_of(entry: str) -> tuple[str, ...]:
    """The keys an entry may have, in the order an export writes them."""
    return tuple(DEFINITIONS[entry]["properties"])


def texts_of(entry: str, keys) -> list[str]:
    """Which of `keys` are translated texts."""
    return [key for key in keys if kind_of_value(property_of(entry, key)) == "text"]


# The keys a programme file may use, in the order an export writes them.
PROGRAMME_KEYS = keys_of("programme")
INTERVENTION_KEYS = keys_of("node")
#: The keys only an intervention has (the schema's `else` for any other node).
INTERVENTION_ONLY_KEYS = tuple(DEFINITIONS["node"]["else"]["properties"])
NODE_KEYS = tuple(key for key in INTERVENTION_KEYS if key not in INTERVENTION_ONLY_KEYS)
RESPONSIBILITY_KEYS = keys_of("responsibility")
VIGNETTE_KEYS = keys_of("vignette")
INDICATOR_KEYS = keys_of("indicator")
MATERIAL_KEYS = keys_of("material")
PATHWAY_KEYS = keys_of("pathway")
STEP_KEYS = keys_of("step")
GUIDELINE_KEYS = keys_of("guideline")
TAG_KEYS = tuple(key for key in NODE_KEYS if kind_of_value(property_of("node", key)) == "slugs")

# The translated texts of each kind of entry.
PROGRAMME_TEXTS = texts_of("programme", PROGRAMME_KEYS)
NODE_TEXTS = texts_of("node", NODE_KEYS)
INTERVENTION_TEXTS = texts_of("node", INTERVENTION_ONLY_KEYS)
RESPONSIBILITY_TEXTS = texts_of("responsibility", RESPONSIBILITY_KEYS)
VIGNETTE_TEXTS = texts_of("vignette", VIGNETTE_KEYS)
INDICATOR_TEXTS = texts_of("indicator", INDICATOR_KEYS)
MATERIAL_TEXTS = texts_of("material", MATERIAL_KEYS)
PATHWAY_TEXTS = texts_of("pathway", PATHWAY_KEYS)
STEP_TEXTS = texts_of("step", STEP_KEYS)
GUIDELINE_TEXTS = texts_of("guideline", GUIDELINE_KEYS)
