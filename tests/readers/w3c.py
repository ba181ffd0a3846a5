"""Checks a W3C Web Annotation export (a JSON array of AnnotationCollections) against the Web
Annotation Data Model's MUSTs, with jsonschema, and reads it as a JSON-LD processor does, with
pyld; fails where either finds a problem.

- jsonschema (Draft 4, formats checked: ids must be IRIs) with
  tests/fixtures/formats/conformance/web-annotation.schema.json, for the file, then for every page
  and every annotation on its own (an annotation inherits its collection's @context).
- pyld expands the file with tests/fixtures/formats/conformance/anno-context.jsonld served for
  http://www.w3.org/ns/anno.jsonld by a document loader that refuses any other URL, so nothing is
  fetched. Every key the export uses must be a term of the context or an absolute IRI (a JSON-LD
  processor silently drops any other), every annotation and page must expand with an @id, and
  every motivation and purpose must expand to a Web Annotation (oa:) IRI.

Usage: /usr/bin/python3 w3c.py FILE.jsonld SCHEMA CONTEXT  ->  "ok N collections", or exit 1.
"""
import json
import sys

import jsonschema
from pyld import jsonld

ANNO = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS_ITEMS = "http://www.w3.org/ns/activitystreams#items"


def loader_for(context_path):
    with open(context_path, encoding="utf-8") as file:
        context = json.load(file)

    def load(url, options=None):
        if url != ANNO:
            raise jsonld.JsonLdError(f"refused to fetch {url}", "loading document failed")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}

    return load


def keys_of(value, found):
    if isinstance(value, dict):
        for key, child in value.items():
            found.add(key)
            keys_of(child, found)
    elif isinstance(value, list):
        for child in value:
            keys_of(child, found)
    return found


def check_schema(collections, schema):
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    problems = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(collections)]
    definitions = schema["definitions"]
    for c, collection in enumerate(collections):
        first = collection.get("first")
        if isinstance(first, dict):
            page_validator = jsonschema.Draft4Validator({**definitions["page"], "definitions": definitions}, format_checker=jsonschema.FormatChecker())
            problems += [f"collection {c} page: {e.message}" for e in page_validator.iter_errors(first)]
            item_validator = jsonschema.Draft4Validator({**definitions["annotation"], "required": ["@context", "id", "type", "target"], "definitions": definitions}, format_checker=jsonschema.FormatChecker())
            for item in first.get("items", []):
                inherited = {"@context": collection["@context"], **item}
                problems += [f"annotation {item.get('id')}: {e.message}" for e in item_validator.iter_errors(inherited)]
    return problems


def check_expansion(collections, load):
    options = {"documentLoader": load}
    problems = []
    probe = "urn:glose:probe"
    for key in sorted(keys_of(collections, set())):
        if key.startswith("@") or ":" in key:
            continue
        # a term aliasing @id meets the probe's own @id; any other defined term keeps its value
        try:
            kept = jsonld.expand({"@context": ANNO, "@id": probe, key: "x"}, options)
        except jsonld.JsonLdError:
            kept = [{"alias": True}]
        if not kept or set(kept[0]) == {"@id"}:
            problems.append(f"{key!r} is not a term of the Web Annotation context: a JSON-LD processor drops it")
    expanded = jsonld.expand(collections, options)

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not isinstance(node, dict):
            return
        types = node.get("@type", [])
        if (OA + "Annotation") in types or "http://www.w3.org/ns/activitystreams#OrderedCollectionPage" in types:
            if "@id" not in node:
                problems.append(f"a node of type {types} has no @id once expanded")
        for prop in (OA + "motivatedBy", OA + "hasPurpose"):
            for value in node.get(prop, []):
                if not value.get("@id", "").startswith(OA):
                    problems.append(f"{prop} {value} is not a Web Annotation IRI")
        for key, child in node.items():
            if key == AS_ITEMS:
                for entry in child:
                    walk(entry.get("@list", []))
            elif not key.startswith("@") or key in ("@graph",):
                walk(child)

    walk(expanded)
    return problems


def main(path, schema_path, context_path):
    with open(path, encoding="utf-8") as file:
        collections = json.load(file)
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    problems = check_schema(collections, schema) + check_expansion(collections, loader_for(context_path))
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"ok {len(collections)} collections")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
