"""The port surface of each service: its interface, the validating base every adapter derives from, the AWS adapter's
operations, local mode's forwarding and the tests' recording fake, all written from one table per service.

Why generated: adding an operation used to mean editing five hand-written files that had to agree. Now it is one row
here (and the wire types' row in generate.py); the request is validated once, by the base, before any adapter runs.
"""

# operation -> (the request member that names the resource in error messages or None, summary, request, returns)
SAGEMAKER_OPERATIONS = {
    "CreateTrainingJob": ("TrainingJobName", "Starts a training job (<c>CreateTrainingJob</c>).", "The job to start.", "The job's ARN."),
    "DescribeTrainingJob": ("TrainingJobName", "Describes a training job (<c>DescribeTrainingJob</c>).", "The job to describe.", "The job's state."),
    "StopTrainingJob": ("TrainingJobName", "Asks a running training job to stop (<c>StopTrainingJob</c>).", "The job to stop.", "A task that completes once the stop was accepted."),
    "ListTrainingJobs": (None, "Lists training jobs (<c>ListTrainingJobs</c>), every page.", "Filters and sort order.", "The matching jobs."),
    "CreateModelPackageGroup": ("ModelPackageGroupName", "Creates a model package group (<c>CreateModelPackageGroup</c>).", "The group to create.", "The group's ARN."),
    "DescribeModelPackageGroup": ("ModelPackageGroupName", "Describes a model package group (<c>DescribeModelPackageGroup</c>).", "The group to describe.", "The group."),
    "ListModelPackageGroups": (None, "Lists model package groups (<c>ListModelPackageGroups</c>), every page.", "Filters and sort order.", "The matching groups."),
    "DeleteModelPackageGroup": ("ModelPackageGroupName", "Deletes a model package group (<c>DeleteModelPackageGroup</c>).", "The group to delete.", "A task that completes once the deletion was accepted."),
    "CreateModelPackage": ("ModelPackageGroupName", "Registers a model package version (<c>CreateModelPackage</c>).", "The version to register.", "The version's ARN."),
    "DescribeModelPackage": ("ModelPackageName", "Describes a model package (<c>DescribeModelPackage</c>).", "The package, by name or ARN.", "The package."),
    "UpdateModelPackage": ("ModelPackageArn", "Updates a model package's approval status or metadata (<c>UpdateModelPackage</c>).", "The change.", "The package's ARN."),
    "ListModelPackages": (None, "Lists model packages (<c>ListModelPackages</c>), every page.", "Filters and sort order.", "The matching packages."),
    "DeleteModelPackage": ("ModelPackageName", "Deletes a model package (<c>DeleteModelPackage</c>).", "The package, by name or ARN.", "A task that completes once the deletion was accepted."),
    "CreateModel": ("ModelName", "Creates a model (<c>CreateModel</c>).", "The model to create.", "The model's ARN."),
    "DescribeModel": ("ModelName", "Describes a model (<c>DescribeModel</c>).", "The model to describe.", "The model."),
    "DeleteModel": ("ModelName", "Deletes a model (<c>DeleteModel</c>).", "The model to delete.", "A task that completes once the deletion was accepted."),
    "ListModels": (None, "Lists models (<c>ListModels</c>), every page.", "Filters and sort order.", "The matching models."),
    "CreateEndpointConfig": ("EndpointConfigName", "Creates an endpoint configuration (<c>CreateEndpointConfig</c>).", "The configuration to create.", "The configuration's ARN."),
    "DescribeEndpointConfig": ("EndpointConfigName", "Describes an endpoint configuration (<c>DescribeEndpointConfig</c>).", "The configuration to describe.", "The configuration."),
    "DeleteEndpointConfig": ("EndpointConfigName", "Deletes an endpoint configuration (<c>DeleteEndpointConfig</c>).", "The configuration to delete.", "A task that completes once the deletion was accepted."),
    "ListEndpointConfigs": (None, "Lists endpoint configurations (<c>ListEndpointConfigs</c>), every page.", "Filters and sort order.", "The matching configurations."),
    "CreateEndpoint": ("EndpointName", "Creates an endpoint (<c>CreateEndpoint</c>); it starts in <c>Creating</c>.", "The endpoint to create.", "The endpoint's ARN."),
    "DescribeEndpoint": ("EndpointName", "Describes an endpoint (<c>DescribeEndpoint</c>).", "The endpoint to describe.", "The endpoint."),
    "UpdateEndpoint": ("EndpointName", "Moves an endpoint to another configuration (<c>UpdateEndpoint</c>); it goes to <c>Updating</c>.", "The endpoint, its new configuration and the deployment policy.", "The endpoint's ARN."),
    "UpdateEndpointWeightsAndCapacities": ("EndpointName", "Changes the weights or instance counts of an endpoint's variants (<c>UpdateEndpointWeightsAndCapacities</c>); it goes to <c>Updating</c>.", "The endpoint and each variant's desired weight and instance count.", "The endpoint's ARN."),
    "DeleteEndpoint": ("EndpointName", "Deletes an endpoint (<c>DeleteEndpoint</c>).", "The endpoint to delete.", "A task that completes once the deletion was accepted."),
    "ListEndpoints": (None, "Lists endpoints (<c>ListEndpoints</c>), every page.", "Filters and sort order.", "The matching endpoints."),
    "AddTags": ("ResourceArn", "Adds or overwrites tags on a resource (<c>AddTags</c>).", "The resource and its tags.", "The tags now set."),
    "ListTags": ("ResourceArn", "Lists a resource's tags (<c>ListTags</c>), every page.", "The resource.", "The resource's tags."),
}

