using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>terraform's AWS provider against the server: the model package group of tofu/modules/sagemaker.</summary>
public sealed class LocalWireTerraformTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>
{
    [Fact]
    public async Task TerraformApply_ModelPackageGroupResource_AppliesPlansWithoutChangesAndDestroys()
    {
        var folder = Path.Combine(fixture.Home.Home, "terraform");
        Directory.CreateDirectory(folder);
        // The resource as tofu/modules/sagemaker declares it (name, description, tags), the provider pointed at the server.
        await File.WriteAllTextAsync(Path.Combine(folder, "main.tf"), $$"""
            terraform {
              required_providers {
                aws = { source = "hashicorp/aws", version = "~> 5.100" }
              }
            }
            provider "aws" {
              region                      = "us-east-1"
              access_key                  = "local"
              secret_key                  = "local"
              skip_credentials_validation = true
              skip_requesting_account_id  = true
              skip_metadata_api_check     = true
              endpoints {
                sagemaker = "{{fixture.Server.EndpointVariables["AWS_ENDPOINT_URL_SAGEMAKER"]}}"
              }
            }
            resource "aws_sagemaker_model_package_group" "this" {
              model_package_group_name        = "tf-churn-models"
              model_package_group_description = "Model versions of tf/churn, registered by CI"
              tags                            = { Project = "churn", ManagedBy = "OpenTofu" }
            }
            """);

        Succeeded(await fixture.Tools.TerraformAsync(folder, "init", "-backend=false", "-no-color", "-plugin-dir=" + PluginDirectory()));
        Succeeded(await fixture.Tools.TerraformAsync(folder, "apply", "-auto-approve", "-no-color"));
        var group = await fixture.Home.Client.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = "tf-churn-models" });
        var tags = new List<Tag>();
        await foreach (var tag in fixture.Home.Client.ListTagsAsync(new ListTagsRequest { ResourceArn = group.ModelPackageGroupArn }))
        {
            tags.Add(tag);
        }

        var plan = await fixture.Tools.TerraformAsync(folder, "plan", "-detailed-exitcode", "-no-color");
        Succeeded(await fixture.Tools.TerraformAsync(folder, "destroy", "-auto-approve", "-no-color"));
        var groups = new List<string>();
        await foreach (var summary in fixture.Home.Client.ListModelPackageGroupsAsync(new ListModelPackageGroupsRequest { NameContains = "tf-churn" }))
        {
            groups.Add(summary.ModelPackageGroupName);
        }

        Assert.Equal("Model versions of tf/churn, registered by CI", group.ModelPackageGroupDescription);
        Assert.Contains(tags, t => t.Key == "Project" && t.Value == "churn");
        Assert.True(plan.ExitCode == 0, "a plan right after apply must find no changes (exit 0, 2 = changes):\n" + plan.StandardOutput + plan.StandardError);
        Assert.Empty(groups);
    }

    private static void Succeeded(ToolResult result) =>
        Assert.True(result.ExitCode == 0, $"terraform exited {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");

    // The offline provider folder, as tofu/test.sh finds it: TF_PLUGIN_DIR, else the usual install folders.
    private static string PluginDirectory()
    {
        var given = Environment.GetEnvironmentVariable("TF_PLUGIN_DIR");
        if (!string.IsNullOrEmpty(given))
        {
            return given;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (var root in new[] { "/opt", "/usr/local", "/usr/share", Path.Combine(home, ".terraform.d"), Path.Combine(home, ".local/share") })
        {
            var hit = Directory.Exists(root) ? FindProvider(root, depth: 0) : null;
            if (hit is not null)
            {
                return hit;
            }
        }

        Assert.Fail("No offline terraform provider folder (registry.terraform.io/hashicorp/aws/5.x) found: set TF_PLUGIN_DIR to the folder that holds registry.terraform.io.");
        return string.Empty;
    }

    private static string? FindProvider(string folder, int depth)
    {
        var aws = Path.Combine(folder, "registry.terraform.io", "hashicorp", "aws");
        if (Directory.Exists(aws) && Directory.EnumerateDirectories(aws, "5.*").Any())
        {
            return folder;
        }

        if (depth >= 3)
        {
            return null;
        }

        try
        {
            return Directory.EnumerateDirectories(folder).Select(sub => FindProvider(sub, depth + 1)).FirstOrDefault(hit => hit is not null);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
