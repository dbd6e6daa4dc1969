#!/usr/bin/env python3
"""Generates the wire types of MlOps.Sdk (SageMaker, Application Auto Scaling) from botocore's official API models.

Why generated: the request/response types must mirror the AWS API member for member, and their
client-side validation (required members, lengths, patterns, ranges, list sizes, enums) must be
exactly AWS's. Reading the model keeps both faithful; SHAPES below chooses the subset we use.

Run from the repository root:  python3 tools/wiregen/generate.py
With --check it writes nothing and exits 1, naming each file, when the committed code differs from what it would write.
It reads the models shipped under tests/MlOps.Sdk.Tests.Support/Data/botocore (Apache-2.0 data, see the NOTICE there), so the
output does not depend on the botocore installed on the machine.
"""
import gzip, html, json, os, re, sys

# Nothing but the generated C# may appear in the tree (the check runs in the tests).
sys.dont_write_bytecode = True
import ports  # noqa: E402

BOTOCORE_DATA = "tests/MlOps.Sdk.Tests.Support/Data/botocore"

# operation -> (request members, response members or None, response visibility)
OPERATIONS = {
    "CreateTrainingJob": (["TrainingJobName", "HyperParameters", "AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition", "Tags", "EnableManagedSpotTraining", "CheckpointConfig", "Environment"], ["TrainingJobArn"]),
    "DescribeTrainingJob": (["TrainingJobName"], ["TrainingJobName", "TrainingJobArn", "ModelArtifacts", "TrainingJobStatus", "SecondaryStatus", "FailureReason", "HyperParameters", "AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition", "CreationTime", "TrainingStartTime", "TrainingEndTime", "LastModifiedTime", "SecondaryStatusTransitions", "FinalMetricDataList", "EnableManagedSpotTraining", "TrainingTimeInSeconds", "BillableTimeInSeconds", "CheckpointConfig", "Environment", "WarmPoolStatus"]),
    "StopTrainingJob": (["TrainingJobName"], None),
    "ListTrainingJobs": (["CreationTimeAfter", "CreationTimeBefore", "LastModifiedTimeAfter", "LastModifiedTimeBefore", "NameContains", "StatusEquals", "SortBy", "SortOrder"], ["TrainingJobSummaries", "NextToken"]),
    "CreateModelPackageGroup": (["ModelPackageGroupName", "ModelPackageGroupDescription", "Tags"], ["ModelPackageGroupArn"]),
    "DescribeModelPackageGroup": (["ModelPackageGroupName"], ["ModelPackageGroupName", "ModelPackageGroupArn", "ModelPackageGroupDescription", "CreationTime", "ModelPackageGroupStatus"]),
    "ListModelPackageGroups": (["CreationTimeAfter", "CreationTimeBefore", "NameContains", "SortBy", "SortOrder"], ["ModelPackageGroupSummaryList", "NextToken"]),
    "DeleteModelPackageGroup": (["ModelPackageGroupName"], None),
    "CreateModelPackage": (["ModelPackageGroupName", "ModelPackageDescription", "InferenceSpecification", "ModelApprovalStatus", "CustomerMetadataProperties", "Tags", "ClientToken"], ["ModelPackageArn"]),
    "DescribeModelPackage": (["ModelPackageName"], ["ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn", "ModelPackageDescription", "CreationTime", "InferenceSpecification", "ModelPackageStatus", "ModelApprovalStatus", "ApprovalDescription", "CustomerMetadataProperties", "LastModifiedTime"]),
    "UpdateModelPackage": (["ModelPackageArn", "ModelApprovalStatus", "ApprovalDescription", "CustomerMetadataProperties", "CustomerMetadataPropertiesToRemove"], ["ModelPackageArn"]),
    "ListModelPackages": (["CreationTimeAfter", "CreationTimeBefore", "NameContains", "ModelApprovalStatus", "ModelPackageGroupName", "ModelPackageType", "SortBy", "SortOrder", "MaxResults"], ["ModelPackageSummaryList", "NextToken"]),
    "DeleteModelPackage": (["ModelPackageName"], None),
    "CreateModel": (["ModelName", "PrimaryContainer", "ExecutionRoleArn", "Tags", "EnableNetworkIsolation"], ["ModelArn"]),
    "DescribeModel": (["ModelName"], ["ModelName", "PrimaryContainer", "ExecutionRoleArn", "CreationTime", "ModelArn", "EnableNetworkIsolation"]),
    "DeleteModel": (["ModelName"], None),
    "ListModels": (["SortBy", "SortOrder", "NameContains", "CreationTimeBefore", "CreationTimeAfter", "MaxResults"], ["Models", "NextToken"]),
    "CreateEndpointConfig": (["EndpointConfigName", "ProductionVariants", "Tags", "KmsKeyId"], ["EndpointConfigArn"]),
    "DescribeEndpointConfig": (["EndpointConfigName"], ["EndpointConfigName", "EndpointConfigArn", "ProductionVariants", "KmsKeyId", "CreationTime"]),
    "DeleteEndpointConfig": (["EndpointConfigName"], None),
    "ListEndpointConfigs": (["SortBy", "SortOrder", "NameContains", "CreationTimeBefore", "CreationTimeAfter", "MaxResults"], ["EndpointConfigs", "NextToken"]),
    "CreateEndpoint": (["EndpointName", "EndpointConfigName", "DeploymentConfig", "Tags"], ["EndpointArn"]),
    "DescribeEndpoint": (["EndpointName"], ["EndpointName", "EndpointArn", "EndpointConfigName", "ProductionVariants", "EndpointStatus", "FailureReason", "CreationTime", "LastModifiedTime", "LastDeploymentConfig", "PendingDeploymentSummary"]),
    "UpdateEndpoint": (["EndpointName", "EndpointConfigName", "RetainAllVariantProperties", "DeploymentConfig", "RetainDeploymentConfig"], ["EndpointArn"]),
    "UpdateEndpointWeightsAndCapacities": (["EndpointName", "DesiredWeightsAndCapacities"], ["EndpointArn"]),
    "DeleteEndpoint": (["EndpointName"], None),
    "ListEndpoints": (["SortBy", "SortOrder", "NameContains", "CreationTimeBefore", "CreationTimeAfter", "LastModifiedTimeBefore", "LastModifiedTimeAfter", "StatusEquals", "MaxResults"], ["Endpoints", "NextToken"]),
    "AddTags": (["ResourceArn", "Tags"], ["Tags"]),
    "ListTags": (["ResourceArn"], ["Tags", "NextToken"]),
}

