"""A small IAM policy evaluator: enough of AWS's evaluation logic to decide the requests the policy cases make against
the policies tofu/ renders, and no more. Anything it does not implement (an unknown condition operator, a Principal
form, a managed policy whose document it does not hold) raises PolicyError instead of guessing.

Implemented, after the IAM User Guide's "Policy evaluation logic" and "IAM JSON policy elements" pages:
- Effect Allow/Deny; an explicit Deny in any applicable policy wins; otherwise an Allow is needed.
- Action / NotAction (case-insensitive, wildcards * and ?), Resource / NotResource (case-sensitive, * and ?, where *
  also matches "/" and ":").
- Condition: every operator and every key of a statement must hold (AND); the values of one key are alternatives (OR).
  Operators: StringEquals, StringNotEquals, StringLike, StringNotLike, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike
  (ARNs compared component by component), Bool, NumericEquals, NumericLessThan, NumericLessThanEquals,
  NumericGreaterThan, NumericGreaterThanEquals; the IfExists suffix. A key missing from the request makes a positive
  operator false and a negated one true.
- Same-account resource policies: an S3 bucket policy adds its Deny statements, and its Allow statements when they name
  the principal itself; a KMS key policy must allow the request, either naming the principal (or "*" under its
  conditions) or the account root, which hands the decision to the identity policies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


class PolicyError(Exception):
    """A policy or request uses something this evaluator does not implement."""


@dataclass(frozen=True)
class Request:
    """One authorization AWS makes: a principal calling an action on a resource, with the request's context keys."""
    principal_arn: str
    action: str
    resource: str
    context: dict = field(default_factory=dict)


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _glob(pattern: str, value: str, case_sensitive: bool) -> bool:
    # IAM wildcards: * (any run of characters, "/" and ":" included) and ? (one character); nothing else is special.
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, 0 if case_sensitive else re.IGNORECASE) is not None


def _arn_like(pattern: str, value: str) -> bool:
    # ArnLike compares the six colon-separated components one by one (the last may itself hold colons).
    p_parts, v_parts = pattern.split(":", 5), value.split(":", 5)
    if len(p_parts) != 6 or len(v_parts) != 6:
        return False
    return all(_glob(p, v, True) for p, v in zip(p_parts, v_parts))


def _number(text) -> float:
    try:
        return float(text)
    except (TypeError, ValueError) as error:
        raise PolicyError(f"not a number in a Numeric condition: {text!r}") from error


