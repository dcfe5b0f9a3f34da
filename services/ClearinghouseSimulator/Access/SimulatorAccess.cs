using System.Security.Cryptography;
using System.Text;
using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.ClearinghouseSimulator.Access;

/// <summary>Who called: the clearinghouse's operator (its key), or one submitter (its id and secret).</summary>
public sealed record SimulatorCaller(bool IsOperator, string? SubmitterId)
{
    public static readonly SimulatorCaller Operator = new(true, null);

    /// <summary>The caller of the request, set by <see cref="SimulatorAccessMiddleware"/> before any endpoint runs.</summary>
    public static SimulatorCaller Of(HttpContext context) =>
        context.Items[typeof(SimulatorCaller)] as SimulatorCaller ?? throw new InvalidOperationException("No caller: SimulatorAccessMiddleware did not run.");
}

/// <summary>
/// The keys the simulator checks callers against: <c>Simulator:OperatorKey</c> (Bearer, the clearinghouse operator's settings API)
/// and <c>Simulator:SubmitterKey</c>, from which each submitter's secret is derived (<see cref="SubmitterCredentials.Derive"/>;
/// the key the platform holds as <c>Clearinghouse:SubmitterKey</c>). Nothing is stored: a secret is derived and compared in
/// constant time.
/// </summary>
public sealed class SimulatorKeys
{
    public const string OperatorKeySetting = "Simulator:OperatorKey";
    public const string SubmitterKeySetting = "Simulator:SubmitterKey";

    readonly byte[] operatorKey;
    readonly string submitterKey;

    public SimulatorKeys(IConfiguration configuration)
    {
        // A clearinghouse without keys would answer anyone or no one: it refuses to start instead.
        var op = configuration[OperatorKeySetting];
        var sub = configuration[SubmitterKeySetting];
        if (string.IsNullOrWhiteSpace(op) || string.IsNullOrWhiteSpace(sub))
            throw new InvalidOperationException(
                $"The simulator needs {OperatorKeySetting.Replace(":", "__")} (the operator's key) and {SubmitterKeySetting.Replace(":", "__")} " +
                "(the key submitters' secrets are derived from, the services' Clearinghouse__SubmitterKey); ./rcm generates both under .rcm/.");
        operatorKey = Encoding.UTF8.GetBytes(op);
        submitterKey = sub;
    }

    public bool IsOperatorKey(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), operatorKey);

    public bool IsSubmitterSecret(string submitterId, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented),
            Encoding.UTF8.GetBytes(SubmitterCredentials.Derive(submitterKey, submitterId)));
}