# nested structures: shape -> members we use
STRUCTURES = {
    "Tag": ["Key", "Value"],
    "AlgorithmSpecification": ["TrainingImage", "TrainingInputMode", "MetricDefinitions", "EnableSageMakerMetricsTimeSeries"],
    "MetricDefinition": ["Name", "Regex"],
    "Channel": ["ChannelName", "DataSource", "ContentType", "CompressionType", "InputMode"],
    "DataSource": ["S3DataSource"],
    "S3DataSource": ["S3DataType", "S3Uri", "S3DataDistributionType"],
    "OutputDataConfig": ["KmsKeyId", "S3OutputPath"],
    "ResourceConfig": ["InstanceType", "InstanceCount", "VolumeSizeInGB", "VolumeKmsKeyId", "KeepAlivePeriodInSeconds"],
    # Managed warm pools (merge-request training): a job's retained cluster, whether a later job reused it, and its billing.
    "WarmPoolStatus": ["Status", "ResourceRetainedBillableTimeInSeconds", "ReusedByJob"],
    "StoppingCondition": ["MaxRuntimeInSeconds", "MaxWaitTimeInSeconds"],
    "CheckpointConfig": ["S3Uri", "LocalPath"],
    "ModelArtifacts": ["S3ModelArtifacts"],
    "SecondaryStatusTransition": ["Status", "StartTime", "EndTime", "StatusMessage"],
    "MetricData": ["MetricName", "Value", "Timestamp"],
    "TrainingJobSummary": ["TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingEndTime", "LastModifiedTime", "TrainingJobStatus", "SecondaryStatus", "WarmPoolStatus"],
    "ModelPackageGroupSummary": ["ModelPackageGroupName", "ModelPackageGroupArn", "ModelPackageGroupDescription", "CreationTime", "ModelPackageGroupStatus"],
    "InferenceSpecification": ["Containers", "SupportedTransformInstanceTypes", "SupportedRealtimeInferenceInstanceTypes", "SupportedContentTypes", "SupportedResponseMIMETypes"],
    "ModelPackageContainerDefinition": ["Image", "ModelDataUrl", "Environment"],
    "ModelPackageSummary": ["ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn", "ModelPackageDescription", "CreationTime", "ModelPackageStatus", "ModelApprovalStatus"],
    "ContainerDefinition": ["Image", "ModelDataUrl", "Environment", "ModelPackageName"],
    "ModelSummary": ["ModelName", "ModelArn", "CreationTime"],
    "ProductionVariant": ["VariantName", "ModelName", "InitialInstanceCount", "InstanceType", "InitialVariantWeight", "ModelDataDownloadTimeoutInSeconds", "ContainerStartupHealthCheckTimeoutInSeconds"],
    # A variant's new weight and instance count (UpdateEndpointWeightsAndCapacities); serverless variants are not hosted locally.
    "DesiredWeightAndCapacity": ["VariantName", "DesiredWeight", "DesiredInstanceCount"],
    "EndpointConfigSummary": ["EndpointConfigName", "EndpointConfigArn", "CreationTime"],
    "DeploymentConfig": ["BlueGreenUpdatePolicy", "AutoRollbackConfiguration"],
    "BlueGreenUpdatePolicy": ["TrafficRoutingConfiguration", "TerminationWaitInSeconds", "MaximumExecutionTimeoutInSeconds"],
    "TrafficRoutingConfig": ["Type", "WaitIntervalInSeconds", "CanarySize", "LinearStepSize"],
    "CapacitySize": ["Type", "Value"],
    "AutoRollbackConfig": ["Alarms"],
    "Alarm": ["AlarmName"],
    "ProductionVariantSummary": ["VariantName", "CurrentWeight", "DesiredWeight", "CurrentInstanceCount", "DesiredInstanceCount"],
    "EndpointSummary": ["EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus"],
    # The deployment in progress (creating, or updating to a new config): the production guard sees a newer deploy in flight.
    "PendingDeploymentSummary": ["EndpointConfigName", "StartTime"],
}

