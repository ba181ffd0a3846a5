"""Reads Prodigy JSONL tasks as the scripts that turn Prodigy's relation annotations into spaCy
training data do, and fails where they would.

Written again from explosion/projects tutorials/rel_component/scripts/parse_data.py and
parse_data_generic.py, which are spaCy's own reference readers for Prodigy's rel.manual output:
- only tasks with "answer" == "accept" are read;
- a Doc is built from the tokens' "text" and "ws" (spacy.tokens.Doc(vocab, words=…, spaces=…)),
  so the tokens must rebuild the text exactly;
- each span is doc.char_span(start, end, label=…), which must exist (strict: it starts where a
  token starts and ends where one ends), and its "token_start"/"token_end" (inclusive) are the
  tokens it covers;
- a relation's "head" and "child" are the token_end of a span (span_end_to_start[relation["head"]]).
Besides, each token is {"text", "start", "end", "id", "ws"} with text == task text[start:end] and
ids 0, 1, 2…, and "head_span"/"child_span", when given, are spans of the task whose token_end is
the relation's head or child. Offsets are Python string indexes (code points), as here.

Usage: /usr/bin/python3 prodigy.py FILE.jsonl  ->  "ok N tasks", or exit 1 with "line N: problem".
"""
import json
import sys


def read(task):
    if task.get("answer") != "accept":
        raise ValueError(f"answer is {task.get('answer')!r}, not 'accept': the task would be skipped")
    text = task["text"]
    tokens = task["tokens"]
    rebuilt, starts, ends = "", {}, {}
    for i, token in enumerate(tokens):
        for key in ("text", "start", "end", "id", "ws"):
            if key not in token:
                raise ValueError(f"token {i} has no {key!r}")
        if token["id"] != i:
            raise ValueError(f"token {i} has the id {token['id']}")
        if text[token["start"]:token["end"]] != token["text"] or token["start"] != len(rebuilt):
            raise ValueError(f"token {i} {token['text']!r} is not the text at {token['start']}-{token['end']}")
        if not isinstance(token["ws"], bool):
            raise ValueError(f"token {i}: ws is not a boolean")
        starts[token["start"]] = i
        ends[token["end"]] = i
        rebuilt += token["text"] + (" " if token["ws"] else "")
    if rebuilt != text:
        raise ValueError("Doc(words, spaces) from the tokens does not rebuild the text")
    span_end_to_start = {}
    for span in task.get("spans", []):
        first, last = starts.get(span["start"]), ends.get(span["end"])
        if first is None or last is None:
            raise ValueError(f"span {span['start']}-{span['end']}: doc.char_span gives None")
        if (span["token_start"], span["token_end"]) != (first, last):
            raise ValueError(f"span {span['start']}-{span['end']}: token_start/token_end are not its tokens {first}-{last}")
        if not isinstance(span.get("label"), str):
            raise ValueError(f"span {span['start']}-{span['end']} has no label")
        span_end_to_start[span["token_end"]] = span["token_start"]
    for relation in task.get("relations", []):
        for end, given in (("head", "head_span"), ("child", "child_span")):
            if relation[end] not in span_end_to_start:
                raise ValueError(f"relation {relation['label']!r}: {end} {relation[end]} is not the last token of a span")
            if given in relation:
                span = relation[given]
                if span not in task["spans"] or span["token_end"] != relation[end]:
                    raise ValueError(f"relation {relation['label']!r}: {given} is not the span ending on token {relation[end]}")


def main(path):
    count = 0
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:
                read(json.loads(line))
            except (ValueError, KeyError, TypeError) as error:
                print(f"line {number}: {error}")
                return 1
            count += 1
    print(f"ok {count} tasks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
