#!/usr/bin/env python3
"""Compares the `resolution` outcomes of a replay with the log's own `made_sla` column.

An incident's recorded outcome is `made_sla` on its last update, when it was closed: the
column is updated as the incident moves, and reads TRUE on every Resolved row. Prints the agreement rate, the
confusion by priority, and the disagreeing incidents with their resolution times.

Usage: compare.py incident_event_log.csv records.jsonl [MIN_PERCENT [list]]
Exits 1 when the agreement is below MIN_PERCENT; `list` prints every disagreement.
"""

import collections
import csv
import json
import sys


def main(log_path, records_path, sla="resolution"):
    recorded = {}
    priority = {}
    with open(log_path, newline="") as source:
        for row in csv.DictReader(source):
            priority[row["number"]] = row["priority"]
            recorded[row["number"]] = row["made_sla"] == "TRUE"

    ours = {}
    elapsed = {}
    with open(records_path) as records:
        for line in records:
            record = json.loads(line)
            if record["record"] == "outcome" and record["sla"] == sla:
                ours[record["lead"]] = record["outcome"] == "met"
                elapsed[record["lead"]] = record["elapsed_ms"] / 3_600_000

    both = sorted(set(recorded) & set(ours))
    agree = sum(recorded[n] == ours[n] for n in both)
    print(f"{sla}: {agree} of {len(both)} incidents agree with made_sla "
          f"({100.0 * agree / max(1, len(both)):.1f}%)")
    table = collections.Counter((priority[n], recorded[n], ours[n]) for n in both)
    for (level, theirs, mine), count in sorted(table.items()):
        print(f"  {level:14} made_sla={str(theirs):5} ours={'met' if mine else 'late':4} {count}")
    if len(sys.argv) > 4:
        for n in both:
            if recorded[n] != ours[n]:
                print(f"  {n} {priority[n]} made_sla={recorded[n]} elapsed={elapsed[n]:.1f}h")


    return 100.0 * agree / max(1, len(both))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "resolution_paused")
    rate = main(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3 and rate < float(sys.argv[3]):
        print(f"agreement {rate:.1f}% is below {sys.argv[3]}%", file=sys.stderr)
        sys.exit(1)
