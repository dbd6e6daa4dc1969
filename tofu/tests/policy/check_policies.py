"""Evaluates the IAM policies of an applied tofu/ stack against the policy cases: each case is a principal making one or
more authorizations (an API call and the calls AWS requires with it), and the expected outcome, allow or deny.

The policies come from the state (`terraform show -json` after `apply`), so they are the documents tofu rendered, with
the real ARNs: inline role policies, S3 bucket policies and KMS key policies. A role with an attached managed policy
fails the run, since its document is not in the state and guessing it would prove nothing.

Usage: check_policies.py STATE.json CASES.json PROJECT_NAME
Prints one line per case and "N passed, N failed"; exits 1 when a case fails.
"""
import json
import re
import sys

from iam_eval import PolicyError, Request, evaluate


def resources(module):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from resources(child)


class Stack:
    """The principals, policies and names of one applied stack."""

    def __init__(self, state: dict, name: str):
        found = list(resources(state["values"]["root_module"]))
        by_type = {}
        for r in found:
            by_type.setdefault(r["type"], []).append(r["values"])
        self.name = name
        self.roles = {r["name"]: r for r in by_type.get("aws_iam_role", [])}
        self.inline = {}
        for p in by_type.get("aws_iam_role_policy", []):
            self.inline.setdefault(p["role"], []).append(json.loads(p["policy"]))
        attached = by_type.get("aws_iam_role_policy_attachment", [])
        if attached:
            raise PolicyError("managed policies are attached (" + ", ".join(f"{a['role']}: {a['policy_arn']}" for a in attached)
                              + "): their documents are not in the state, so the cases cannot be decided")
        self.bucket_policies = {b["bucket"]: json.loads(b["policy"]) for b in by_type.get("aws_s3_bucket_policy", [])}
        self.key_policies = {k["arn"]: json.loads(k["policy"]) for k in by_type.get("aws_kms_key", [])}
        role_arn = next(iter(self.roles.values()))["arn"]
        self.account = role_arn.split(":")[4]
        self.region = next(iter(self.key_policies)).split(":")[3]

        # Placeholders the cases use: {account}, {region}, {name}, {role:<suffix>}, {bucket:<suffix>}, {key:<alias
        # suffix>} ("" for the project key), {param:<path after /name/>}.
        self.values = {"account": self.account, "region": self.region, "name": name}
        for role_name, role in self.roles.items():
            self.values[f"role:{role_name.removeprefix(name + '-')}"] = role["arn"]
        for b in by_type.get("aws_s3_bucket", []):
            self.values[f"bucket:{b['bucket'].removeprefix(name + '-').removesuffix('-' + self.account)}"] = b["arn"]
        key_arns = {k["key_id"]: k["arn"] for k in by_type.get("aws_kms_key", [])}
        for a in by_type.get("aws_kms_alias", []):
            self.values[f"key:{a['name'].removeprefix('alias/' + name).lstrip('-')}"] = key_arns[a["target_key_id"]]
        for p in by_type.get("aws_ssm_parameter", []):
            self.values[f"param:{p['name'].removeprefix('/' + name + '/')}"] = p["arn"]

    def fill(self, text: str) -> str:
        def one(match):
            key = match.group(1)
            if key not in self.values:
                raise PolicyError(f"unknown placeholder {{{key}}}; known: {', '.join(sorted(self.values))}")
            return self.values[key]
        return re.sub(r"\{([^{}]+)\}", one, text)

    def decide(self, role_suffix: str, call: dict):
        role_name = f"{self.name}-{role_suffix}"
        if role_name not in self.roles:
            raise PolicyError(f"no role {role_name} in the state")
        principal = self.roles[role_name]["arn"]
        resource = self.fill(call["resource"])
        context = {"aws:SecureTransport": "true", "aws:PrincipalArn": principal, "aws:PrincipalAccount": self.account}
        context.update({self.fill(k): self.fill(v) if isinstance(v, str) else v for k, v in call.get("context", {}).items()})
        resource_policy, is_key = None, False
        if call["action"].lower().startswith("kms:"):
            resource_policy, is_key = self.key_policies.get(resource), True
        elif call["action"].lower().startswith("s3:"):
            bucket = resource.removeprefix("arn:aws:s3:::").split("/", 1)[0]
            resource_policy = self.bucket_policies.get(bucket)
        request = Request(principal, call["action"], resource, context)
        return evaluate(request, self.inline.get(role_name, []), resource_policy, self.account, is_key)


def main():
    state_path, cases_path, name = sys.argv[1:4]
    with open(state_path, encoding="utf-8") as f:
        stack = Stack(json.load(f), name)
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)["cases"]

    passed = failed = 0
    for case in cases:
        expected = case["expect"]
        if expected not in ("allow", "deny"):
            raise PolicyError(f"case {case['name']!r}: expect must be allow or deny")
        # A request is allowed only when every authorization it needs is; the first refused one explains a deny.
        decisions = [(call, stack.decide(case["role"], call)) for call in case["calls"]]
        refused = next(((c, d) for c, d in decisions if not d.allowed), None)
        outcome = "allow" if refused is None else "deny"
        why = decisions[-1][1].reason if refused is None else f"{refused[0]['action']}: {refused[1].reason}"
        ok = outcome == expected
        passed += ok
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {case['role']:<24} {outcome:<5} {case['name']}  [{why}]")
    print(f"policies: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
