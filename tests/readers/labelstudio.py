"""Reads a Label Studio JSON export as Label Studio's converter does, and checks the task and
result fields of Label Studio's published task format; fails where either would.

Written again from HumanSignal/label-studio-converter, label_studio_converter/converter.py:
Converter.iter_from_json_file reads a list of tasks; annotation_result_from_task needs
"annotations" (or the older "completions"), leaves out annotations that were skipped or cancelled,
sorts the rest by "created_at" and reads each "result": for every item with a "from_name" it takes
a copy of "value"; Converter.get_data then reads task["id"] (a KeyError without it), task["data"],
annotation "id", "completed_by", "created_at".
And from Label Studio's task format (labelstud.io/guide/task_format): a task has an integer "id"
and a "data" object; an annotation has an "id" and a "result" list; a region result has an "id",
"from_name", "to_name", "type" and "value"; for text labels the value holds "start" and "end"
(character offsets into data.text, Python string indexes), "text" equal to that slice, and a
non-empty "labels" list; a relation result has "from_id" and "to_id" naming regions of the same
result, "direction" one of right, left, bi, and "labels".

Usage: /usr/bin/python3 labelstudio.py FILE.json  ->  "ok N tasks", or exit 1 with "task N: problem".
"""
import json
import sys
from copy import deepcopy


def annotation_result_from_task(task):
    if "annotations" not in task and "completions" not in task:
        raise ValueError("has neither annotations nor completions")
    annotations = task["annotations"] if "annotations" in task else task["completions"]
    annotations = [a for a in annotations if not (a.get("skipped", False) or a.get("was_cancelled", False))]
    for annotation in sorted(annotations, key=lambda a: a.get("created_at", 0), reverse=True):
        outputs = {}
        for r in annotation["result"]:
            if "from_name" in r:
                outputs.setdefault(r["from_name"], []).append(deepcopy(r["value"]))
        yield {
            "id": task["id"],
            "input": task["data"],
            "output": outputs,
            "completed_by": annotation.get("completed_by", {}),
            "annotation_id": annotation.get("id"),
            "created_at": annotation.get("created_at"),
        }


def check_fields(task):
    if not (isinstance(task.get("id"), int) and not isinstance(task["id"], bool)):
        raise ValueError("has no integer id")
    text = task["data"]["text"]
    for annotation in task["annotations"]:
        if "id" not in annotation:
            raise ValueError("an annotation has no id")
        regions = set()
        for r in annotation["result"]:
            if r.get("type") == "relation":
                continue
            for key in ("id", "from_name", "to_name", "type", "value"):
                if key not in r:
                    raise ValueError(f"a {r.get('type')} result has no {key!r}")
            regions.add(r["id"])
            if r["type"] == "labels":
                value = r["value"]
                if text[value["start"]:value["end"]] != value["text"]:
                    raise ValueError(f"region {r['id']}: text {value['text']!r} is not data.text[{value['start']}:{value['end']}]")
                if not value["labels"]:
                    raise ValueError(f"region {r['id']} has no label")
        for r in annotation["result"]:
            if r.get("type") != "relation":
                continue
            if r["from_id"] not in regions or r["to_id"] not in regions:
                raise ValueError(f"relation {r.get('id')} links regions that are not in the result")
            if r["direction"] not in ("right", "left", "bi") or not isinstance(r["labels"], list):
                raise ValueError(f"relation {r.get('id')} has a bad direction or labels")


def main(path):
    with open(path, encoding="utf-8") as file:
        tasks = json.load(file)
    for number, task in enumerate(tasks, 1):
        try:
            list(annotation_result_from_task(task))
            check_fields(task)
        except (ValueError, KeyError, TypeError) as error:
            print(f"task {number}: {type(error).__name__} {error}")
            return 1
    print(f"ok {len(tasks)} tasks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