_POSITIVE = {
    "StringEquals": lambda p, v: p == v,
    "StringLike": lambda p, v: _glob(p, v, True),
    "ArnEquals": lambda p, v: p == v,
    "ArnLike": _arn_like,
    "Bool": lambda p, v: str(p).lower() == str(v).lower(),
    "NumericEquals": lambda p, v: _number(v) == _number(p),
    "NumericLessThan": lambda p, v: _number(v) < _number(p),
    "NumericLessThanEquals": lambda p, v: _number(v) <= _number(p),
    "NumericGreaterThan": lambda p, v: _number(v) > _number(p),
    "NumericGreaterThanEquals": lambda p, v: _number(v) >= _number(p),
}
_NEGATED = {"StringNotEquals": "StringEquals", "StringNotLike": "StringLike", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike"}


def _condition_holds(operator: str, key: str, policy_values, context: dict) -> bool:
    if_exists = operator.endswith("IfExists")
    base = operator[: -len("IfExists")] if if_exists else operator
    if base.startswith(("ForAnyValue:", "ForAllValues:")):
        raise PolicyError(f"set operator {operator} is not implemented")
    present = key in context
    if not present:
        # A missing key: IfExists makes the test pass; otherwise a positive operator fails and a negated one passes.
        return if_exists or base in _NEGATED
    values = _as_list(context[key])
    expected = [str(v) for v in _as_list(policy_values)]
    if base in _POSITIVE:
        test = _POSITIVE[base]
        return any(test(p, str(v)) for v in values for p in expected)
    if base in _NEGATED:
        test = _POSITIVE[_NEGATED[base]]
        return not any(test(p, str(v)) for v in values for p in expected)
    raise PolicyError(f"condition operator {operator} is not implemented")


def _conditions_hold(statement: dict, context: dict) -> bool:
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, values in keys.items():
            if not _condition_holds(operator, key, values, context):
                return False
    return True


def _matches_action(statement: dict, action: str) -> bool:
    if "NotAction" in statement:
        return not any(_glob(a, action, False) for a in _as_list(statement["NotAction"]))
    return any(_glob(a, action, False) for a in _as_list(statement.get("Action")))


def _matches_resource(statement: dict, resource: str) -> bool:
    if "NotResource" in statement:
        return not any(_glob(r, resource, True) for r in _as_list(statement["NotResource"]))
    return any(_glob(r, resource, True) for r in _as_list(statement.get("Resource")))


def _principal_kind(statement: dict, principal_arn: str, account: str) -> str | None:
    """How a resource policy statement names the caller: "self", "account" (the account root), or None."""
    principal = statement.get("Principal")
    if principal is None:
        raise PolicyError("a resource policy statement without Principal")
    if principal == "*":
        return "self"
    if not isinstance(principal, dict):
        raise PolicyError(f"Principal form {principal!r} is not implemented")
    unknown = set(principal) - {"AWS", "Service", "Federated"}
    if unknown:
        raise PolicyError(f"Principal keys {sorted(unknown)} are not implemented")
    for value in _as_list(principal.get("AWS")):
        if value in ("*", principal_arn):
            return "self"
        if value in (account, f"arn:aws:iam::{account}:root"):
            return "account"
    return None  # a Service or Federated principal never is an IAM role calling


def _statements(document: dict) -> list:
    statements = _as_list(document.get("Statement"))
    for s in statements:
        if s.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError(f"statement {s.get('Sid')!r} has Effect {s.get('Effect')!r}")
    return statements


def _applies(statement: dict, request: Request) -> bool:
    return _matches_action(statement, request.action) and _matches_resource(statement, request.resource) and _conditions_hold(statement, request.context)


@dataclass
class Decision:
    allowed: bool
    reason: str


def evaluate(request: Request, identity_policies: list, resource_policy: dict | None, account: str, resource_is_kms_key: bool) -> Decision:
    """Decides one request as AWS would for a principal and a resource of the same account."""
    identity = [s for doc in identity_policies for s in _statements(doc)]
    resource = []
    if resource_policy is not None:
        for s in _statements(resource_policy):
            kind = _principal_kind(s, request.principal_arn, account)
            if kind is not None:
                resource.append((s, kind))

    for s in identity:
        if s["Effect"] == "Deny" and _applies(s, request):
            return Decision(False, f"explicit Deny in an identity policy ({s.get('Sid')})")
    for s, _ in resource:
        if s["Effect"] == "Deny" and _applies(s, request):
            return Decision(False, f"explicit Deny in the resource policy ({s.get('Sid')})")

    identity_allow = next((s for s in identity if s["Effect"] == "Allow" and _applies(s, request)), None)
    if resource_is_kms_key:
        if resource_policy is None:
            raise PolicyError(f"no key policy known for {request.resource}")
        for s, kind in resource:
            if s["Effect"] == "Allow" and _applies(s, request):
                if kind == "self":
                    return Decision(True, f"key policy allows ({s.get('Sid')})")
                if identity_allow is not None:
                    return Decision(True, f"key policy delegates to IAM ({s.get('Sid')}), identity allows ({identity_allow.get('Sid')})")
        return Decision(False, "no key policy statement allows it with an identity Allow" if identity_allow is None
                        else f"identity allows ({identity_allow.get('Sid')}) but the key policy does not")
    if identity_allow is not None:
        return Decision(True, f"identity policy allows ({identity_allow.get('Sid')})")
    for s, kind in resource:
        if s["Effect"] == "Allow" and kind == "self" and _applies(s, request):
            return Decision(True, f"resource policy allows ({s.get('Sid')})")
    return Decision(False, "implicit deny: no statement allows it")
