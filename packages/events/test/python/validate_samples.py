"""Validates sample envelopes against the committed JSON Schemas with Python's `jsonschema`.

Usage: python3 validate_samples.py SCHEMAS_DIR SAMPLES_JSON

SAMPLES_JSON is a list of {"label": ..., "envelope": {...}}. Each envelope is checked the way a
Python consumer would: against the envelope schema (`$id` urn:statehub:envelope), then its `data`
against the schema whose `$id` is the envelope's `dataschema`, both reached through `$ref` by
`$id`. Prints one JSON object on stdout:

  {"jsonschema": "4.10.3", "schemas": 6, "patterns": 17,
   "results": [{"label": ..., "errors": ["data.repoId: 'x' does not match ..."]}]}

Exits 2 when a schema is unusable in Python: not a valid Draft 2020-12 schema, or a `pattern`
that Python's `re` cannot compile (what made consumers crash before issue 9).
Works with jsonschema 4.10 (Debian 12, RefResolver) and with 4.18+ (the `referencing` registry).
"""

import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

ENVELOPE_ID = "urn:statehub:envelope"
INSTANCE_KEYWORDS = {"const", "enum", "default", "examples"}


def load_schemas(directory):
    return [json.loads(path.read_text("utf-8")) for path in sorted(Path(directory).rglob("*.json"))]


def patterns_in(node):
    if isinstance(node, list):
        for item in node:
            yield from patterns_in(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value.keys()
                yield from patterns_in(list(value.values()))
            elif key not in INSTANCE_KEYWORDS:
                yield from patterns_in(value)


def validator_factory(schemas):
    """Validators that resolve `$ref`s to the committed schemas by their `$id`."""
    by_id = {schema["$id"]: schema for schema in schemas}
    checker = FormatChecker()
    try:
        from referencing import Registry, Resource
    except ImportError:  # jsonschema < 4.18
        from jsonschema import RefResolver

        def make(schema):
            return Draft202012Validator(
                schema, resolver=RefResolver("", schema, store=by_id), format_checker=checker
            )

        return make
    registry = Registry().with_resources(
        (schema_id, Resource.from_contents(schema)) for schema_id, schema in by_id.items()
    )

    def make(schema):
        return Draft202012Validator(schema, registry=registry, format_checker=checker)

    return make


def describe(errors, prefix):
    found = []
    for error in sorted(errors, key=lambda e: [str(part) for part in e.absolute_path]):
        path = ".".join([prefix] * bool(prefix) + [str(part) for part in error.absolute_path])
        found.append(f"{path or '(root)'}: {error.message}")
    return found


def check(envelope, make):
    errors = describe(make({"$ref": ENVELOPE_ID}).iter_errors(envelope), "")
    dataschema = envelope.get("dataschema") if isinstance(envelope, dict) else None
    if isinstance(dataschema, str) and "data" in envelope:
        try:
            errors += describe(make({"$ref": dataschema}).iter_errors(envelope["data"]), "data")
        except Exception as error:  # unresolvable: RefResolutionError (4.10) / Unresolvable (4.18+)
            errors.append(f"dataschema: {dataschema} is not a published schema ({type(error).__name__})")
    return errors


def main(schemas_dir, samples_file):
    schemas = load_schemas(schemas_dir)
    problems = []
    count = 0
    for schema in schemas:
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            problems.append(f"{schema.get('$id')}: not a valid schema: {error.message}")
        for pattern in patterns_in(schema):
            count += 1
            try:
                re.compile(pattern)
            except re.error as error:
                problems.append(f"{schema.get('$id')}: Python's re cannot compile {pattern!r}: {error}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    make = validator_factory(schemas)
    samples = json.loads(Path(samples_file).read_text("utf-8"))
    results = [{"label": sample["label"], "errors": check(sample["envelope"], make)} for sample in samples]
    print(json.dumps({"jsonschema": version("jsonschema"), "schemas": len(schemas), "patterns": count, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
