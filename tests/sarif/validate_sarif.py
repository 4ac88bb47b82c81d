#!/usr/bin/python3
"""Checks a SARIF log written by `slac check --format sarif`.

Usage: validate_sarif.py SCHEMA SARIF JSON

The log must validate against the official SARIF 2.1.0 schema (SCHEMA), and its results must
say what the JSON output (JSON) of the same run says: one result per diagnostic, same code,
level, place and notes. A few values known from the test policies are checked outright, and a
broken copy of the log must fail validation, so the test cannot pass on an empty or
unchecked log.

Runs under the system Python, which has Debian's python3-jsonschema.
"""

import copy
import json
import sys

import jsonschema


def fail(message):
    print(f"validate_sarif: {message}", file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def validator_for(schema):
    # The schema says which draft it is written in (draft-04 for SARIF 2.1.0).
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def place(physical):
    """(uri, startLine, startColumn, endLine, endColumn) of a physicalLocation."""
    region = physical["region"]
    return (physical["artifactLocation"]["uri"], region["startLine"], region["startColumn"],
            region["endLine"], region["endColumn"])


def json_place(item):
    return (item["file"], item["line"], item["column"], item["end_line"], item["end_column"])


def check_against_json(run, diagnostics):
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    expect(len(results) == len(diagnostics),
           f"{len(results)} SARIF results but {len(diagnostics)} diagnostics in the JSON output")
    for index, (result, item) in enumerate(zip(results, diagnostics)):
        where = f"result {index} ({item['code']})"
        expect(result["ruleId"] == item["code"], f"{where}: ruleId is {result['ruleId']}")
        rule = rules[result["ruleIndex"]]
        expect(rule["id"] == item["code"], f"{where}: ruleIndex points at {rule['id']}")
        expect(rule["name"] == item["name"], f"{where}: rule name is {rule['name']}")
        expect(result["level"] == item["severity"], f"{where}: level is {result['level']}")
        expect(result["message"]["text"].split("\n")[0] == item["message"],
               f"{where}: message is {result['message']['text']!r}")
        for help_line in item["help"]:
            expect(f"\nhelp: {help_line}" in result["message"]["text"],
                   f"{where}: help {help_line!r} is missing from the message")

        if "file" in item:
            expect(len(result["locations"]) == 1, f"{where}: expected one location")
            physical = result["locations"][0]["physicalLocation"]
            expect(physical["artifactLocation"].get("uriBaseId") == "%SRCROOT%",
                   f"{where}: a relative path must be relative to %SRCROOT%")
            expect(place(physical) == json_place(item),
                   f"{where}: SARIF place {place(physical)} but JSON says {json_place(item)}")
        else:
            expect("locations" not in result, f"{where}: a diagnostic without a place has none")

        located_notes = [note for note in item["notes"] if "file" in note]
        related = result.get("relatedLocations", [])
        expect(len(related) == len(located_notes),
               f"{where}: {len(related)} related locations for {len(located_notes)} notes")
        for number, (location, note) in enumerate(zip(related, located_notes)):
            expect(location["id"] == number, f"{where}: related location ids count from 0")
            expect(location["message"]["text"] == note["message"],
                   f"{where}: related location says {location['message']['text']!r}")
            expect(place(location["physicalLocation"]) == json_place(note),
                   f"{where}: related place {place(location['physicalLocation'])}")


def find(results, uri, rule_id, line, column):
    for result in results:
        for location in result.get("locations", []):
            physical = location["physicalLocation"]
            region = physical["region"]
            if (result["ruleId"] == rule_id and physical["artifactLocation"]["uri"] == uri
                    and region["startLine"] == line and region["startColumn"] == column):
                return result
    fail(f"no {rule_id} result at {uri}:{line}:{column}")


def check_known_values(log):
    """Values read off tests/check/fail_unknown_stage.sla and fail_duplicate_definition.sla."""
    expect(log["version"] == "2.1.0", "version is not 2.1.0")
    run = log["runs"][0]
    expect(run["columnKind"] == "unicodeCodePoints", "columnKind is not unicodeCodePoints")
    driver = run["tool"]["driver"]
    expect(driver["name"] == "slac", "the driver is not slac")
    expect(len(driver["rules"]) > 30, f"only {len(driver['rules'])} rules")
    expect(len({rule["id"] for rule in driver["rules"]}) == len(driver["rules"]),
           "rule ids repeat")

    results = run["results"]
    expect(len(results) >= 9, f"only {len(results)} results")
    # The unreadable file sorts first and has nowhere to point.
    first = results[0]
    expect(first["ruleId"] == "E0001", f"the first result is {first['ruleId']}, not E0001")
    expect("locations" not in first, "the unreadable file's result has a location")
    expect("no_such_policy.sla" in first["message"]["text"], "E0001 does not name the file")

    stage = find(results, "fail_unknown_stage.sla", "E0501", 8, 7)
    region = stage["locations"][0]["physicalLocation"]["region"]
    expect((region["endLine"], region["endColumn"]) == (8, 11), f"`mqll` ends at {region}")
    expect(stage["level"] == "error", "E0501 is not an error")
    expect("help: did you mean `mql`?" in stage["message"]["text"], "the help line is missing")

    duplicate = find(results, "fail_duplicate_definition.sla", "E0403", 6, 3)
    related = duplicate["relatedLocations"][0]["physicalLocation"]
    expect(place(related)[:3] == ("fail_duplicate_definition.sla", 4, 3),
           f"the first definition of `id` is at {place(related)}")

    # The clean policy contributes no result.
    for result in results:
        for location in result.get("locations", []):
            uri = location["physicalLocation"]["artifactLocation"]["uri"]
            expect(uri != "acme.sla", "acme.sla is clean but has a result")


def main():
    if len(sys.argv) != 4:
        fail("usage: validate_sarif.py SCHEMA SARIF JSON")
    with open(sys.argv[1], encoding="utf-8") as file:
        schema = json.load(file)
    with open(sys.argv[2], encoding="utf-8") as file:
        log = json.load(file)
    with open(sys.argv[3], encoding="utf-8") as file:
        diagnostics = json.load(file)["diagnostics"]

    validator = validator_for(schema)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path)
        print(f"validate_sarif: /{path}: {error.message}", file=sys.stderr)
    expect(not errors, f"{len(errors)} schema violations")

    # The validator must reject a log that breaks the schema, or the check above proves nothing.
    expect(log["runs"] and log["runs"][0].get("results"), "the log has no results")
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    expect(not validator.is_valid(broken), "the schema accepted a result with level `fatal`")

    check_known_values(log)
    check_against_json(log["runs"][0], diagnostics)
    print(f"validate_sarif: {len(log['runs'][0]['results'])} results, valid SARIF 2.1.0")


if __name__ == "__main__":
    main()