# string shapes that become C# enums (the rest stay strings and are validated against their enum list)
ENUMS = ["TrainingJobStatus", "SecondaryStatus", "EndpointStatus", "ModelApprovalStatus", "ModelPackageStatus",
         "ModelPackageGroupStatus", "TrafficRoutingConfigType", "CapacitySizeType", "TrainingInputMode", "S3DataType",
         "S3DataDistribution", "CompressionType", "WarmPoolResourceStatus", "SortOrder", "SortBy", "TrainingJobSortByOptions", "ModelPackageSortBy",
         "ModelPackageGroupSortBy", "EndpointSortKey", "EndpointConfigSortKey", "ModelSortKey", "ModelPackageType"]

# Instance types are enums in the model, but AWS adds new ones every year: check their shape, not a frozen list.
STRING_SHAPE_OVERRIDES = {
    "TrainingInstanceType": {"pattern": r"ml\.[a-z0-9]+\.[a-z0-9]+"},
    "ProductionVariantInstanceType": {"pattern": r"ml\.[a-z0-9]+\.[a-z0-9]+"},
    "TransformInstanceType": {"pattern": r"ml\.[a-z0-9]+\.[a-z0-9]+"},
    "RealtimeInferenceInstanceTypes": {},
}

# Application Auto Scaling: the deploy stage's endpoint auto-scaling (a scalable target per variant, a target-tracking policy).
SCALING_OPERATIONS = {
    "RegisterScalableTarget": (["ServiceNamespace", "ResourceId", "ScalableDimension", "MinCapacity", "MaxCapacity", "Tags"], ["ScalableTargetARN"]),
    "DescribeScalableTargets": (["ServiceNamespace", "ResourceIds", "ScalableDimension"], ["ScalableTargets", "NextToken"]),
    "DeregisterScalableTarget": (["ServiceNamespace", "ResourceId", "ScalableDimension"], None),
    "PutScalingPolicy": (["PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension", "PolicyType", "TargetTrackingScalingPolicyConfiguration"], ["PolicyARN", "Alarms"]),
    "DescribeScalingPolicies": (["PolicyNames", "ServiceNamespace", "ResourceId", "ScalableDimension"], ["ScalingPolicies", "NextToken"]),
    "DeleteScalingPolicy": (["PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension"], None),
}

