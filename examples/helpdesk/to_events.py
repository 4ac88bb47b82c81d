#!/usr/bin/env python3
"""Converts the help-desk ticket log (helpdesk.csv) into slac's CRM event model.

Each ticket becomes a lead. Its first row opens it (`ticket_opened`) and sets its fields
with an `upsert`; a later change of service level or seriousness is another `upsert`.
Activities map as: Take in charge ticket -> take_in_charge, Wait -> wait, Resolve ticket
-> resolve, Closed -> close; the rest (Assign seriousness, Insert ticket, Require upgrade,
the SW anomaly steps, ...) carry no SLA meaning here and are left out. Timestamps are
local times of the company's office, Europe/Rome. Lines are written in time order.

Usage: to_events.py helpdesk.csv > helpdesk.jsonl
"""

import csv
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
ACTIVITIES = {
    "Take in charge ticket": "take_in_charge",
    "Wait": "wait",
    "Resolve ticket": "resolve",
    "Closed": "close",
}


def level(value):
    """`Value 2` -> `level_2`, the enum value names of the policy."""
    return "level_" + value.split()[-1]


def instant(text):
    local = datetime.strptime(text, "%Y/%m/%d %H:%M:%S.%f").replace(tzinfo=ROME)
    return local.isoformat(timespec="seconds")


def main(path):
    events = []
    fields_of = {}
    with open(path, newline="") as source:
        for number, row in enumerate(csv.DictReader(source), start=2):
            lead = row["Case ID"].replace(" ", "_")
            at = instant(row["Complete Timestamp"])
            when = datetime.fromisoformat(at)
            fields = {
                "id": lead,
                "service_level": level(row["service_level"]),
                "seriousness": level(row["seriousness_2"]),
            }
            first = lead not in fields_of
            if fields_of.get(lead) != fields:
                events.append((when, number, 0, {"id": f"r{number}-u", "at": at, "lead": lead,
                                                 "type": "upsert", "fields": fields}))
                fields_of[lead] = fields
            if first:
                events.append((when, number, 1, {"id": f"r{number}-o", "at": at, "lead": lead,
                                                 "type": "activity", "kind": "ticket_opened"}))
            kind = ACTIVITIES.get(row["Activity"])
            if kind:
                events.append((when, number, 2, {"id": f"r{number}", "at": at, "lead": lead,
                                                 "type": "activity", "kind": kind}))
    events.sort(key=lambda event: event[:3])
    for event in events:
        print(json.dumps(event[3]))


if __name__ == "__main__":
    main(sys.argv[1])
