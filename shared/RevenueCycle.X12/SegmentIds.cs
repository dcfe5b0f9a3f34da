namespace RevenueCycle.X12;

/// <summary>
/// Segment ids packed into an int (first character in bits 16..23, second in 8..15, third, if any, in
/// 0..7): the readers dispatch on every segment, and a switch over these constants is a few integer
/// comparisons where a switch over the id's characters ends in a string comparison per segment.
/// </summary>
internal static class SegmentIds
{
    public const int Isa = 'I' << 16 | 'S' << 8 | 'A';
    public const int Gs = 'G' << 16 | 'S' << 8;
    public const int St = 'S' << 16 | 'T' << 8;
    public const int Se = 'S' << 16 | 'E' << 8;
    public const int Ge = 'G' << 16 | 'E' << 8;
    public const int Iea = 'I' << 16 | 'E' << 8 | 'A';
    public const int Ta1 = 'T' << 16 | 'A' << 8 | '1';
    public const int Bpr = 'B' << 16 | 'P' << 8 | 'R';
    public const int Trn = 'T' << 16 | 'R' << 8 | 'N';
    public const int Cur = 'C' << 16 | 'U' << 8 | 'R';
    public const int Dtm = 'D' << 16 | 'T' << 8 | 'M';
    public const int Ref = 'R' << 16 | 'E' << 8 | 'F';
    public const int N1 = 'N' << 16 | '1' << 8;
    public const int N3 = 'N' << 16 | '3' << 8;
    public const int N4 = 'N' << 16 | '4' << 8;
    public const int Per = 'P' << 16 | 'E' << 8 | 'R';
    public const int Rdm = 'R' << 16 | 'D' << 8 | 'M';
    public const int Lx = 'L' << 16 | 'X' << 8;
    public const int Ts3 = 'T' << 16 | 'S' << 8 | '3';
    public const int Ts2 = 'T' << 16 | 'S' << 8 | '2';
    public const int Clp = 'C' << 16 | 'L' << 8 | 'P';
    public const int Cas = 'C' << 16 | 'A' << 8 | 'S';
    public const int Nm1 = 'N' << 16 | 'M' << 8 | '1';
    public const int Mia = 'M' << 16 | 'I' << 8 | 'A';
    public const int Moa = 'M' << 16 | 'O' << 8 | 'A';
    public const int Amt = 'A' << 16 | 'M' << 8 | 'T';
    public const int Qty = 'Q' << 16 | 'T' << 8 | 'Y';
    public const int Svc = 'S' << 16 | 'V' << 8 | 'C';
    public const int Lq = 'L' << 16 | 'Q' << 8;
    public const int Plb = 'P' << 16 | 'L' << 8 | 'B';

    /// <summary>Packs an id of two or three ASCII characters (the tokenizer has checked it is one).</summary>
    public static int Pack(ReadOnlySpan<char> id) => id[0] << 16 | id[1] << 8 | (id.Length > 2 ? id[2] : 0);
}