SCALING_OPERATIONS = {
    "RegisterScalableTarget": ("ResourceId", "Registers or updates a scalable target (<c>RegisterScalableTarget</c>).", "The target and its capacity range.", "The target's ARN."),
    "DescribeScalableTargets": (None, "Lists scalable targets (<c>DescribeScalableTargets</c>), every page.", "The namespace, and optionally resource ids and dimension.", "The matching targets."),
    "DeregisterScalableTarget": ("ResourceId", "Deregisters a scalable target and deletes its scaling policies (<c>DeregisterScalableTarget</c>).", "The target.", "A task that completes once the target is gone."),
    "PutScalingPolicy": ("ResourceId", "Creates or updates a scaling policy (<c>PutScalingPolicy</c>).", "The policy.", "The policy's ARN and the alarms it created."),
    "DescribeScalingPolicies": (None, "Lists scaling policies (<c>DescribeScalingPolicies</c>), every page.", "The namespace, and optionally policy names, resource and dimension.", "The matching policies."),
    "DeleteScalingPolicy": ("ResourceId", "Deletes a scaling policy (<c>DeleteScalingPolicy</c>).", "The policy.", "A task that completes once the policy is gone."),
}

TAGGING_OPERATIONS = {
    "GetResources": (None, "Lists the resources whose tags match every filter (<c>GetResources</c>), every page.", "Tag filters, resource types and page size.", "Each matching resource's ARN and tags."),
}

