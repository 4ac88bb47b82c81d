#!/usr/bin/env python3
"""Checks that a JUnit XML report from `slac test --format junit` has the structure CI
systems read: testsuites > testsuite > testcase, counts that agree with the children, and
failure and error elements with a message and a type.

Usage: validate_junit.py REPORT.xml EXPECTED_TESTS EXPECTED_FAILURES EXPECTED_ERRORS
"""
import sys
import xml.etree.ElementTree as ET


def fail(message):
    print(f"validate_junit: {message}", file=sys.stderr)
    sys.exit(1)


def count(element, name):
    value = element.get(name)
    if value is None or not value.isdigit():
        fail(f"<{element.tag}> has no numeric `{name}` attribute")
    return int(value)


def main():
    path, tests, failures, errors = sys.argv[1], *map(int, sys.argv[2:5])
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        fail(f"the root element is <{root.tag}>, not <testsuites>")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root:
        if suite.tag != "testsuite":
            fail(f"<testsuites> holds <{suite.tag}>")
        if not suite.get("name"):
            fail("a <testsuite> has no name")
        cases = list(suite)
        seen = {"tests": len(cases), "failures": 0, "errors": 0}
        for case in cases:
            if case.tag != "testcase" or not case.get("name") or not case.get("classname"):
                fail("a <testsuite> holds something other than a named <testcase>")
            results = list(case)
            if len(results) > 1:
                fail(f"testcase `{case.get('name')}` has more than one result")
            for result in results:
                if result.tag not in ("failure", "error"):
                    fail(f"testcase `{case.get('name')}` holds <{result.tag}>")
                if not result.get("message") or not result.get("type"):
                    fail(f"a <{result.tag}> has no message or type")
                seen["failures" if result.tag == "failure" else "errors"] += 1
        for key, value in seen.items():
            if count(suite, key) != value:
                fail(f"testsuite `{suite.get('name')}` says {key}={count(suite, key)}, "
                     f"its children say {value}")
            totals[key] += value
    for key, value in totals.items():
        if count(root, key) != value:
            fail(f"<testsuites> says {key}={count(root, key)}, its suites say {value}")
    expected = {"tests": tests, "failures": failures, "errors": errors}
    if totals != expected:
        fail(f"the report counts {totals}, expected {expected}")


if __name__ == "__main__":
    main()
