#!/usr/bin/env python3
"""tofu/ops.sh ci-variables against a small GitLab API stand-in on 127.0.0.1 that checks each request's shape.

Run: python3 tofu/tests/ci_variables_test.py   (tofu/test.sh static runs it)
"""

import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse

OPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ops.sh")
TOKEN = "glpat-contract-test-token-0123"
PROJECT = "ml-team/breast-cancer-training"
VARIABLES = {
    "AWS_REGION": "us-east-1",
    "MLOPS_BUCKET": "mlops-sagemaker-123456789012",
    "MLOPS_CANDIDATE_ROLE_ARN": "arn:aws:iam::123456789012:role/mlops-ci-candidate",
}


PROJECT_PATH = "/api/v4/projects/ml-team%2Fbreast-cancer-training"


class FakeGitLab(http.server.BaseHTTPRequestHandler):
    """Answers like GitLab's project variables, project and resource groups APIs; records what it saw, and what was wrong with it."""

    existing = set()
    resource_groups = set()
    seen = []
    settings = []
    problems = []

    def log_message(self, *args):
        pass

    def _form(self):
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
            self.problems.append(f"{self.command} {self.path}: Content-Type {self.headers.get('Content-Type')}")
        length = int(self.headers.get("Content-Length", "0"))
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _check_common(self, form):
        if self.headers.get("PRIVATE-TOKEN") != TOKEN:
            self.problems.append(f"{self.command} {self.path}: PRIVATE-TOKEN missing or wrong")
        expected = {"variable_type": "env_var", "protected": "false", "masked": "false", "raw": "true"}
        for key, value in expected.items():
            if form.get(key) != value:
                self.problems.append(f"{self.command} {self.path}: {key}={form.get(key)!r}, expected {value!r}")

    def _settings(self, form):
        if self.headers.get("PRIVATE-TOKEN") != TOKEN:
            self.problems.append(f"{self.command} {self.path}: PRIVATE-TOKEN missing or wrong")
        self.settings.append((self.path, form))

    def do_PUT(self):
        form = self._form()
        if self.path == PROJECT_PATH:
            self._settings(form)
            return self._answer(200, {"id": 1})
        groups = PROJECT_PATH + "/resource_groups/"
        if self.path.startswith(groups):
            self._settings(form)
            key = urllib.parse.unquote(self.path[len(groups):])
            if key not in self.resource_groups:
                return self._answer(404, {"message": "404 Resource Group Not Found"})
            return self._answer(200, {"key": key, "process_mode": form.get("process_mode")})
        prefix = PROJECT_PATH + "/variables/"
        if not self.path.startswith(prefix):
            self.problems.append(f"PUT {self.path}: not under {prefix}")
            return self._answer(404, {"message": "404 Project Not Found"})
        key = urllib.parse.unquote(self.path[len(prefix):])
        self._check_common(form)
        self.seen.append(("PUT", key, form.get("value")))
        if key not in self.existing:
            return self._answer(404, {"message": "404 Variable Not Found"})
        return self._answer(200, {"key": key, "value": form.get("value")})

    def do_POST(self):
        form = self._form()
        if self.path != "/api/v4/projects/ml-team%2Fbreast-cancer-training/variables":
            self.problems.append(f"POST {self.path}: not the project's variables collection")
        self._check_common(form)
        self.seen.append(("POST", form.get("key"), form.get("value")))
        self.existing.add(form.get("key"))
        return self._answer(201, {"key": form.get("key"), "value": form.get("value")})


