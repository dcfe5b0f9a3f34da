using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Identifiers;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Patients;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Practice;

/// <summary>
/// <see cref="NpiEntityType"/>: the NPI's NPPES entity type, 2 (organisation) when left out; for 1 (a sole practitioner)
/// <see cref="ProviderLastName"/> and <see cref="ProviderFirstName"/> are their name and <see cref="TaxIdType"/> may be SSN.
/// <see cref="Phone"/> is the billing office's number payers call (837P 1000A PER); <see cref="PayToAddress"/> where payment
/// goes when not <see cref="Address"/>, a P.O. box or lockbox (2010AB).
/// </summary>
public sealed record PracticeRequest(
    string Name, string Npi, string TaxId, string? Taxonomy, Address Address, string? Phone = null, int? NpiEntityType = null,
    Address? PayToAddress = null, string? TaxIdType = null, string? ProviderLastName = null, string? ProviderFirstName = null);

/// <summary>The practice as billing provider: what 837P loop 2010AA says about who is paid.</summary>
public static class PracticeEndpoints
{
    const int MaxName = 60; // NM1*85 03
    const int MaxFirstName = 35; // NM1*85 04
    const int PhoneDigits = 10; // PER04 with PER03 TE: area code and number

    public static RouteGroupBuilder MapPractice(this RouteGroupBuilder group)
    {
        group.MapPut("/", Put);
        group.MapGet("/", Get);
        return group;
    }

