namespace RevenueCycle.X12;

/// <summary>
/// Amounts in whole cents, for the balancing checks of the readers: a <see cref="long"/> addition instead of
/// a <see cref="decimal"/> one, which costs several times more and is done for every CAS, line and claim.
/// An amount that is not a whole number of cents (three decimals and more, or more than
/// <see cref="MaxDigits"/> digits) is <see cref="None"/>, and so is any sum it enters or that would overflow:
/// the caller then compares the decimals, so the outcome is always that of exact decimal arithmetic.
/// </summary>
internal static class Cents
{
    /// <summary>No value in cents: compare the decimals instead.</summary>
    public const long None = long.MinValue;

    /// <summary>At most 16 digits (below 10^18 cents), so that a difference of two amounts cannot overflow.</summary>
    public const int MaxDigits = 16;

    /// <summary><paramref name="sum"/> + <paramref name="amount"/>, or <see cref="None"/> when either is, or when the sum overflows.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long Add(long sum, long amount)
    {
        if (sum == None || amount == None)
            return None;
        var result = unchecked(sum + amount);
        return ((sum ^ result) & (amount ^ result)) < 0 ? None : result;
    }

    /// <summary><paramref name="left"/> − <paramref name="right"/>, or <see cref="None"/> when either is, or when the difference overflows.</summary>
    public static long Subtract(long left, long right) => right == None ? None : Add(left, -right);

    /// <summary>
    /// Whether <paramref name="left"/> = <paramref name="right"/> in cents: true or false when both are
    /// known, null when either is <see cref="None"/> (the caller compares the decimals).
    /// </summary>
    public static bool? Equal(long left, long right) => left == None || right == None ? null : left == right;
}
