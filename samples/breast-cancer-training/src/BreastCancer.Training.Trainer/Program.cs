using BreastCancer.Training.Trainer;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    stop.Cancel();
};

return await TrainerApplication.RunAsync(args, TrainerApplication.ProcessEnvironment(), Console.Out, Console.Error, stop.Token);