SCALING_STRUCTURES = {
    "ScalableTarget": ["ServiceNamespace", "ResourceId", "ScalableDimension", "MinCapacity", "MaxCapacity", "CreationTime", "ScalableTargetARN"],
    "ScalingPolicy": ["PolicyARN", "PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension", "PolicyType", "TargetTrackingScalingPolicyConfiguration", "Alarms", "CreationTime"],
    "TargetTrackingScalingPolicyConfiguration": ["TargetValue", "PredefinedMetricSpecification", "ScaleOutCooldown", "ScaleInCooldown", "DisableScaleIn"],
    "PredefinedMetricSpecification": ["PredefinedMetricType", "ResourceLabel"],
    "Alarm": ["AlarmName", "AlarmARN"],
}

# Resource Groups Tagging API: cleanup's discovery of the project's resources by tag.
TAGGING_OPERATIONS = {
    "GetResources": (["TagFilters", "ResourcesPerPage", "ResourceTypeFilters"], ["ResourceTagMappingList", "PaginationToken"]),
}

TAGGING_STRUCTURES = {
    "TagFilter": ["Key", "Values"],
    "ResourceTagMapping": ["ResourceARN", "Tags"],
    "Tag": ["Key", "Value"],
}

SERVICES = [
    {"title": "SageMaker", "model": "sagemaker/2017-07-24/service-2.json.gz", "out": "src/MlOps.Sdk/SageMaker/Model",
     "namespace": "MlOps.Sdk.SageMaker", "rules": "src/MlOps.Sdk/SageMaker/Rules", "operations": OPERATIONS,
     "structures": STRUCTURES, "enums": ENUMS, "overrides": STRING_SHAPE_OVERRIDES, "port": ports.SAGEMAKER_PORT},
    # Its namespaces, dimensions and metric types stay validated strings: AWS adds values often, and a response with a
    # new one must still be readable.
    {"title": "Application Auto Scaling", "model": "application-autoscaling/2016-02-06/service-2.json.gz",
     "out": "src/MlOps.Sdk/Scaling/Model", "namespace": "MlOps.Sdk.Scaling", "rules": "src/MlOps.Sdk/Scaling/Rules",
     "operations": SCALING_OPERATIONS, "structures": SCALING_STRUCTURES, "enums": [], "overrides": {},
     # SageMaker has an Alarm too: a distinct name keeps code that uses both namespaces unambiguous.
     "renames": {"Alarm": "ScalingAlarm"}, "port": ports.SCALING_PORT},
    # Cleanup finds the project's resources by their tags in a few paged calls, instead of one ListTags per resource.
    {"title": "Resource Groups Tagging", "model": "resourcegroupstaggingapi/2017-01-26/service-2.json.gz",
     "out": "src/MlOps.Sdk/Tagging/Model", "namespace": "MlOps.Sdk.Tagging", "rules": "src/MlOps.Sdk/Tagging/Rules",
     "operations": TAGGING_OPERATIONS, "structures": TAGGING_STRUCTURES, "enums": [], "overrides": {},
     # SageMaker has a Tag too: a distinct name keeps code that uses both namespaces unambiguous.
     "renames": {"Tag": "ResourceTagMappingTag"}, "port": ports.TAGGING_PORT},
]

shapes = ops = None
OUT = NAMESPACE = TITLE = RULES = ""


def doc(text, fallback):
    if not text:
        return fallback
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(re.sub(r"\s+", " ", text)).strip()
    sentences = re.split(r"(?<=[.])\s", text)
    out = ""
    for sentence in sentences:
        if len(out) + len(sentence) > 320 and out:
            break
        out = (out + " " + sentence).strip()
    return (out or fallback).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pascal_enum_member(value):
    parts = re.split(r"[^A-Za-z0-9]+", value)
    name = "".join(p[:1].upper() + p[1:].lower() if p.isupper() or "_" in value else p[:1].upper() + p[1:] for p in parts if p)
    if name[:1].isdigit():
        name = "Value" + name
    return name


class Member:
    def __init__(self, name, shape_name, required, documentation):
        self.name, self.shape_name, self.required, self.documentation = name, shape_name, required, documentation


