"""Reads spaCy Doc JSON lines as spaCy 3's Doc.from_json(doc_json, validate=True) does, on a machine
without spaCy, and fails the way it would.

The checks are spaCy's own, written again from its source (explosion/spaCy, v3.4 and later):
- spacy/schemas.py, DocJSONSchema (pydantic, strict types): "text" a string, "tokens" required, a
  list of objects whose values are strings or integers; "ents" a list of such objects; "spans" an
  object of lists of such objects; "cats" an object of floats (StrictFloat: 1 is refused, 1.0 is
  not); "_" an object.
- spacy/tokens/doc.pyx, Doc.from_json: each token's word is text[start:end];
  spacy/util.py get_words_and_spaces(words, text) must give back exactly those words (`assert words
  == reconstructed_words`), so whitespace between words is a token unless it is one space after a
  word; every span of every group is char_span(start, end, label, kb_id=span["kb_id"]) and must
  exist (strict alignment: it starts where a token starts and ends where one ends); so must every
  entity; and entities cannot overlap (the Doc.ents setter).
Offsets are Python string indexes (code points), as here.

Usage: /usr/bin/python3 spacy_doc.py FILE.jsonl  ->  "ok N docs", or exit 1 with "line N: problem".
"""
import json
import sys


def strict_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def strict_str(value):
    return isinstance(value, str)


def attr_dicts(value, where):
    if not isinstance(value, list):
        raise ValueError(f"{where} is not a list")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ValueError(f"{where}[{i}] is not an object")
        for key, field in item.items():
            if not (strict_str(field) or strict_int(field)):
                raise ValueError(f"{where}[{i}].{key} is neither a string nor an integer: {field!r}")


def validate(doc):
    """DocJSONSchema."""
    if not strict_str(doc.get("text")):
        raise ValueError("text is missing or not a string")
    if "tokens" not in doc:
        raise ValueError("tokens is missing")
    attr_dicts(doc["tokens"], "tokens")
    if "ents" in doc:
        attr_dicts(doc["ents"], "ents")
    if "spans" in doc:
        if not isinstance(doc["spans"], dict):
            raise ValueError("spans is not an object of span groups")
        for group, spans in doc["spans"].items():
            attr_dicts(spans, f"spans[{group!r}]")
    if "cats" in doc:
        if not isinstance(doc["cats"], dict):
            raise ValueError("cats is not an object")
        for name, score in doc["cats"].items():
            if not isinstance(score, float):
                raise ValueError(f"cats[{name!r}] is not a float: {score!r}")
    if "_" in doc and not isinstance(doc["_"], dict):
        raise ValueError("_ is not an object")


def get_words_and_spaces(words, text):
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError("the words do not cover the text (spaCy E194)")
    text_words, text_spaces, text_pos = [], [], 0
    for word in (w for w in words if not w.isspace()):
        try:
            word_start = text[text_pos:].index(word)
        except ValueError:
            raise ValueError(f"word {word!r} is not in the text where expected (spaCy E194)") from None
        if word_start > 0:
            text_words.append(text[text_pos:text_pos + word_start])
            text_spaces.append(False)
            text_pos += word_start
        text_words.append(word)
        text_spaces.append(False)
        text_pos += len(word)
        if text_pos < len(text) and text[text_pos] == " ":
            text_spaces[-1] = True
            text_pos += 1
    if text_pos < len(text):
        text_words.append(text[text_pos:])
        text_spaces.append(False)
    return text_words, text_spaces


def from_json(doc):
    validate(doc)
    text = doc["text"]
    words = [text[t["start"]:t["end"]] for t in doc["tokens"]]
    rebuilt, spaces = get_words_and_spaces(words, text)
    if rebuilt != words:
        raise ValueError("the tokens are not the words spaCy rebuilds from the text (assert words == reconstructed_words)")
    starts, ends, position = {}, {}, 0
    for i, (word, space) in enumerate(zip(words, spaces)):
        starts[position] = i
        ends[position + len(word)] = i
        position += len(word) + (1 if space else 0)
    if position != len(text):
        raise ValueError("the tokens do not rebuild the text")

    def char_span(span, what):
        for key in ("start", "end", "label") + (("kb_id",) if what == "span" else ()):
            if key not in span:
                raise ValueError(f"{what} has no {key!r} (KeyError in Doc.from_json)")
        first, last = starts.get(span["start"]), ends.get(span["end"])
        if first is None or last is None or last < first:
            raise ValueError(f"{what} {span['start']}-{span['end']} does not start and end on tokens (spaCy E1039)")
        return first, last + 1

    for group, spans in doc.get("spans", {}).items():
        for span in spans:
            char_span(span, "span")
    covered = set()
    for ent in doc.get("ents", []):
        first, end = char_span(ent, "entity")
        if covered.intersection(range(first, end)):
            raise ValueError(f"entity {ent['start']}-{ent['end']} overlaps another (spaCy E1010)")
        covered.update(range(first, end))


def main(path):
    count = 0
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:
                from_json(json.loads(line))
            except (ValueError, KeyError, TypeError) as error:
                print(f"line {number}: {error}")
                return 1
            count += 1
    print(f"ok {count} docs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
