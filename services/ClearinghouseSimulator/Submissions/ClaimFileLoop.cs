namespace RevenueCycle.ClearinghouseSimulator.Submissions;

/// <summary>
/// Processes the 837 files taken in (<see cref="ClaimFileProcessor.ProcessNextAsync"/>), as soon as the request that
/// took one has answered; every half second it also looks for files another instance took or a failed try left.
/// </summary>
public sealed partial class ClaimFileLoop(ClaimFileProcessor processor, ILogger<ClaimFileLoop> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await processor.ProcessNextAsync(stoppingToken)) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
            }
            try
            {
                await processor.WaitForFileAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing received 837 files failed; trying again")]
    static partial void LogLoopFailed(ILogger logger, Exception e);
}
