"""The content file: a whole programme as one YAML file, in and out.

The format is described once, in `programme.schema.json` (in words: fixtures/SCHEMA.md);
`format` reads what Python needs of it. `reading` turns a file into data, `structure`
checks it against the schema before anything is loaded, `importing` loads it in place
(checking what a schema cannot: slugs used twice, names that must exist), with
`pathway_loading` for the care pathways and `loading` for what the two share, and
`outcome` records what the import did; `exporting` writes a programme back out. Every problem is a
`ContentFileError` whose message names the place in the file, in the language of the
page (`errors`, `values`); the other loaders of content files (the care levels, the lists
of terms, the demo organisations and plans) report theirs with the same words.
"""

from .errors import ContentFileError, nothing_changed
from .exporting import dump_yaml, programme_export
from .importing import ImportOutcome, programme_import, programme_import_outcome
from .reading import MAX_FILE_SIZE, fixtures_dir, parse_programme_file, read_yaml

__all__ = [
    "MAX_FILE_SIZE",
    "ContentFileError",
    "ImportOutcome",
    "dump_yaml",
    "fixtures_dir",
    "nothing_changed",
    "parse_programme_file",
    "programme_export",
    "programme_import",
    "programme_import_outcome",
    "read_yaml",
]