SAGEMAKER_PORT = {
    "interface": "ISageMakerClient", "base": "SageMakerClientBase", "dir": "src/MlOps.Sdk/SageMaker",
    "operations": SAGEMAKER_OPERATIONS,
    "summary": [
        "The SageMaker control plane, as the high-level layers need it. Two adapters implement it: AWS (JSON 1.1 over HTTPS)",
        "and local mode (processes and SQLite state).",
    ],
    "remarks": [
        "Every method validates its request (<c>request.Validate()</c>) before any call or side effect.",
        "List methods page internally: callers never see a <c>NextToken</c>.",
        "Failures are <see cref=\"MlOpsException\"/>s whose <see cref=\"MlOpsException.ErrorCode\"/> is AWS's error type",
        "(for example <c>ResourceNotFound</c>, <c>ResourceInUse</c>, <c>ValidationException</c>).",
    ],
    "aws": "AwsSageMakerClient",
    # Its canary or linear step in instances is bounded by the new config's instance count, which only a Describe tells.
    "aws_hand_written": ["UpdateEndpoint"],
    "local": "LocalSageMakerClient",
    # operation -> the local component call that carries it out; operations not listed are written in LocalSageMakerClient.cs.
    "local_targets": {
        "CreateTrainingJob": "training.CreateAsync", "DescribeTrainingJob": "training.DescribeAsync",
        "StopTrainingJob": "training.StopAsync", "ListTrainingJobs": "training.ListAsync",
        "CreateModelPackageGroup": "registry.CreateGroupAsync", "DescribeModelPackageGroup": "registry.DescribeGroupAsync",
        "ListModelPackageGroups": "registry.ListGroupsAsync", "DeleteModelPackageGroup": "registry.DeleteGroupAsync",
        "CreateModelPackage": "registry.CreatePackageAsync", "DescribeModelPackage": "registry.DescribePackageAsync",
        "UpdateModelPackage": "registry.UpdatePackageAsync", "ListModelPackages": "registry.ListPackagesAsync",
        "DeleteModelPackage": "registry.DeletePackageAsync",
        "CreateModel": "models.CreateModelAsync", "DescribeModel": "models.DescribeModelAsync",
        "DeleteModel": "models.DeleteModelAsync", "ListModels": "models.ListModelsAsync",
        "CreateEndpointConfig": "models.CreateConfigAsync", "DescribeEndpointConfig": "models.DescribeConfigAsync",
        "DeleteEndpointConfig": "models.DeleteConfigAsync", "ListEndpointConfigs": "models.ListConfigsAsync",
        "CreateEndpoint": "endpoints.CreateAsync", "DescribeEndpoint": "endpoints.DescribeAsync",
        "UpdateEndpoint": "endpoints.UpdateAsync",
        "UpdateEndpointWeightsAndCapacities": "endpoints.UpdateWeightsAndCapacitiesAsync", "DeleteEndpoint": "endpoints.DeleteAsync",
        "ListEndpoints": "endpoints.ListAsync",
    },
    "fake": "RecordingSageMakerClient",
    # The wire server's dispatch: the hand-written part holds the target prefix and the listings' paging rules.
    "wire": {"class": "SageMakerOperations", "dir": "src/MlOps.Sdk.LocalWire/SageMaker", "namespace": "MlOps.Sdk.LocalWire.SageMaker",
             "invalid_request": "ValidationException", "paging": "Paging", "paging_of": {"ListTags": "TagPaging"}},
}

SCALING_PORT = {
    "interface": "IApplicationAutoScalingClient", "base": "ApplicationAutoScalingClientBase", "dir": "src/MlOps.Sdk/Scaling",
    "operations": SCALING_OPERATIONS,
    "summary": [
        "Application Auto Scaling, as endpoint auto-scaling needs it: scalable targets (a SageMaker endpoint variant's",
        "instance count) and target-tracking policies. Two adapters implement it: AWS (JSON 1.1 over HTTPS) and local mode",
        "(the targets and policies kept in the local state, so pipelines behave the same; with no metrics, policies never act,",
        "and a registration whose range excludes a variant's count scales it into the range).",
    ],
    "remarks": [
        "Every method validates its request (<c>request.Validate()</c>) before any call or side effect. Describe methods page",
        "internally. Failures are <see cref=\"MlOpsException\"/>s carrying AWS's error type, such as <c>ObjectNotFoundException</c>",
        "or <c>ValidationException</c>.",
    ],
    "aws": "AwsApplicationAutoScalingClient", "aws_hand_written": [],
    "local": None, "local_targets": {},
    "fake": "RecordingApplicationAutoScalingClient",
    "wire": {"class": "ApplicationAutoScalingOperations", "dir": "src/MlOps.Sdk.LocalWire/Scaling", "namespace": "MlOps.Sdk.LocalWire.Scaling",
             "invalid_request": "ValidationException", "paging": "Paging", "paging_of": {}},
}

