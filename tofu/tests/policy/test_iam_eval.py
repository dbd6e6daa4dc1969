"""Checks the evaluator itself on small policies whose AWS verdicts the IAM User Guide states, before it judges tofu's."""
import unittest

from iam_eval import PolicyError, Request, evaluate

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ci"


def decide(statements, action, resource, context=None, resource_policy=None, kms=False):
    request = Request(ROLE, action, resource, context or {})
    return evaluate(request, [{"Version": "2012-10-17", "Statement": statements}], resource_policy, ACCOUNT, kms).allowed


def allow(**extra):
    return {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/candidates/PR-*", **extra}


class IamEvalTests(unittest.TestCase):
    def test_wildcard_resource_star_matches_slashes(self):
        self.assertTrue(decide([allow()], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-7/p/input/x.csv"))

    def test_prefix_anchored_at_key_start_refuses_other_prefix(self):
        self.assertFalse(decide([allow()], "s3:PutObject", "arn:aws:s3:::b/stable/candidates/PR-7/x"))

    def test_action_matches_without_case(self):
        self.assertTrue(decide([allow()], "S3:putobject", "arn:aws:s3:::b/candidates/PR-1/x"))

    def test_explicit_deny_wins_over_allow(self):
        deny = {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        self.assertFalse(decide([allow(), deny], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/x", {"aws:SecureTransport": "false"}))

    def test_no_statement_is_an_implicit_deny(self):
        self.assertFalse(decide([], "s3:GetObject", "arn:aws:s3:::b/x"))

    def test_not_action_allows_everything_else(self):
        statement = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
        self.assertTrue(decide([statement], "s3:GetObject", "arn:aws:s3:::b/x"))
        self.assertFalse(decide([statement], "iam:PassRole", "arn:aws:iam::123456789012:role/x"))

    def test_missing_key_fails_positive_operator(self):
        self.assertFalse(decide([allow(Condition={"StringEquals": {"s3:x-amz-acl": "private"}})], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/x"))

    def test_missing_key_passes_negated_operator_and_if_exists(self):
        self.assertTrue(decide([allow(Condition={"StringNotEquals": {"s3:x-amz-acl": "public-read"}})], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/x"))
        self.assertTrue(decide([allow(Condition={"StringEqualsIfExists": {"s3:x-amz-acl": "private"}})], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/x"))

    def test_condition_values_are_alternatives_and_keys_all_required(self):
        condition = {"StringEquals": {"a:k1": ["x", "y"], "a:k2": "z"}}
        self.assertTrue(decide([allow(Condition=condition)], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/o", {"a:k1": "y", "a:k2": "z"}))
        self.assertFalse(decide([allow(Condition=condition)], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/o", {"a:k1": "y"}))

    def test_arn_like_wildcard_stays_inside_its_component(self):
        condition = {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b*"}}
        self.assertTrue(decide([allow(Condition=condition)], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/o", {"aws:SourceArn": "arn:aws:s3:::bucket"}))
        self.assertFalse(decide([allow(Condition=condition)], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/o", {"aws:SourceArn": "arn:aws:s3:eu-west-1::bucket"}))

    def test_unknown_operator_raises(self):
        with self.assertRaises(PolicyError):
            decide([allow(Condition={"DateLessThan": {"aws:CurrentTime": "2030-01-01"}})], "s3:PutObject", "arn:aws:s3:::b/candidates/PR-1/x", {"aws:CurrentTime": "2026"})

    def test_key_policy_delegating_to_account_needs_identity_allow(self):
        key = "arn:aws:kms:us-east-1:123456789012:key/k"
        key_policy = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}]}
        decrypt = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key}
        self.assertTrue(decide([decrypt], "kms:Decrypt", key, resource_policy=key_policy, kms=True))
        self.assertFalse(decide([], "kms:Decrypt", key, resource_policy=key_policy, kms=True))

    def test_key_policy_without_the_account_refuses_identity_allow(self):
        key = "arn:aws:kms:us-east-1:123456789012:key/k"
        key_policy = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:*", "Resource": "*"}]}
        self.assertFalse(decide([{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}], "kms:Decrypt", key, resource_policy=key_policy, kms=True))


if __name__ == "__main__":
    unittest.main()
