using System.Security.Cryptography;
using System.Text;

namespace RevenueCycle.ClearinghouseSimulator.Remittances;

/// <summary>
/// TRN03 and BPR10, the payer's originating company identifier: "1" (an EIN follows) and nine digits. A simulated payer has
/// no tax id, so the nine digits come from its payer id — the same on every run and every machine — and each payer's
/// differs, as the payee relies on (CLP06 with TRN03 or BPR10 points to the payee's own plan code, X221A1 CLP06 note).
/// </summary>
public static class PayerIdentifiers
{
    const int Digits = 9;

    public static string For(string payerId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(payerId));
        var number = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 1_000_000_000UL;
        return "1" + number.ToString(new string('0', Digits), System.Globalization.CultureInfo.InvariantCulture);
    }
}