def csharp_type(shape_name, renames):
    shape = shapes[shape_name]
    t = shape["type"]
    if t == "string":
        return shape_name if shape_name in ENUMS else "string"
    if t == "integer":
        return "int"
    if t == "long":
        return "long"
    if t in ("float", "double"):
        return "double"
    if t == "boolean":
        return "bool"
    if t == "timestamp":
        return "DateTimeOffset"
    if t == "list":
        return f"IReadOnlyList<{csharp_type(shape['member']['shape'], renames)}>"
    if t == "map":
        return f"IReadOnlyDictionary<string, {csharp_type(shape['value']['shape'], renames)}>"
    if t == "structure":
        return renames.get(shape_name, shape_name)
    raise ValueError(f"unsupported type {t} for {shape_name}")


def is_reference(cs):
    return cs in ("string",) or cs.startswith("IReadOnly") or (cs not in ("int", "long", "double", "bool", "DateTimeOffset") and cs not in ENUMS)


patterns = {}


def validation_lines(member, value_expr, shape_name, path_expr, depth=0):
    """Lines of C# that validate one value (already known non-null) of a shape."""
    shape = shapes[shape_name]
    t = shape["type"]
    lines = []
    over = STRING_SHAPE_OVERRIDES.get(shape_name)
    if t == "string" and shape_name not in ENUMS:
        lo, hi = shape.get("min"), shape.get("max")
        if lo is not None or hi is not None:
            lines.append(f"WireValidation.Length({value_expr}, {lo if lo is not None else 0}, {hi if hi is not None else 'int.MaxValue'}, {path_expr});")
        pattern = (over or {}).get("pattern", shape.get("pattern")) if over is not None else shape.get("pattern")
        if over is not None and "pattern" not in over:
            pattern = None
        if "enum" in shape and over is None:
            values = ", ".join(json.dumps(v) for v in shape["enum"])
            lines.append(f"WireValidation.OneOf({value_expr}, [{values}], {path_expr});")
        elif pattern:
            key = shape_name
            patterns[key] = pattern
            lines.append(f"WireValidation.Pattern({value_expr}, WirePatterns.{key}, {path_expr});")
    elif t in ("integer", "long", "float", "double"):
        lo, hi = shape.get("min"), shape.get("max")
        if lo is not None or hi is not None:
            lines.append(f"WireValidation.Range({value_expr}, {lo if lo is not None else 'double.MinValue'}, {hi if hi is not None else 'double.MaxValue'}, {path_expr});")
    elif t == "list":
        lo, hi = shape.get("min"), shape.get("max")
        if lo is not None or hi is not None:
            lines.append(f"WireValidation.Count({value_expr}.Count, {lo if lo is not None else 0}, {hi if hi is not None else 'int.MaxValue'}, {path_expr});")
        inner = validation_lines(member, f"item{depth}", shape["member"]["shape"], f"$\"{{{path_expr}}}[{{i{depth}}}]\"", depth + 1)
        if inner:
            lines.append(f"for (var i{depth} = 0; i{depth} < {value_expr}.Count; i{depth}++)")
            lines.append("{")
            lines.append(f"    var item{depth} = {value_expr}[i{depth}];")
            lines += ["    " + l for l in inner]
            lines.append("}")
    elif t == "map":
        lo, hi = shape.get("min"), shape.get("max")
        if lo is not None or hi is not None:
            lines.append(f"WireValidation.Count({value_expr}.Count, {lo if lo is not None else 0}, {hi if hi is not None else 'int.MaxValue'}, {path_expr});")
        kv = f"entry{depth}"
        key_lines = validation_lines(member, f"{kv}.Key", shape["key"]["shape"], f"$\"{{{path_expr}}}[{{{kv}.Key}}] (key)\"", depth + 1)
        value_lines = validation_lines(member, f"{kv}.Value", shape["value"]["shape"], f"$\"{{{path_expr}}}[{{{kv}.Key}}]\"", depth + 1)
        if key_lines or value_lines:
            lines.append(f"foreach (var {kv} in {value_expr})")
            lines.append("{")
            lines += ["    " + l for l in key_lines + value_lines]
            lines.append("}")
    elif t == "structure":
        lines.append(f"{value_expr}.Validate({path_expr});")
    return lines


def members_of(shape_name, chosen):
    shape = shapes[shape_name]
    required = set(shape.get("required", []))
    result = []
    for name in chosen:
        m = shape["members"][name]
        result.append(Member(name, m["shape"], name in required, m.get("documentation")))
    return result


def header():
    return f"// <auto-generated>Generated by tools/wiregen/generate.py from botocore's {TITLE} API model. Do not edit.</auto-generated>"


