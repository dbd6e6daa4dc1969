#!/usr/bin/env python3
"""Turns the stack's ci_variables output into a GitLab project's CI/CD variables, or prints them to paste.

tofu/ops.sh ci-variables calls it with the output as JSON (`tofu output -json ci_variables`). With --project it sets
each variable through the GitLab API: PUT /projects/:id/variables/:key, and POST /projects/:id/variables when the
variable does not exist yet. It then sets the project's deployment settings that the endpoint template's production
jobs rely on (see deployment_settings): "Prevent outdated deployment jobs" on, and the resource group `production`
processing its jobs oldest first. The token comes from the environment variable GITLAB_TOKEN (a personal, group or
project access token with the api scope, Maintainer role): it is sent as the PRIVATE-TOKEN header and never printed.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

TOKEN_VARIABLE = "GITLAB_TOKEN"

# The resource group of the endpoint template's deploy-production and test-production jobs.
RESOURCE_GROUP = "production"
PROCESS_MODE = "oldest_first"

# Why a value can be null, so the error says what to change in the stack.
NULL_REASONS = {
    "MLOPS_PRODUCTION_ROLE_ARN": "set gitlab_domain and gitlab_project_paths (the CI roles need an HTTPS issuer)",
    "MLOPS_CANDIDATE_ROLE_ARN": "set gitlab_domain and gitlab_project_paths (the CI roles need an HTTPS issuer)",
    "MLOPS_OIDC_AUDIENCE": "set gitlab_domain and gitlab_project_paths (the CI roles need an HTTPS issuer)",
    "MLOPS_MODEL_PACKAGE_GROUP": "keep at least one entry in model_package_groups",
    "MLOPS_ECR_REGISTRY": "keep training and inference in ecr_repositories",
}


class CiVariablesError(Exception):
    """A refusal with a message that names the variable or the setting to fix."""


def load_variables(text):
    """The ci_variables output as a sorted list of (key, value); refuses null or non-string values."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CiVariablesError(f"ci_variables: not JSON ({error})") from error
    if not isinstance(data, dict) or not data:
        raise CiVariablesError("ci_variables: expected a JSON object of variable names and values (tofu output -json ci_variables)")
    missing = [key for key, value in sorted(data.items()) if value is None]
    if missing:
        lines = [f"  {key}: {NULL_REASONS.get(key, 'see tofu/README.md')}" for key in missing]
        raise CiVariablesError("ci_variables: these have no value yet; re-apply the stack after fixing it:\n" + "\n".join(lines))
    for key, value in data.items():
        if not isinstance(value, str):
            raise CiVariablesError(f"ci_variables.{key}: must be a string (got {type(value).__name__})")
    return sorted(data.items())


def print_variables(variables, out):
    """KEY=VALUE lines, ready to paste into Settings > CI/CD > Variables (or a dotenv file)."""
    for key, value in variables:
        out.write(f"{key}={value}\n")


def _request(method, url, token, fields):
    body = urllib.parse.urlencode(fields).encode() if fields is not None else None
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("PRIVATE-TOKEN", token)
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def set_variables(variables, gitlab_url, project, token, out):
    """Creates or updates each variable on the project: PUT, then POST when GitLab answers 404."""
    if not gitlab_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise CiVariablesError(f"--gitlab-url: must be an https:// URL (got '{gitlab_url}'): the token must not travel in clear text")
    base = f"{gitlab_url.rstrip('/')}/api/v4/projects/{urllib.parse.quote(project, safe='')}/variables"
    for key, value in variables:
        # Not masked (none is a secret and ARNs do not meet the masking rules), not protected (merge-request
        # pipelines need the candidate role), raw (a value is never expanded as a variable reference).
        fields = {"value": value, "variable_type": "env_var", "protected": "false", "masked": "false", "raw": "true"}
        status = _request("PUT", f"{base}/{urllib.parse.quote(key, safe='')}", token, fields)
        action = "updated"
        if status == 404:
            status = _request("POST", base, token, {"key": key, **fields})
            action = "created"
        _refuse(status, key, project)
        out.write(f"{action} {key}\n")


def set_deployment_settings(gitlab_url, project, token, out, resource_group=RESOURCE_GROUP):
    """The project settings the endpoint template's production jobs rely on, which no .gitlab-ci.yml can set.

    - PUT /projects/:id with ci_forward_deployment_enabled=true ("Prevent outdated deployment jobs": GitLab fails a
      deployment job older than the environment's latest deployment) and resource_group_default_process_mode=oldest_first
      (the process mode GitLab gives a resource group it creates; GitLab versions without the attribute ignore it).
    - PUT /projects/:id/resource_groups/<resource_group> with process_mode=oldest_first: the jobs of the group run in
      the order of their pipelines, instead of GitLab's default `unordered`. GitLab creates a resource group with the
      first pipeline that uses it, so before that pipeline it answers 404: the project default above covers the group
      then, and running this again after the first default-branch pipeline sets it on any GitLab version.
    """
    base = f"{gitlab_url.rstrip('/')}/api/v4/projects/{urllib.parse.quote(project, safe='')}"
    status = _request("PUT", base, token, {"ci_forward_deployment_enabled": "true", "resource_group_default_process_mode": PROCESS_MODE})
    _refuse(status, "the project settings", project)
    out.write(f"set ci_forward_deployment_enabled=true (Prevent outdated deployment jobs), resource_group_default_process_mode={PROCESS_MODE}\n")
    status = _request("PUT", f"{base}/resource_groups/{urllib.parse.quote(resource_group, safe='')}", token, {"process_mode": PROCESS_MODE})
    if status == 404:
        out.write(f"resource group {resource_group}: not created yet (GitLab creates it with the first pipeline that uses it, "
                  f"with the project default above); run this again after the first default-branch pipeline to set it on any GitLab version\n")
        return
    _refuse(status, f"resource group {resource_group}", project)
    out.write(f"set resource group {resource_group} process_mode={PROCESS_MODE}\n")


def _refuse(status, what, project):
    if status in (401, 403):
        raise CiVariablesError(f"GitLab refused {what} (HTTP {status}): {TOKEN_VARIABLE} needs the api scope and the Maintainer role on {project}")
    if status not in (200, 201):
        raise CiVariablesError(f"GitLab answered HTTP {status} for {what} on project {project}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-json", required=True, help="file holding `tofu output -json ci_variables` (- for stdin)")
    parser.add_argument("--project", help="GitLab project ID or path (group/project): set the variables there")
    parser.add_argument("--gitlab-url", help="GitLab base URL (default: the stack's gitlab_url)")
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.from_json == "-" else open(args.from_json, encoding="utf-8").read()
        variables = load_variables(text)
        if args.project is None:
            print_variables(variables, sys.stdout)
            return 0
        if not args.gitlab_url:
            raise CiVariablesError("--gitlab-url: required with --project (ops.sh passes the stack's gitlab_url)")
        token = os.environ.get(TOKEN_VARIABLE, "")
        if not token:
            raise CiVariablesError(f"{TOKEN_VARIABLE}: set it to a GitLab access token with the api scope (it is never printed)")
        set_variables(variables, args.gitlab_url, args.project, token, sys.stdout)
        set_deployment_settings(args.gitlab_url, args.project, token, sys.stdout)
        return 0
    except (CiVariablesError, OSError) as error:
        sys.stderr.write(f"ci-variables: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
