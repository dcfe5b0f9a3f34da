using System.Runtime.CompilerServices;
using System.Globalization;

namespace RevenueCycle.X12;

/// <summary>
/// Parsing and formatting of the X12 simple data types straight from spans: R (decimal), N0 (integer),
/// DT (CCYYMMDD date) and TM (HHMM[SS] time).
/// </summary>
public static class X12Text
{
    private const int MaxFastDigits = 18; // X12 R values are at most 18 digits (ISO 6093 numeric), so they fit in a ulong

    /// <summary>Parses an X12 R value: optional minus, digits, optional decimal point. No exponent, no thousands separators.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value) => TryParseDecimal(text, out value, out _);

    /// <summary>
    /// Parses an X12 R value, and gives it also in whole cents (<see cref="Cents"/>) when it has at most two
    /// decimals and 16 digits, else <see cref="Cents.None"/>: the balancing checks add cents, not decimals.
    /// </summary>
    internal static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value, out long cents)
    {
        value = ParseDecimal(text, out var valid, out cents);
        return valid;
    }

    /// <summary>
    /// <see cref="TryParseDecimal(ReadOnlySpan{char}, out decimal, out long)"/> with the decimal returned rather
    /// than written through an out parameter: inlined, the JIT then keeps its parts in registers and stores
    /// them where the caller puts the amount. Through an out parameter the decimal went to the stack in three
    /// stores and was read back with one wide load, which the processor cannot forward from them (a stall on
    /// every amount).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static decimal ParseDecimal(ReadOnlySpan<char> text, out bool valid, out long cents)
    {
        cents = Cents.None;
        valid = false;
        var i = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] == '-')
        {
            negative = true;
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var digit = (uint)(c - '0');
            if (digit <= 9)
            {
                if (digits == MaxFastDigits)
                {
                    valid = TryParseLongDecimal(text, out var value);
                    return value;
                }
                mantissa = mantissa * 10 + digit;
                digits++;
                if (scale >= 0)
                    scale++;
            }
            else if (c == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return default;
            }
        }
        if (digits == 0)
            return default;
        scale = Math.Max(scale, 0);
        if (scale <= 2 && digits <= Cents.MaxDigits)
        {
            var whole = (long)mantissa * (scale == 0 ? 100 : scale == 1 ? 10 : 1);
            cents = negative ? -whole : whole;
        }
        valid = true;
        return new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)scale);
    }

    /// <summary>More digits than a ulong holds: the framework's parser, kept out of line (it is rare, and large).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseLongDecimal(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses CCYYMMDD into a date; false for anything else, including 20240230.</summary>
    /// <remarks>
    /// Every 835 claim and line has its dates, so this is unrolled: the eight digits are checked together, and the
    /// day number is computed from the year, month and day (the DateOnly and DateTime constructors check the
    /// date again and go through ticks and a 64-bit division).
    /// </remarks>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 8)
            return false;
        uint y0 = (uint)(text[0] - '0'), y1 = (uint)(text[1] - '0'), y2 = (uint)(text[2] - '0'), y3 = (uint)(text[3] - '0');
        uint m0 = (uint)(text[4] - '0'), m1 = (uint)(text[5] - '0'), d0 = (uint)(text[6] - '0'), d1 = (uint)(text[7] - '0');
        if (Math.Max(Math.Max(Math.Max(y0, y1), Math.Max(y2, y3)), Math.Max(Math.Max(m0, m1), Math.Max(d0, d1))) > 9)
            return false;
        var year = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
        var month = (int)(m0 * 10 + m1);
        var day = (int)(d0 * 10 + d1);
        if (year < 1 || (uint)(month - 1) > 11 || day < 1)
            return false;
        var leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        var daysToMonth = leap ? DaysToMonth366 : DaysToMonth365;
        if (day > daysToMonth[month] - daysToMonth[month - 1])
            return false;
        var before = year - 1;
        date = DateOnly.FromDayNumber(before * 365 + before / 4 - before / 100 + before / 400 + daysToMonth[month - 1] + day - 1);
        return true;
    }

    private static ReadOnlySpan<int> DaysToMonth365 => [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    private static ReadOnlySpan<int> DaysToMonth366 => [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    /// <summary>Parses YYMMDD (ISA09), reading the century as 20.</summary>
    public static bool TryParseShortDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        Span<char> full = stackalloc char[8];
        date = default;
        if (text.Length != 6)
            return false;
        "20".CopyTo(full);
        text.CopyTo(full[2..]);
        return TryParseDate(full, out date);
    }

    /// <summary>Parses HHMM, HHMMSS or HHMMSSD..; fractional seconds are ignored.</summary>
    public static bool TryParseTime(ReadOnlySpan<char> text, out TimeOnly time)
    {
        time = default;
        if (text.Length < 4 || !TryDigits(text[..2], out var hour) || !TryDigits(text.Slice(2, 2), out var minute))
            return false;
        var second = 0;
        if (text.Length >= 6 && !TryDigits(text.Slice(4, 2), out second))
            return false;
        if (text.Length is 5 || hour > 23 || minute > 59 || second > 59)
            return false;
        time = new TimeOnly(hour, minute, second);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
                return false;
            value = value * 10 + (int)digit;
        }
        return true;
    }

    /// <summary>Formats an amount the way X12 wants an R value: invariant, no exponent, no trailing zeros after the point.</summary>
    public static bool TryFormatDecimal(decimal value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, "0.##########", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