def usings():
    # The validation helpers live with the SageMaker wire types; other services' types use them from there.
    return [] if NAMESPACE == "MlOps.Sdk.SageMaker" else ["using MlOps.Sdk.SageMaker;", ""]


def emit_record(cs_name, shape_name, chosen, summary, visibility="public", validate=True, renames=None):
    renames = renames or {}
    members = members_of(shape_name, chosen)
    lines = [header(), "#nullable enable", ""] + (usings() if validate else []) + [f"namespace {NAMESPACE};", "", "/// <summary>", f"/// {summary}", "/// </summary>",
             f"{visibility} sealed {'partial ' if validate else ''}record {cs_name}", "{"]
    for m in members:
        cs = csharp_type(m.shape_name, renames)
        lines.append("    /// <summary>")
        lines.append(f"    /// {doc(m.documentation, m.name + '.')}")
        lines.append("    /// </summary>")
        if m.required and m.name not in ("NextToken", "PaginationToken"):
            lines.append(f"    public required {cs} {m.name} {{ get; init; }}")
        else:
            lines.append(f"    public {cs}? {m.name} {{ get; init; }}")
        lines.append("")
    if validate:
        lines.append("    /// <summary>Checks every member against the AWS API model's rules; throws <see cref=\"MlOpsValidationException\"/> naming the first field at fault.</summary>")
        lines.append("    /// <param name=\"path\">The field path of this value, used in error messages.</param>")
        lines.append(f"    public void Validate(string path = \"{cs_name}\")")
        lines.append("    {")
        for m in members:
            cs = csharp_type(m.shape_name, renames)
            p = f"path + \".{m.name}\""
            value = m.name + (".Value" if not m.required and not is_reference(cs) else "")
            body = validation_lines(m, value, m.shape_name, p)
            if m.required and is_reference(cs):
                lines.append(f"        WireValidation.Required({m.name}, {p});")
            if not body:
                continue
            if m.required:
                lines += ["        " + l for l in body]
            else:
                lines.append(f"        if ({m.name} is not null)")
                lines.append("        {")
                lines += ["            " + l for l in body]
                lines.append("        }")
        lines.append("        ValidateRules(path);")
        lines.append("    }")
        lines.append("")
        lines.append(f"    // Rules AWS documents but the API model does not carry live in a hand-written part of this type ({RULES}).")
        lines.append("    partial void ValidateRules(string path);")
    else:
        if lines[-1] == "":
            lines.pop()
    lines.append("}")
    return "\n".join(lines) + "\n"


# POSIX classes Java spells \p{Name} (Application Auto Scaling uses \p{Print}); .NET has no such names.
JAVA_POSIX_CLASSES = {"ASCII": r"\x00-\x7F", "Print": r"\x20-\x7E", "Graph": r"\x21-\x7E", "Alnum": "a-zA-Z0-9",
                      "Alpha": "a-zA-Z", "Digit": "0-9", "Lower": "a-z", "Upper": "A-Z", "XDigit": "0-9a-fA-F",
                      "Space": r" \t\n\x0B\f\r", "Cntrl": r"\x00-\x1F\x7F", "Punct": r"!-/:-@\[-`{-~"}