    static async Task<Results<Ok<PracticeProfile>, ValidationProblem>> Put(
        PracticeRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        if (v.Required(request.Name, "name")) v.Check(request.Name.Length <= MaxName, "name", $"must be at most {MaxName} characters.");
        var npiProblem = Npi.Check(request.Npi);
        v.Check(npiProblem == Npi.Problem.None, "npi", Npi.Describe(npiProblem));
        var entityType = request.NpiEntityType ?? NpiEntityType.Organization;
        v.Check(NpiEntityType.IsValid(entityType), "npiEntityType", NpiEntityType.Rule);
        var individual = entityType == NpiEntityType.Individual;
        if (individual)
        {
            // 2010AA NM102 1: a person is billed under their last and first name (NM103, NM104).
            if (v.Required(request.ProviderLastName, "providerLastName")) v.Check(request.ProviderLastName!.Length <= MaxName, "providerLastName", $"must be at most {MaxName} characters.");
            if (v.Required(request.ProviderFirstName, "providerFirstName")) v.Check(request.ProviderFirstName!.Length <= MaxFirstName, "providerFirstName", $"must be at most {MaxFirstName} characters.");
        }
        else
        {
            v.Check(request.ProviderLastName is null && request.ProviderFirstName is null, "providerLastName", "is for a sole practitioner's own NPI (npiEntityType 1); an organisation is billed under its name.");
        }
        var taxIdType = request.TaxIdType ?? TaxIdTypes.Ein;
        if (v.Check(taxIdType is TaxIdTypes.Ein or TaxIdTypes.Ssn, "taxIdType", "must be EIN (REF*EI) or SSN (REF*SY)."))
            v.Check(taxIdType == TaxIdTypes.Ein || individual, "taxIdType", "SSN is only for a sole practitioner billing under their own NPI (npiEntityType 1); an organisation's tax id is its EIN.");
        var taxId = request.TaxId?.Replace("-", "") ?? "";
        v.Check(taxId.Length == 9 && taxId.All(char.IsAsciiDigit), "taxId", taxIdType == TaxIdTypes.Ssn
            ? "must be the 9-digit SSN (REF*SY), with or without the dashes."
            : "must be the 9-digit EIN (REF*EI), with or without the dash.");
        if (request.Taxonomy is not null) v.Check(Taxonomy.IsValid(request.Taxonomy), "taxonomy", Taxonomy.Rule);
        AddressRules.Validate(v, request.Address, "address", requireNineDigitZip: true);
        if (request.Address is not null && PostOfficeBox.LineOf(request.Address) is { } boxLine)
            v.Error($"address.{boxLine}", "must be a street address: the billing provider's address cannot be a P.O. box or lockbox (837P 2010AA N3). "
                + "Give the practice's street address here and the P.O. box as payToAddress (2010AB).");
        if (request.PayToAddress is not null)
            AddressRules.Validate(v, request.PayToAddress, "payToAddress");
        var phone = Digits(request.Phone);
        v.Check(phone is { Length: PhoneDigits }, "phone",
            $"is required: the billing office's {PhoneDigits}-digit telephone number payers call about claims (837P 1000A PER*IC*...*TE).");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        var address = AddressRules.Normalize(request.Address!);
        var payTo = request.PayToAddress is null ? null : AddressRules.Normalize(request.PayToAddress);
        var profile = new PracticeProfile(request.Name.Trim(), request.Npi, taxId, request.Taxonomy, address, phone)
        {
            NpiEntityType = entityType, TaxIdType = taxIdType, PayToAddress = payTo,
            ProviderLastName = request.ProviderLastName?.Trim(), ProviderFirstName = request.ProviderFirstName?.Trim(),
        };
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO practice (tenant_id, name, npi, npi_entity_type, provider_last_name, provider_first_name, tax_id, tax_id_type, taxonomy,
                address_line1, address_line2, city, state, zip, phone, pay_to_line1, pay_to_line2, pay_to_city, pay_to_state, pay_to_zip)
            VALUES (@Tenant, @Name, @Npi, @NpiEntityType, @ProviderLastName, @ProviderFirstName, @TaxId, @TaxIdType, @Taxonomy,
                @Line1, @Line2, @City, @State, @Zip, @Phone, @PayToLine1, @PayToLine2, @PayToCity, @PayToState, @PayToZip)
            ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, npi = excluded.npi, npi_entity_type = excluded.npi_entity_type,
                provider_last_name = excluded.provider_last_name, provider_first_name = excluded.provider_first_name,
                tax_id = excluded.tax_id, tax_id_type = excluded.tax_id_type,
                taxonomy = excluded.taxonomy, address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
                city = excluded.city, state = excluded.state, zip = excluded.zip, phone = excluded.phone,
                pay_to_line1 = excluded.pay_to_line1, pay_to_line2 = excluded.pay_to_line2, pay_to_city = excluded.pay_to_city,
                pay_to_state = excluded.pay_to_state, pay_to_zip = excluded.pay_to_zip, updated_at = now()
            """,
            new
            {
                Tenant = tenant, profile.Name, profile.Npi, profile.NpiEntityType, profile.ProviderLastName, profile.ProviderFirstName, profile.TaxId,
                profile.TaxIdType, profile.Taxonomy, address.Line1, address.Line2, address.City, address.State, address.Zip, profile.Phone,
                PayToLine1 = payTo?.Line1, PayToLine2 = payTo?.Line2, PayToCity = payTo?.City, PayToState = payTo?.State, PayToZip = payTo?.Zip,
            }, tx);
        await Outbox.Enqueue(connection, tx, new PracticeProfileChanged(tenant, profile, clock.GetUtcNow()), tenant);
        await tx.CommitAsync();
        return TypedResults.Ok(profile);
    }

    static async Task<Results<Ok<PracticeProfile>, ProblemHttpResult>> Get(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var profile = await Find(connection, user.TenantId());
        return profile is null ? Problems.NotFound("The practice profile is not set yet: PUT /api/practice.") : TypedResults.Ok(profile);
    }

    public static async Task<PracticeProfile?> Find(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT name, npi, npi_entity_type, provider_last_name, provider_first_name, tax_id, tax_id_type, taxonomy,
                   address_line1, address_line2, city, state, zip, phone, pay_to_line1, pay_to_line2, pay_to_city, pay_to_state, pay_to_zip
            FROM practice WHERE tenant_id = @tenant
            """,
            new { tenant }, tx);
        return row is null ? null : new PracticeProfile(row.Name, row.Npi, row.TaxId, row.Taxonomy,
            new Address(row.AddressLine1, row.AddressLine2, row.City, row.State, row.Zip), row.Phone)
        {
            NpiEntityType = row.NpiEntityType, TaxIdType = row.TaxIdType, ProviderLastName = row.ProviderLastName, ProviderFirstName = row.ProviderFirstName,
            PayToAddress = row.PayToLine1 is null ? null : new Address(row.PayToLine1, row.PayToLine2, row.PayToCity!, row.PayToState!, row.PayToZip!),
        };
    }

    /// <summary>The number's digits, or null when there are none; a leading 1 (the country code) is dropped.</summary>
    static string? Digits(string? phone)
    {
        var digits = phone is null ? "" : new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == PhoneDigits + 1 && digits[0] == '1') digits = digits[1..];
        return digits.Length == 0 ? null : digits;
    }

    sealed record Row
    {
        public string Name { get; init; } = "";
        public string Npi { get; init; } = "";
        public int NpiEntityType { get; init; }
        public string? ProviderLastName { get; init; }
        public string? ProviderFirstName { get; init; }
        public string TaxId { get; init; } = "";
        public string TaxIdType { get; init; } = TaxIdTypes.Ein;
        public string? Taxonomy { get; init; }
        public string AddressLine1 { get; init; } = "";
        public string? AddressLine2 { get; init; }
        public string City { get; init; } = "";
        public string State { get; init; } = "";
        public string Zip { get; init; } = "";
        public string? Phone { get; init; }
        public string? PayToLine1 { get; init; }
        public string? PayToLine2 { get; init; }
        public string? PayToCity { get; init; }
        public string? PayToState { get; init; }
        public string? PayToZip { get; init; }
    }
}

/// <summary>Health Care Provider Taxonomy codes (PRV03): 10 characters, e.g. 207Q00000X family medicine.</summary>
public static class Taxonomy
{
    public const string Rule = "must be a 10-character provider taxonomy code such as 207Q00000X.";
    public static bool IsValid(string code) =>
        code.Length == 10 && code[9] == 'X' && code[..9].All(char.IsAsciiLetterOrDigit) && code.All(c => !char.IsAsciiLetterLower(c));
}