class CiVariablesTests(unittest.TestCase):
    def setUp(self):
        FakeGitLab.existing = {"AWS_REGION"}
        FakeGitLab.resource_groups = set()
        FakeGitLab.settings = []
        FakeGitLab.seen = []
        FakeGitLab.problems = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeGitLab)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        handle, self.json_path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(handle, "w") as f:
            json.dump(VARIABLES, f)

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        os.unlink(self.json_path)

    def run_ops(self, *args, token=TOKEN):
        env = {k: v for k, v in os.environ.items() if k != "GITLAB_TOKEN"}
        if token is not None:
            env["GITLAB_TOKEN"] = token
        return subprocess.run(["bash", OPS, "ci-variables", "--from-json", self.json_path, *args],
                              capture_output=True, text=True, env=env, timeout=60)

    def test_CiVariables_ProjectGiven_PutsExistingAndPostsNewWithTheRightShape(self):
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(FakeGitLab.problems, [])
        self.assertEqual(FakeGitLab.seen, [
            ("PUT", "AWS_REGION", "us-east-1"),
            ("PUT", "MLOPS_BUCKET", "mlops-sagemaker-123456789012"),
            ("POST", "MLOPS_BUCKET", "mlops-sagemaker-123456789012"),
            ("PUT", "MLOPS_CANDIDATE_ROLE_ARN", "arn:aws:iam::123456789012:role/mlops-ci-candidate"),
            ("POST", "MLOPS_CANDIDATE_ROLE_ARN", "arn:aws:iam::123456789012:role/mlops-ci-candidate"),
        ])
        self.assertEqual(result.stdout.split("\n")[:3], ["updated AWS_REGION", "created MLOPS_BUCKET", "created MLOPS_CANDIDATE_ROLE_ARN"])

    def test_CiVariables_ProjectGiven_EnablesPreventOutdatedDeploymentJobsAndOldestFirstDefault(self):
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(FakeGitLab.problems, [])
        self.assertIn((PROJECT_PATH, {"ci_forward_deployment_enabled": "true", "resource_group_default_process_mode": "oldest_first"}), FakeGitLab.settings)

    def test_CiVariables_ResourceGroupExists_SetsItOldestFirst(self):
        FakeGitLab.resource_groups = {"production"}
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(FakeGitLab.settings[-1], (PROJECT_PATH + "/resource_groups/production", {"process_mode": "oldest_first"}))
        self.assertIn("set resource group production process_mode=oldest_first", result.stdout)

    def test_CiVariables_ResourceGroupNotCreatedYet_SaysToRunAgainAfterTheFirstPipeline(self):
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("resource group production: not created yet", result.stdout)
        self.assertIn("run this again after the first default-branch pipeline", result.stdout)

    def test_CiVariables_ProjectGiven_NeverPrintsTheToken(self):
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn(TOKEN, result.stdout + result.stderr)

    def test_CiVariables_NoToken_RefusesBeforeAnyRequest(self):
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url, token=None)
        self.assertEqual(result.returncode, 1)
        self.assertIn("GITLAB_TOKEN", result.stderr)
        self.assertEqual(FakeGitLab.seen, [])

    def test_CiVariables_PlainHttpRemoteGitLab_Refused(self):
        result = self.run_ops("--project", PROJECT, "--gitlab-url", "http://gitlab.example.com")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--gitlab-url", result.stderr)

    def test_CiVariables_NoProject_PrintsKeyValueLinesToPaste(self):
        result = self.run_ops(token=None)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split("\n"), [f"{k}={v}" for k, v in sorted(VARIABLES.items())] + [""])

    def test_CiVariables_NullValue_RefusedNamingTheSettingToFix(self):
        with open(self.json_path, "w") as f:
            json.dump({**VARIABLES, "MLOPS_PRODUCTION_ROLE_ARN": None}, f)
        result = self.run_ops("--project", PROJECT, "--gitlab-url", self.url)
        self.assertEqual(result.returncode, 1)
        self.assertIn("MLOPS_PRODUCTION_ROLE_ARN: set gitlab_domain and gitlab_project_paths", result.stderr)
        self.assertEqual(FakeGitLab.seen, [])


if __name__ == "__main__":
    sys.exit(0 if unittest.main(exit=False, verbosity=2).result.wasSuccessful() else 1)