TAGGING_PORT = {
    "interface": "IResourceTaggingClient", "base": "ResourceTaggingClientBase", "dir": "src/MlOps.Sdk/Tagging",
    "operations": TAGGING_OPERATIONS,
    "summary": [
        "The Resource Groups Tagging API, as cleanup needs it: every resource that carries given tags, across resource types,",
        "in pages of up to 100 rather than one <c>ListTags</c> call per resource. Two adapters implement it: AWS (JSON 1.1 over",
        "HTTPS) and local mode (the tags kept in the local state).",
    ],
    "remarks": [
        "Every method validates its request (<c>request.Validate()</c>) before any call. Lists page internally: callers never see",
        "a <c>PaginationToken</c>. AWS documents the results as eventually consistent: a resource tagged a moment ago may be",
        "missing, which makes cleanup keep it, never delete it. Failures are <see cref=\"MlOpsException\"/>s carrying AWS's error",
        "type, such as <c>InvalidParameterException</c> or <c>ThrottledException</c>.",
    ],
    "aws": "AwsResourceTaggingClient", "aws_hand_written": [],
    "local": None, "local_targets": {},
    "fake": "RecordingResourceTaggingClient",
    "wire": {"class": "ResourceTaggingOperations", "dir": "src/MlOps.Sdk.LocalWire/Tagging", "namespace": "MlOps.Sdk.LocalWire.Tagging",
             "invalid_request": "InvalidParameterException", "paging": "Paging", "paging_of": {}},
}

AWS_DIR = "src/MlOps.Sdk/Aws"
LOCAL_DIR = "src/MlOps.Sdk/Local"
FAKES_DIR = "tests/MlOps.Sdk.Tests.Support/Fakes"
FAKES_NAMESPACE = "MlOps.Sdk.Tests.Fakes"


class Operation:
    """One operation's C# shape: what it returns and, for a list, how its pages are read."""

    def __init__(self, name, spec, shapes, ops, service_operations, renames):
        self.name = name
        self.resource_member, self.summary, self.request_doc, self.returns_doc = spec
        self.request = f"{name}Request"
        response_members = service_operations[name][1]
        token = next((m for m in (response_members or []) if m in ("NextToken", "PaginationToken")), None)
        self.token = token
        if token is not None:
            self.items_member = next(m for m in response_members if m != token)
            out_shape = shapes[ops[name]["output"]["shape"]]
            list_shape = shapes[out_shape["members"][self.items_member]["shape"]]
            item_shape = list_shape["member"]["shape"]
            self.item = renames.get(item_shape, item_shape)
            self.returns = f"IAsyncEnumerable<{self.item}>"
        elif response_members is not None:
            self.returns = f"Task<{name}Response>"
        else:
            self.returns = "Task"
        self.cancellation_doc = "Cancels the listing." if token else "Cancels the call."

    @property
    def is_list(self):
        return self.token is not None

    def parameters(self, default=True):
        return f"{self.request} request, CancellationToken cancellationToken{' = default' if default else ''}"


def _docs(indent, op):
    return [f"{indent}/// <summary>{op.summary}</summary>",
            f"{indent}/// <param name=\"request\">{op.request_doc}</param>",
            f"{indent}/// <param name=\"cancellationToken\">{op.cancellation_doc}</param>",
            f"{indent}/// <returns>{op.returns_doc}</returns>"]


def emit_interface(port, namespace, header, operations):
    lines = [header, "#nullable enable", "", f"namespace {namespace};", "", "/// <summary>"]
    lines += ["/// " + l for l in port["summary"]]
    lines += ["/// </summary>", "/// <remarks>"] + ["/// " + l for l in port["remarks"]] + ["/// </remarks>"]
    lines += [f"public interface {port['interface']}", "{"]
    for op in operations:
        lines += _docs("    ", op)
        lines.append(f"    {op.returns} {op.name}Async({op.parameters()});")
        lines.append("")
    lines.pop()
    lines.append("}")
    return "\n".join(lines) + "\n"


def emit_base(port, namespace, header, operations):
    base, iface = port["base"], port["interface"]
    lines = [header, "#nullable enable", "", f"namespace {namespace};", "",
             "/// <summary>",
             f"/// The one place a <see cref=\"{iface}\"/> request is checked: each method refuses a null request and validates it",
             "/// against the AWS API model's rules (<c>request.Validate()</c>) before the adapter's <c>...CoreAsync</c> runs, so no",
             "/// adapter makes a call or a change for a request AWS would refuse.",
             "/// </summary>",
             f"public abstract class {base} : {iface}",
             "{"]
    for op in operations:
        lines.append("    /// <inheritdoc />")
        lines.append(f"    public {op.returns} {op.name}Async({op.parameters()})")
        lines.append("    {")
        lines.append("        ArgumentNullException.ThrowIfNull(request);")
        lines.append("        request.Validate();")
        lines.append(f"        return {op.name}CoreAsync(request, cancellationToken);")
        lines.append("    }")
        lines.append("")
        lines.append(f"    /// <summary>Carries out <c>{op.name}</c> for a request that has been validated.</summary>")
        lines.append(f"    /// <param name=\"request\">{op.request_doc}</param>")
        lines.append(f"    /// <param name=\"cancellationToken\">{op.cancellation_doc}</param>")
        lines.append(f"    /// <returns>{op.returns_doc}</returns>")
        lines.append(f"    protected abstract {op.returns} {op.name}CoreAsync({op.parameters(default=False)});")
        lines.append("")
    lines.pop()
    lines.append("}")
    return "\n".join(lines) + "\n"


