#!/usr/bin/env python3
"""Prints each failed test of the JUnit reports given, with the start of its message and stack trace.

test-all.sh calls it just before its closing line: CI keeps only the end of a long log, and a failure named
twenty minutes of output earlier is lost there.
"""
import sys
import xml.etree.ElementTree as ElementTree

MESSAGE_LINES = 25


def failures(report_path):
    for case in ElementTree.parse(report_path).getroot().iter("testcase"):
        for problem in list(case.findall("failure")) + list(case.findall("error")):
            name = f"{case.get('classname', '')}.{case.get('name', '')}".strip(".")
            text = "\n".join(part for part in (problem.get("message"), problem.text) if part)
            yield name, text


def main(paths):
    found = 0
    for path in paths:
        for name, text in failures(path):
            found += 1
            print(f"FAILED {name}")
            lines = text.strip().splitlines()
            for line in lines[:MESSAGE_LINES]:
                print(f"    {line}")
            if len(lines) > MESSAGE_LINES:
                print(f"    ... ({len(lines) - MESSAGE_LINES} more lines in {path})")
    return found


if __name__ == "__main__":
    main(sys.argv[1:])
