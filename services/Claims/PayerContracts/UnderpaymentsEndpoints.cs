using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.PayerContracts;

public sealed record UnderpaymentView
{
    public Guid Id { get; init; }
    public Guid ClaimId { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string PayerId { get; init; } = "";
    public string PayerName { get; init; } = "";
    public int LineNumber { get; init; }
    public string Code { get; init; } = "";
    public IReadOnlyList<string> Modifiers { get; init; } = [];
    public decimal Units { get; init; }
    public DateOnly DateOfService { get; init; }
    public DateOnly PaymentDate { get; init; }
    public decimal Expected { get; init; }
    public decimal Allowed { get; init; }
    public decimal Paid { get; init; }
    public decimal Variance { get; init; }
    public string Basis { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid PostingId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record PayerUnderpayments(string PayerId, string PayerName, int Lines, decimal Expected, decimal Allowed, decimal Paid, decimal Underpaid);

public sealed record UnderpaymentSummary(DateOnly? From, DateOnly? To, IReadOnlyList<PayerUnderpayments> Payers, int Lines, decimal Underpaid);

/// <summary>
/// The underpayment queue: paid lines whose allowed amount is short of the payer's contract (<see cref="UnderpaymentReview"/>).
/// Each item's id is stable for its claim line, for work-queue mechanics to hang on.
/// </summary>
public static class UnderpaymentsEndpoints
{
    static readonly string[] Statuses = ["open", "resolved", "reversed", "superseded"];

    // Sortable columns (a leading '-' sorts descending); the cursor carries the last row's value and id (keyset paging).
    static readonly Dictionary<string, (string Column, string Cast)> Sorts = new(StringComparer.Ordinal)
    {
        ["variance"] = ("variance", "numeric"),
        ["paymentDate"] = ("payment_date", "date"),
        ["dateOfService"] = ("date_of_service", "date"),
        ["expected"] = ("expected", "numeric"),
    };

    const string Columns =
        """
        id, claim_id, patient_control_number, payer_id, payer_name, line_number, code, modifiers, units, date_of_service, payment_date,
        expected, allowed, paid, variance, basis, status, posting_id, created_at, updated_at
        """;

    public static RouteGroupBuilder MapUnderpayments(this RouteGroupBuilder group)
    {
        group.MapGet("/", List)
            .WithDescription("Underpaid lines, largest variance first by default. Filters: payerId, from/to (the 835's payment date), minVariance/maxVariance "
                + "(dollars), status (open by default; resolved, reversed, superseded). sort: variance, paymentDate, dateOfService or expected, '-' for descending. "
                + "variance = expected − allowed, allowed = charge − the contractual adjustments that reduce to the allowed amount (CARC 45…).");
        group.MapGet("/summary", Summary)
            .WithDescription("Underpaid dollars (Σ variance of open items) per payer, for items whose payment date is within from..to (both optional, inclusive).");
        group.MapGet("/{id:guid}", Get);
        return group;
    }

    static async Task<Results<Ok<Page<UnderpaymentView>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db,
        string? payerId, DateOnly? from, DateOnly? to, decimal? minVariance, decimal? maxVariance, string? status, string? sort, int? limit, string? cursor)
    {
        var v = new Validation();
        var key = sort ?? "-variance";
        var descending = key.StartsWith('-');
        v.Check(Sorts.ContainsKey(descending ? key[1..] : key), "sort", $"is one of {string.Join(", ", Sorts.Keys)}, with a leading '-' for descending.");
        v.Check(status is null || Statuses.Contains(status), "status", $"is one of {string.Join(", ", Statuses)}.");
        v.Check(from is null || to is null || from <= to, "to", "must not be before from.");
        v.Check(minVariance is null || maxVariance is null || minVariance <= maxVariance, "maxVariance", "must not be below minVariance.");
        v.Check(payerId is null || payerId.Length <= 80, "payerId", "must be at most 80 characters.");
        var after = ReadCursor(cursor);
        v.Check(cursor is null || after is not null, "cursor", "is not a cursor this API gave out.");
        if (!v.IsValid) return v.Problem();

        var (column, cast) = Sorts[descending ? key[1..] : key];
        var direction = descending ? "DESC" : "ASC";
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM underpayments
            WHERE tenant_id = @Tenant AND status = @Status
              AND (@PayerId::text IS NULL OR payer_id = @PayerId)
              AND (@From::date IS NULL OR payment_date >= @From) AND (@To::date IS NULL OR payment_date <= @To)
              AND (@Min::numeric IS NULL OR variance >= @Min) AND (@Max::numeric IS NULL OR variance <= @Max)
              AND (@AfterValue::text IS NULL OR ({column}, id) {(descending ? "<" : ">")} (@AfterValue::{cast}, @AfterId))
            ORDER BY {column} {direction}, id {direction} LIMIT @Take
            """, new
            {
                Tenant = user.TenantId(), Status = status ?? "open", PayerId = payerId, From = from, To = to, Min = minVariance, Max = maxVariance,
                AfterValue = after?.Value, AfterId = after?.Id ?? Guid.Empty, Take = take + 1,
            })).Select(r => r.View()).ToList();
        var page = rows.Count > take
            ? new Page<UnderpaymentView>(rows.Take(take).ToList(), WriteCursor(rows[take - 1], column))
            : new Page<UnderpaymentView>(rows, null);
        return TypedResults.Ok(page);
    }

    static async Task<Results<Ok<UnderpaymentSummary>, ValidationProblem>> Summary(ClaimsPrincipal user, NpgsqlDataSource db, DateOnly? from, DateOnly? to)
    {
        var v = new Validation();
        v.Check(from is null || to is null || from <= to, "to", "must not be before from.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var payers = (await connection.QueryAsync<PayerUnderpayments>(
            """
            SELECT payer_id, min(payer_name) AS payer_name, count(*)::int AS lines, sum(expected) AS expected, sum(allowed) AS allowed,
                   sum(paid) AS paid, sum(variance) AS underpaid
            FROM underpayments
            WHERE tenant_id = @Tenant AND status = 'open'
              AND (@From::date IS NULL OR payment_date >= @From) AND (@To::date IS NULL OR payment_date <= @To)
            GROUP BY payer_id ORDER BY sum(variance) DESC, payer_id
            """, new { Tenant = user.TenantId(), From = from, To = to })).ToList();
        return TypedResults.Ok(new UnderpaymentSummary(from, to, payers, payers.Sum(p => p.Lines), payers.Sum(p => p.Underpaid)));
    }

    static async Task<Results<Ok<UnderpaymentView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM underpayments WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = user.TenantId(), Id = id });
        return row is null ? Problems.NotFound($"No underpayment {id}.") : TypedResults.Ok(row.View());
    }

    static string WriteCursor(UnderpaymentView last, string column)
    {
        var value = column switch
        {
            "variance" => last.Variance.ToString(CultureInfo.InvariantCulture),
            "expected" => last.Expected.ToString(CultureInfo.InvariantCulture),
            "payment_date" => last.PaymentDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => last.DateOfService.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{value}|{last.Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    static (string Value, Guid Id)? ReadCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 200) return null;
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
            var parts = text.Split('|');
            // Only a number or a date goes back into SQL (as a parameter), so a forged cursor cannot make the cast fail.
            return parts.Length == 2 && Guid.TryParseExact(parts[1], "N", out var id)
                && (decimal.TryParse(parts[0], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    || DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                ? (parts[0], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    sealed record Row
    {
        public Guid Id { get; init; }
        public Guid ClaimId { get; init; }
        public string PatientControlNumber { get; init; } = "";
        public string PayerId { get; init; } = "";
        public string PayerName { get; init; } = "";
        public int LineNumber { get; init; }
        public string Code { get; init; } = "";
        public string Modifiers { get; init; } = "";
        public decimal Units { get; init; }
        public DateOnly DateOfService { get; init; }
        public DateOnly PaymentDate { get; init; }
        public decimal Expected { get; init; }
        public decimal Allowed { get; init; }
        public decimal Paid { get; init; }
        public decimal Variance { get; init; }
        public string Basis { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid PostingId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public UnderpaymentView View() => new()
        {
            Id = Id, ClaimId = ClaimId, PatientControlNumber = PatientControlNumber, PayerId = PayerId, PayerName = PayerName, LineNumber = LineNumber,
            Code = Code, Modifiers = ContractRules.Modifiers(Modifiers), Units = Units, DateOfService = DateOfService, PaymentDate = PaymentDate,
            Expected = Expected, Allowed = Allowed, Paid = Paid, Variance = Variance, Basis = Basis, Status = Status, PostingId = PostingId,
            CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }
}