def emit_aws(port, namespace, header, operations):
    lines = [header, "#nullable enable", "", f"using {namespace};", "", "namespace MlOps.Sdk.Aws;", "",
             f"internal sealed partial class {port['aws']}", "{"]
    for op in operations:
        if op.name in port["aws_hand_written"]:
            continue
        body = "AwsJsonProtocolClient.Serialize(request)"
        lines.append("    /// <inheritdoc />")
        lines.append(f"    protected override {op.returns} {op.name}CoreAsync({op.parameters(default=False)}) =>")
        if op.is_list:
            lines.append(f"        _json.PaginateAsync<{op.name}Response, {op.item}>(\"{op.name}\", {body}, \"{op.token}\", page => page.{op.items_member}, page => page.{op.token}, cancellationToken);")
        else:
            generic = "" if op.returns == "Task" else f"<{op.name}Response>"
            resource = f"request.{op.resource_member}" if op.resource_member else "null"
            lines.append(f"        _json.InvokeAsync{generic}(\"{op.name}\", {body}, {resource}, cancellationToken);")
        lines.append("")
    lines.pop()
    lines.append("}")
    return "\n".join(lines) + "\n"


def emit_local(port, namespace, header, operations):
    lines = [header, "#nullable enable", "", f"using {namespace};", "", "namespace MlOps.Sdk.Local;", "",
             f"public sealed partial class {port['local']}", "{"]
    for op in operations:
        target = port["local_targets"].get(op.name)
        if target is None:
            continue
        lines.append("    /// <inheritdoc />")
        lines.append(f"    protected override {op.returns} {op.name}CoreAsync({op.parameters(default=False)}) =>")
        lines.append(f"        {target}(request, cancellationToken);")
        lines.append("")
    lines.pop()
    lines.append("}")
    return "\n".join(lines) + "\n"


