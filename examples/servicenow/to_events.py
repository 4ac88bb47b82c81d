#!/usr/bin/env python3
"""Converts the ServiceNow incident event log (incident_event_log.csv) into slac's CRM
event model.

Each incident becomes a lead, upserted when it was opened (`opened_at`) with its priority
(`2 - High` becomes `p2`), and opened with an `opened` activity. Every update row becomes an
activity at its `sys_updated_at` by the state it leaves the incident in: Active -> work,
Awaiting User Info/Problem/Vendor/Evidence -> await, Resolved -> resolve, Closed -> close;
New adds nothing. A change of priority is another upsert. The log's date-times carry no
zone and are read as UTC. Lines are written in time order.

Usage: to_events.py incident_event_log.csv > incidents.jsonl
"""

import csv
import json
import sys
from datetime import datetime, timezone

STATES = {
    "Active": "work",
    "Awaiting User Info": "await",
    "Awaiting Problem": "await",
    "Awaiting Vendor": "await",
    "Awaiting Evidence": "await",
    "Resolved": "resolve",
    "Closed": "close",
}


def instant(text):
    """`29-02-2016 01:16` (day first) -> `2016-02-29T01:16:00+00:00`."""
    local = datetime.strptime(text, "%d-%m-%Y %H:%M").replace(tzinfo=timezone.utc)
    return local.isoformat()


def main(path):
    with open(path, newline="") as source:
        rows = list(enumerate(csv.DictReader(source), start=2))
    # One update in the log comes before its incident's `opened_at`: an incident opens at
    # the earlier of the two, so that no event precedes it.
    opened_at = {}
    for _, row in rows:
        for text in (row["opened_at"], row["sys_updated_at"]):
            at = instant(text)
            opened_at[row["number"]] = min(opened_at.get(row["number"], at), at)

    events = []
    priority_of = {}
    for number, row in rows:
        if True:
            lead = row["number"]
            priority = "p" + row["priority"].split(" ")[0]
            if lead not in priority_of:
                opened = opened_at[lead]
                events.append((opened, number, 0, {
                    "id": f"{lead}-opened-u", "at": opened, "lead": lead, "type": "upsert",
                    "fields": {"id": lead, "priority": priority}}))
                events.append((opened, number, 1, {
                    "id": f"{lead}-opened", "at": opened, "lead": lead, "type": "activity",
                    "kind": "opened"}))
            elif priority_of[lead] != priority:
                at = instant(row["sys_updated_at"])
                events.append((at, number, 0, {
                    "id": f"r{number}-u", "at": at, "lead": lead, "type": "upsert",
                    "fields": {"priority": priority}}))
            priority_of[lead] = priority
            kind = STATES.get(row["incident_state"])
            if kind:
                at = instant(row["sys_updated_at"])
                events.append((at, number, 2, {"id": f"r{number}", "at": at, "lead": lead,
                                               "type": "activity", "kind": kind}))
    # ISO instants in UTC sort as text.
    events.sort(key=lambda event: event[:3])
    for event in events:
        print(json.dumps(event[3]))


if __name__ == "__main__":
    main(sys.argv[1])
