"""Checks a plan (terraform show -json) for secrets: in the defaults of every variable of every module, in every
planned value (user_data and launch templates included), and in the SSM parameters, which must only ever hold the
first-boot placeholder.

Usage: plan_check.py PLAN.json
"""
import base64
import binascii
import json
import re
import sys

SECRET_NAME = re.compile(r"(?i)(password|passwd|secret|token|private_key|access_key|api_key)")
SECRET_VALUE = re.compile(r"AKIA[0-9A-Z]{16}|glrt-[A-Za-z0-9_-]{10,}|glpat-[A-Za-z0-9_-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY"
                          r"|(?i:aws_secret_access_key)\s*=|(?i:(password|token|secret))=['\"]?[A-Za-z0-9+/=_-]{8,}")
PLACEHOLDER = "generated-on-first-boot"


def variables(module, path):
    for name, var in module.get("variables", {}).items():
        yield f"{path}var.{name}", name, var
    for call, spec in module.get("module_calls", {}).items():
        yield from variables(spec.get("module", {}), f"{path}module.{call}.")


def strings(value, path):
    if isinstance(value, str):
        yield path, value
        if len(value) > 16 and re.fullmatch(r"[A-Za-z0-9+/=\s]+", value):
            try:
                yield path + "(base64)", base64.b64decode(value, validate=False).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                pass
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{path}[{i}]")


def resources(module):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from resources(child)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    problems = []
    checked_vars = 0
    for where, name, var in variables(plan["configuration"]["root_module"], ""):
        checked_vars += 1
        default = var.get("default")
        if SECRET_NAME.search(name) and default not in (None, "", [], {}):
            problems.append(f"{where}: a secret-like variable has a default")
        for p, s in strings(default, where):
            if SECRET_VALUE.search(s):
                problems.append(f"{p}: default looks like a secret")
    checked_values = 0
    parameters = 0
    for res in resources(plan["planned_values"]["root_module"]):
        values = res.get("values", {})
        for p, s in strings(values, res["address"]):
            checked_values += 1
            if SECRET_VALUE.search(s):
                problems.append(f"{p}: planned value looks like a secret")
        if res["type"] == "aws_ssm_parameter":
            parameters += 1
            if values.get("type") != "SecureString" or values.get("value") != PLACEHOLDER:
                problems.append(f"{res['address']}: must be a SecureString holding only the first-boot placeholder")
    if parameters == 0:
        problems.append("no aws_ssm_parameter in the plan: the check would prove nothing")
    for p in problems:
        print("plan_check: " + p)
    print(f"plan_check: {checked_vars} variable defaults, {checked_values} planned strings, {parameters} SSM parameters checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