def emit_fake(port, namespace, header, operations):
    fake = port["fake"]
    lines = [header, "#nullable enable", "", f"using {namespace};", "", f"namespace {FAKES_NAMESPACE};", "",
             "/// <summary>",
             f"/// A <see cref=\"{port['interface']}\"/> for tests that records every validated call, in order, and answers only",
             "/// the operations a subclass overrides (<c>On...Async</c>); any other call fails the test with NotSupportedException.",
             "/// </summary>",
             f"public abstract class {fake} : {port['base']}",
             "{",
             "    private readonly object _recordGate = new();",
             "    private readonly List<RecordedCall> _recorded = [];",
             "",
             "    /// <summary>Every operation called with a valid request, in order (<c>CreateTrainingJob</c>, <c>DescribeEndpoint</c>...).</summary>",
             "    public IReadOnlyList<string> Calls",
             "    {",
             "        get",
             "        {",
             "            lock (_recordGate)",
             "            {",
             "                return _recorded.Select(c => c.Operation).ToList();",
             "            }",
             "        }",
             "    }",
             "",
             "    /// <summary>Every call with its request, in order.</summary>",
             "    public IReadOnlyList<RecordedCall> Recorded",
             "    {",
             "        get",
             "        {",
             "            lock (_recordGate)",
             "            {",
             "                return _recorded.ToList();",
             "            }",
             "        }",
             "    }",
             "",
             "    /// <summary>How many times an operation was called.</summary>",
             "    /// <param name=\"operation\">The operation's AWS name.</param>",
             "    /// <returns>The count.</returns>",
             "    public int Count(string operation)",
             "    {",
             "        lock (_recordGate)",
             "        {",
             "            return _recorded.Count(c => c.Operation == operation);",
             "        }",
             "    }",
             "",
             "    /// <summary>Forgets every recorded call.</summary>",
             "    public void ClearCalls()",
             "    {",
             "        lock (_recordGate)",
             "        {",
             "            _recorded.Clear();",
             "        }",
             "    }",
             ""]
    for op in operations:
        lines.append("    /// <inheritdoc />")
        lines.append(f"    protected sealed override {op.returns} {op.name}CoreAsync({op.parameters(default=False)})")
        lines.append("    {")
        lines.append(f"        Record(\"{op.name}\", request);")
        lines.append(f"        return On{op.name}Async(request, cancellationToken);")
        lines.append("    }")
        lines.append("")
        lines.append(f"    /// <summary>Answers <c>{op.name}</c>; fails unless overridden.</summary>")
        lines.append(f"    /// <param name=\"request\">{op.request_doc}</param>")
        lines.append(f"    /// <param name=\"cancellationToken\">{op.cancellation_doc}</param>")
        lines.append(f"    /// <returns>{op.returns_doc}</returns>")
        lines.append(f"    protected virtual {op.returns} On{op.name}Async({op.parameters(default=False)}) =>")
        lines.append(f"        throw NotAnswered(\"{op.name}\");")
        lines.append("")
    lines += [
        "    private void Record(string operation, object request)",
        "    {",
        "        lock (_recordGate)",
        "        {",
        "            _recorded.Add(new RecordedCall(operation, request));",
        "        }",
        "    }",
        "",
        "    private NotSupportedException NotAnswered(string operation) =>",
        "        new($\"{GetType().Name} does not answer {operation}: override On{operation}Async.\");",
        "}",
    ]
    return "\n".join(lines) + "\n"


def emit_wire(port, namespace, header, operations):
    wire = port["wire"]
    lines = [header, "#nullable enable", "", "using MlOps.Sdk.LocalWire.Protocol;", f"using {namespace};", "",
             f"namespace {wire['namespace']};", "",
             f"internal static partial class {wire['class']}", "{",
             "    /// <summary>Binds every operation of the port to a client.</summary>",
             f"    /// <param name=\"client\">The local adapter of <see cref=\"{port['interface']}\"/>.</param>",
             "    /// <returns>The table.</returns>",
             f"    public static JsonOperationTable Create({port['interface']} client) =>",
             f"        new JsonOperationTable(TargetPrefix, \"{wire['invalid_request']}\")"]
    for op in operations:
        if op.is_list:
            paging = wire["paging_of"].get(op.name, wire["paging"])
            lines.append(f"            .Listing<{op.request}, {op.item}>(\"{op.name}\", {paging}, client.{op.name}Async, (items, next) => new {op.name}Response {{ {op.items_member} = items, {op.token} = next }})")
        elif op.returns == "Task":
            lines.append(f"            .Command<{op.request}>(\"{op.name}\", client.{op.name}Async)")
        else:
            lines.append(f"            .Operation<{op.request}, {op.name}Response>(\"{op.name}\", client.{op.name}Async)")
    lines[-1] += ";"
    lines.append("}")
    return "\n".join(lines) + "\n"


def files_of(port, namespace, header, shapes, ops, service_operations, renames):
    """path -> text of every port file of one service."""
    operations = [Operation(name, spec, shapes, ops, service_operations, renames) for name, spec in port["operations"].items()]
    files = {
        f"{port['dir']}/{port['interface']}.cs": emit_interface(port, namespace, header, operations),
        f"{port['dir']}/{port['base']}.cs": emit_base(port, namespace, header, operations),
        f"{AWS_DIR}/{port['aws']}.g.cs": emit_aws(port, namespace, header, operations),
        f"{FAKES_DIR}/{port['fake']}.g.cs": emit_fake(port, namespace, header, operations),
    }
    files[f"{port['wire']['dir']}/{port['wire']['class']}.g.cs"] = emit_wire(port, namespace, header, operations)
    if port["local"]:
        files[f"{LOCAL_DIR}/{port['local']}.g.cs"] = emit_local(port, namespace, header, operations)
    return files
