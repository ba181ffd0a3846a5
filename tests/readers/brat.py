"""Reads an unzipped brat collection (annotation.conf, visual.conf, .txt and .ann files) as brat's
server does, and fails where brat would rename a name, refuse a configuration line or report an
annotation.

Written again from nlplab/brat, server/src/projectconfig.py and server/src/annotation.py:
- normalize_to_storage_form: brat stores a type as re.sub(r'[^a-zA-Z0-9_-]', '_', name) with
  spaces made "_" first; a configured name that differs is renamed (with a warning), after which
  every annotation under the old name is an unknown type. Here that is a failure.
- __parse_configs: lines "[section]" start sections; [entities], [relations], [events],
  [attributes] are expected in annotation.conf, [labels] and [drawing] in visual.conf.
- __read_term_hierarchy: blank lines and "#" comments are skipped, a line of hyphens only is a
  separator; otherwise `^(\\s*)(\\S+)(?:\\s+(.*))?$` (in [labels] `^(\\s*)([^\\t]+)(?:\\t(.*))?$`), terms
  split on "|", arguments split on "," and each must match `^(\\S*?):(\\S*)$`; an empty term is an
  error; the first term is the storage form.
- an attribute's values are the "|"-separated types of its Value argument.
- .ann lines: T (id, type, "start end" fragments separated by ";", tab, text), R (type Arg1:id
  Arg2:id), A/M (type, target, value), # (AnnotatorNotes target, tab, note).
And what brat's verifier reports: a type, relation or attribute not in annotation.conf, a value not
declared for its attribute, a reference to an id that does not exist, a fragment that is empty or
outside the text, a text that is not the fragments' text joined by a space.

Usage: /usr/bin/python3 brat.py DIRECTORY  ->  "ok N documents", or exit 1 with "file: problem".
"""
import os
import re
import sys

RESERVED = {"<ANY>", "<ENTITY>", "<RELATION>", "<EVENT>", "<NONE>", "<REL-TYPE>", "<OVERLAP>", "<OVL-TYPE>"}


def storage_form(name):
    return re.sub(r"[^a-zA-Z0-9_-]", "_", name.replace(" ", "_"))


def read_config(path, expected):
    sections, section = {}, "general"
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file.read().split("\n"), 1):
            m = re.match(r"^\s*\[(.*)\]\s*$", line)
            if m:
                section = m.group(1)
                if section not in expected:
                    raise ValueError(f"{os.path.basename(path)} line {number}: unexpected section [{section}]")
                sections.setdefault(section, [])
                continue
            if line.strip() == "" or re.match(r"^\s*#", line) or re.match(r"^\s*-+\s*$", line):
                continue
            pattern = r"^(\s*)([^\t]+)(?:\t(.*))?$" if section == "labels" else r"^(\s*)(\S+)(?:\s+(.*))?$"
            m = re.match(pattern, line)
            if not m:
                raise ValueError(f"{os.path.basename(path)} line {number}: cannot be parsed")
            _, terms, args = m.groups()
            terms = [t.strip() for t in terms.split("|") if t.strip() != ""]
            if not terms:
                raise ValueError(f"{os.path.basename(path)} line {number}: empty term")
            if terms[0] not in RESERVED and storage_form(terms[0]) != terms[0]:
                raise ValueError(f"{os.path.basename(path)} line {number}: {terms[0]!r} is not a brat identifier (brat reads it as {storage_form(terms[0])!r})")
            arguments = {}
            if section != "drawing":
                for arg in [a.strip() for a in (args or "").split(",") if a.strip() != ""]:
                    am = re.match(r"^(\S*?):(\S*)$", arg)
                    if not am:
                        raise ValueError(f"{os.path.basename(path)} line {number}: argument {arg!r} cannot be parsed")
                    key, types = am.groups()
                    values = types.split("|")
                    if any(v.strip() == "" for v in values):
                        raise ValueError(f"{os.path.basename(path)} line {number}: empty type in {arg!r}")
                    arguments[key] = values
            sections.setdefault(section, []).append((terms, arguments))
    for name in expected:
        if name not in sections:
            raise ValueError(f"{os.path.basename(path)}: missing section [{name}]")
    return sections


def check_document(txt_path, ann_path, config):
    with open(txt_path, encoding="utf-8", newline="") as file:
        text = file.read()
    entities = {terms[0] for terms, _ in config["entities"]}
    relations = {terms[0] for terms, _ in config["relations"]}
    attributes = {terms[0]: set(args.get("Value", [])) for terms, args in config["attributes"]}
    ids, references = set(), []
    with open(ann_path, encoding="utf-8", newline="") as file:
        for number, line in enumerate(file.read().split("\n"), 1):
            if line == "":
                continue
            where = f"{os.path.basename(ann_path)} line {number}"
            ann_id, _, rest = line.partition("\t")
            if ann_id in ids:
                raise ValueError(f"{where}: the id {ann_id} is used twice")
            ids.add(ann_id)
            if ann_id.startswith("T"):
                data, _, quote = rest.partition("\t")
                kind, spans = data.split(" ", 1)
                if kind not in entities:
                    raise ValueError(f"{where}: type {kind!r} is not in [entities]")
                pieces = []
                for piece in spans.split(";"):
                    start, end = (int(x) for x in piece.split(" "))
                    if not 0 <= start < end <= len(text):
                        raise ValueError(f"{where}: fragment {start} {end} is empty or outside the text")
                    pieces.append(text[start:end])
                if " ".join(pieces) != quote:
                    raise ValueError(f"{where}: text {quote!r} is not the fragments' text {' '.join(pieces)!r}")
            elif ann_id.startswith("R"):
                m = re.match(r"^(\S+) Arg1:(\S+) Arg2:(\S+)$", rest)
                if not m or m.group(1) not in relations:
                    raise ValueError(f"{where}: relation type not in [relations] or line malformed")
                references += [(where, m.group(2)), (where, m.group(3))]
            elif ann_id.startswith(("A", "M")):
                m = re.match(r"^(.+?) (.+?) (.+?)$", rest)
                name, target, value = m.groups()
                if name not in attributes:
                    raise ValueError(f"{where}: attribute {name!r} is not in [attributes]")
                if value not in attributes[name]:
                    raise ValueError(f"{where}: value {value!r} is not declared for {name!r}")
                references.append((where, target))
            elif ann_id.startswith("#"):
                m = re.match(r"^AnnotatorNotes (\S+)\t", rest)
                if not m:
                    raise ValueError(f"{where}: note malformed")
                references.append((where, m.group(1)))
            else:
                raise ValueError(f"{where}: not an annotation line")
    for where, target in references:
        if target not in ids:
            raise ValueError(f"{where}: {target} is not annotated")


def main(folder):
    config = read_config(os.path.join(folder, "annotation.conf"), ("entities", "relations", "events", "attributes"))
    visual = os.path.join(folder, "visual.conf")
    if os.path.exists(visual):
        read_config(visual, ("labels", "drawing"))
    count = 0
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(".ann"):
                try:
                    check_document(os.path.join(root, name[:-4] + ".txt"), os.path.join(root, name), config)
                except (ValueError, KeyError, TypeError, AttributeError, FileNotFoundError) as error:
                    print(error)
                    return 1
                count += 1
    print(f"ok {count} documents")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1]))
    except ValueError as error:
        print(error)
        sys.exit(1)
