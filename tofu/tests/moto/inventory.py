"""Lists what exists in a moto_server, to prove an apply created resources and a destroy left nothing behind.

Usage:
  inventory.py ENDPOINT snapshot OUT.json
  inventory.py ENDPOINT grown BASELINE.json     fails unless resources were added
  inventory.py ENDPOINT same BASELINE.json      fails if anything differs from the baseline (names what is left)
"""
import json
import sys

import boto3

REGION = "us-east-1"


def clients(endpoint):
    def make(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing")
    return make


def live_volumes(ec2, notes):
    """Volumes that still exist. moto gives an instance launched from a launch template two volumes on the AMI's
    root device (its default one and the template's) and forgets the first when the instance terminates; AWS makes
    one and deletes it with delete_on_termination. Such a volume, attached only to a terminated instance, is noted
    and not counted."""
    states = {i["InstanceId"]: i["State"]["Name"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]}
    live = []
    for v in ec2.describe_volumes()["Volumes"]:
        if v["State"] in ("deleted", "deleting"):
            continue
        owners = [a["InstanceId"] for a in v.get("Attachments", [])]
        if owners and all(states.get(o) == "terminated" for o in owners):
            notes.append(f"ignored {v['VolumeId']}: moto kept it attached to terminated {', '.join(owners)} (moto bug)")
            continue
        live.append(v["VolumeId"])
    return live


def inventory(endpoint, notes):
    c = clients(endpoint)
    ec2, iam, kms = c("ec2"), c("iam"), c("kms")
    found = {
        "ec2:instance": [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
                         if i["State"]["Name"] not in ("terminated", "shutting-down")],
        "ec2:vpc": [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]],
        "ec2:subnet": [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]],
        "ec2:security-group": [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]],
        "ec2:internet-gateway": [g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]],
        "ec2:nat-gateway": [g["NatGatewayId"] for g in ec2.describe_nat_gateways()["NatGateways"]
                            if g["State"] not in ("deleted", "deleting")],
        "ec2:route-table": [t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"]],
        "ec2:elastic-ip": [a.get("AllocationId", a.get("PublicIp")) for a in ec2.describe_addresses()["Addresses"]],
        "ec2:volume": live_volumes(ec2, notes),
        "ec2:launch-template": [t["LaunchTemplateName"] for t in ec2.describe_launch_templates()["LaunchTemplates"]],
        "ec2:flow-log": [f["FlowLogId"] for f in ec2.describe_flow_logs()["FlowLogs"]],
        "autoscaling:group": [g["AutoScalingGroupName"] for g in c("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]],
        "iam:role": [r["RoleName"] for r in iam.list_roles()["Roles"]],
        "iam:instance-profile": [p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]],
        "iam:oidc-provider": [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]],
        "iam:policy": [p["Arn"] for p in iam.list_policies(Scope="Local")["Policies"]],
        "kms:key": [k["KeyId"] for k in kms.list_keys()["Keys"]
                    if kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] not in ("PendingDeletion",)],
        "kms:alias": [a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")],
        "s3:bucket": [b["Name"] for b in c("s3").list_buckets()["Buckets"]],
        "ssm:parameter": [p["Name"] for p in c("ssm").describe_parameters()["Parameters"]],
        "logs:log-group": [g["logGroupName"] for g in c("logs").describe_log_groups()["logGroups"]],
        "cloudwatch:alarm": [a["AlarmName"] for a in c("cloudwatch").describe_alarms()["MetricAlarms"]],
        "route53:zone": [z["Name"] for z in c("route53").list_hosted_zones()["HostedZones"]],
        "ecr:repository": [r["repositoryName"] for r in c("ecr").describe_repositories()["repositories"]],
        "sagemaker:model-package-group": [g["ModelPackageGroupName"] for g in
                                          c("sagemaker").list_model_package_groups()["ModelPackageGroupSummaryList"]],
        "cloudtrail:trail": [t["Name"] for t in c("cloudtrail").describe_trails()["trailList"]],
    }
    return {kind: sorted(ids) for kind, ids in found.items()}


def main():
    endpoint, mode, path = sys.argv[1], sys.argv[2], sys.argv[3]
    notes = []
    now = inventory(endpoint, notes)
    for note in notes:
        print("inventory: " + note)
    if mode == "snapshot":
        with open(path, "w", encoding="utf-8") as f:
            json.dump(now, f, indent=1)
        return 0
    with open(path, encoding="utf-8") as f:
        baseline = json.load(f)
    added = {k: sorted(set(now[k]) - set(baseline.get(k, []))) for k in now}
    added = {k: v for k, v in added.items() if v}
    if mode == "grown":
        if not added:
            print("inventory: the apply created nothing in moto")
            return 1
        print("inventory: created " + ", ".join(f"{len(v)} {k}" for k, v in sorted(added.items())))
        return 0
    if added:
        print("inventory: left behind after destroy:")
        for kind, ids in sorted(added.items()):
            print(f"  {kind}: {', '.join(ids)}")
        return 1
    print("inventory: nothing left behind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