def dotnet_pattern(java):
    # Java matches code points: "\uD800\uDC00-\uDBFF\uDFFF" is U+10000..U+10FFFF. .NET matches UTF-16 chars, where
    # those code points are surrogate pairs: the range of both halves accepts them.
    java = java.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\uD800-\\uDFFF")
    out, in_class, i = [], False, 0
    while i < len(java):
        c = java[i]
        if c == "\\" and i + 1 < len(java):
            m = re.match(r"\\p\{(?:Is)?(\w+)\}", java[i:])
            if m and m.group(1) in JAVA_POSIX_CLASSES:
                rng = JAVA_POSIX_CLASSES[m.group(1)]
                out.append(rng if in_class else "[" + rng + "]")
                i += len(m.group(0))
                continue
            out.append(java[i:i + 2])
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def emit_enum(name):
    shape = shapes[name]
    lines = [header(),
             "using System.Text.Json.Serialization;", "", f"namespace {NAMESPACE};", "", "/// <summary>",
             f"/// {doc(shape.get('documentation'), 'Values of the ' + TITLE + ' ' + name + ' enumeration.')}", "/// </summary>",
             f"[JsonConverter(typeof(JsonStringEnumConverter<{name}>))]", f"public enum {name}", "{"]
    for value in shape["enum"]:
        member = pascal_enum_member(value)
        lines.append(f"    /// <summary>The wire value <c>{value}</c>.</summary>")
        if member != value:
            lines.append(f"    [JsonStringEnumMemberName(\"{value}\")]")
        lines.append(f"    {member},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate(service):
    global shapes, ops, OUT, NAMESPACE, TITLE, RULES, ENUMS, STRING_SHAPE_OVERRIDES
    model = json.load(gzip.open(os.path.join(BOTOCORE_DATA, service["model"])))
    shapes, ops = model["shapes"], model["operations"]
    OUT, NAMESPACE, TITLE, RULES = service["out"], service["namespace"], service["title"], service["rules"]
    ENUMS, STRING_SHAPE_OVERRIDES = service["enums"], service["overrides"]
    patterns.clear()
    renames = service.get("renames", {})
    files = {}
    for op, spec in service["operations"].items():
        req_members, resp_members = spec
        in_shape = ops[op]["input"]["shape"]
        files[f"{op}Request"] = emit_record(f"{op}Request", in_shape, req_members, f"The request of the {TITLE} <c>{op}</c> operation.", renames=renames)
        if resp_members is not None:
            out_shape = ops[op]["output"]["shape"]
            paged = "NextToken" in resp_members or "PaginationToken" in resp_members
            files[f"{op}Response"] = emit_record(f"{op}Response", out_shape, resp_members,
                                                 f"The response of the {TITLE} <c>{op}</c> operation." + (" Pages are read by the adapters; callers see an IAsyncEnumerable." if paged else ""),
                                                 visibility="internal" if paged else "public", validate=False, renames=renames)
    for shape_name, chosen in service["structures"].items():
        cs_name = renames.get(shape_name, shape_name)
        files[cs_name] = emit_record(cs_name, shape_name, chosen, doc(shapes[shape_name].get("documentation"), f"The {TITLE} <c>{shape_name}</c> structure."), renames=renames)
    for name in ENUMS:
        files[name] = emit_enum(name)
    # patterns collected while emitting
    plines = [header(),
              "using System.Text.RegularExpressions;", "", f"namespace {NAMESPACE};", "",
              "/// <summary>The string patterns of the AWS API model, anchored to match the whole value as AWS does.</summary>",
              "internal static class WirePatterns", "{"]
    for key in sorted(patterns):
        pattern = patterns[key]
        # Java allows a quantifier after "$" (e.g. "...)${1,128}"); it means nothing, and .NET refuses it.
        pattern = dotnet_pattern(re.sub(r"\$\{\d+,\d+\}$", "", pattern))
        literal = pattern.replace('"', '""')
        plines.append(f"    /// <summary>The pattern of the <c>{key}</c> shape.</summary>")
        plines.append(f"    internal static readonly Regex {key} = new(@\"^(?:{literal})$\", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));")
        plines.append("")
    plines.pop()
    plines.append("}")
    files["WirePatterns"] = "\n".join(plines) + "\n"
    written = {f"{OUT}/{name}.cs": text for name, text in files.items()}
    written.update(ports.files_of(service["port"], NAMESPACE, header(), shapes, ops, service["operations"], renames))
    return written


def stale_model_files(generated):
    """Files in the model folders that the generator no longer writes."""
    stale = []
    for service in SERVICES:
        folder = service["out"]
        if os.path.isdir(folder):
            stale += [f"{folder}/{f}" for f in sorted(os.listdir(folder)) if f.endswith(".cs") and f"{folder}/{f}" not in generated]
    return stale


def main(argv):
    generated = {}
    for each in SERVICES:
        generated.update(generate(each))
    stale = stale_model_files(generated)
    if "--check" in argv:
        differing = [path for path, text in generated.items() if not os.path.exists(path) or open(path).read() != text]
        for path in differing + stale:
            print(f"differs from what tools/wiregen/generate.py writes: {path}")
        if differing or stale:
            print("run: python3 tools/wiregen/generate.py")
            return 1
        print(f"all {len(generated)} generated files match")
        return 0
    for path in stale:
        os.remove(path)
    for path, text in generated.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
    print(f"wrote {len(generated)} files, removed {len(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
