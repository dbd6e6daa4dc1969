using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Tests;

public sealed class ClusterDescriptionTests
{
    [Fact]
    public void FromEnvironment_SmHostsAndCurrentHost_ReadsTheCluster()
    {
        using var job = new TrainingJobFolder();
        var environment = new Dictionary<string, string>(job.Environment) { ["SM_HOSTS"] = """["algo-1","algo-2"]""", ["SM_CURRENT_HOST"] = "algo-2" };

        var cluster = ClusterDescription.FromEnvironment(environment, Paths(environment));

        Assert.Equal(["algo-1", "algo-2"], cluster.Hosts);
        Assert.Equal("algo-1", cluster.Leader);
        Assert.False(cluster.IsLeader);
    }

    [Fact]
    public void FromEnvironment_OnlyResourceConfig_ReadsItsHosts()
    {
        using var job = new TrainingJobFolder();
        File.WriteAllText(Path.Combine(job.BaseDirectory, "input", "config", "resourceconfig.json"), """{"current_host":"algo-1","hosts":["algo-1","algo-2","algo-3"]}""");

        var cluster = ClusterDescription.FromEnvironment(job.Environment, Paths(job.Environment));

        Assert.Equal(3, cluster.Hosts.Count);
        Assert.True(cluster.IsLeader);
    }

    [Fact]
    public void FromEnvironment_NoClusterGiven_IsOneHost()
    {
        using var job = new TrainingJobFolder();

        var cluster = ClusterDescription.FromEnvironment(job.Environment, Paths(job.Environment));

        Assert.Equal(["algo-1"], cluster.Hosts);
    }

    [Fact]
    public void FromEnvironment_CurrentHostNotAmongHosts_ThrowsNamingBoth()
    {
        using var job = new TrainingJobFolder();
        var environment = new Dictionary<string, string>(job.Environment) { ["SM_HOSTS"] = """["algo-1"]""", ["SM_CURRENT_HOST"] = "algo-9" };

        var error = Assert.Throws<TrainerInputException>(() => ClusterDescription.FromEnvironment(environment, Paths(environment)));

        Assert.Contains("'algo-9' is not among the hosts of SM_HOSTS (algo-1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddressOf_LocalModeAddresses_UsesTheGivenPort()
    {
        using var job = new TrainingJobFolder();
        var environment = new Dictionary<string, string>(job.Environment)
        {
            ["SM_HOSTS"] = """["algo-1","algo-2"]""",
            ["SM_CURRENT_HOST"] = "algo-2",
            ["MLOPS_HOST_ADDRESSES"] = """{"algo-1":"127.0.0.1:41234","algo-2":"127.0.0.1:41235"}""",
        };

        var cluster = ClusterDescription.FromEnvironment(environment, Paths(environment));

        Assert.Equal(("127.0.0.1", 41234), cluster.AddressOf("algo-1"));
        Assert.Equal(41235, cluster.ListenEndPoint().Port);
    }

    [Fact]
    public void AddressOf_OnSageMaker_UsesTheHostNameAndTheFixedPort()
    {
        var cluster = new ClusterDescription(["algo-1", "algo-2"], "algo-2", new Dictionary<string, string>());

        Assert.Equal(("algo-1", ClusterDescription.SageMakerPort), cluster.AddressOf("algo-1"));
    }

    [Fact]
    public void FromEnvironment_AddressWithoutPort_ThrowsNamingTheVariable()
    {
        using var job = new TrainingJobFolder();
        var environment = new Dictionary<string, string>(job.Environment)
        {
            ["SM_HOSTS"] = """["algo-1"]""",
            ["SM_CURRENT_HOST"] = "algo-1",
            ["MLOPS_HOST_ADDRESSES"] = """{"algo-1":"127.0.0.1"}""",
        };

        var cluster = ClusterDescription.FromEnvironment(environment, Paths(environment));
        var error = Assert.Throws<TrainerInputException>(cluster.ListenEndPoint);

        Assert.Contains("MLOPS_HOST_ADDRESSES gives '127.0.0.1' for algo-1", error.Message, StringComparison.Ordinal);
    }

    private static TrainingPaths Paths(IReadOnlyDictionary<string, string> environment) => TrainingPaths.FromEnvironment(environment);
}
