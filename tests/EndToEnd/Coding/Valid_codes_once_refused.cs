using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Claims;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Coding.CodingDesk;

namespace RevenueCycle.EndToEnd.Coding;

/// <summary>Issue 15 items 7 and 8: valid coding the edits used to refuse, through the gateway.</summary>
public sealed class Valid_codes_once_refused(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// 99024, the post-operative visit included in the global period, and quality data codes (3074F, 1036F, G8427) are
    /// reported at $0.00 (Medicare Claims Processing Manual ch. 12 §40.1; CMS MIPS claims-based quality reporting);
    /// KX on the visit says a gender/diagnosis conflict is not an error (Medicare Claims Processing Manual ch. 32 §240);
    /// a perinatal code is used at any age (ICD-10-CM Official Guidelines I.C.16.a.4); GX, HA, U1 and 95 are modifiers
    /// of the HCPCS file and CPT Appendix A.
    /// </summary>
    [Fact]
    public async Task A_post_operative_visit_quality_codes_kx_and_a_perinatal_code_in_an_adult_save_without_errors_and_finalize()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (desk, _, encounter, _, _) = await WithCompletedEncounterAsync(client, sex: "F", dateOfBirth: "1990-05-01",
            note: "Suture removal after excision; BPD since premature birth; transgender woman with BPH on tamsulosin; BP 124/76; non-smoker.");

        var edits = await desk.SaveEditsAsync(encounter,
            ["N40.1", "P27.1", "I10", "Z48.02"],
            Line("99213", 1, [1, 2, 3], "KX", "95"),
            Line("99024", 1, [4]),
            Line("3074F", 1, [3]),
            Line("1036F", 1, [3]),
            Line("G8427", 1, [3]),
            Line("G0444", 1, [3], "GX", "HA", "U1"));

        Assert.DoesNotContain(edits, e => e.GetProperty("severity").GetString() == "error");
        Assert.Equal("warning", Edit(edits, "SEX-CONFLICT", "diagnoses[0]").GetProperty("severity").GetString());
        var finalized = await Json(await desk.FinalizeAsync(encounter), HttpStatusCode.Accepted);
        Assert.Equal("coded", finalized.GetProperty("status").GetString());
    }

    /// <summary>
    /// The HCPCS annual file's modifier records (record identification 7 and 8, the modifier in columns 4–5 of the CMS
    /// record layout) add modifiers to the code set. The file sent is this platform's current HCPCS codes and modifiers
    /// (a complete release retires what it leaves out) with one modifier added.
    /// </summary>
    [Fact]
    public async Task A_modifier_added_by_an_imported_hcpcs_file_is_accepted_on_the_next_save()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var operatorClient = platform.Admin();
        await using var db = platform.Database("coding");
        await using var connection = await db.OpenConnectionAsync(Ct);
        var current = (await connection.QueryAsync<(string System, string Code, string Short, string Long)>(
            "SELECT system, code, short_description, long_description FROM code_set WHERE system IN ('hcpcs', 'hcpcs-modifier') AND effective_to IS NULL ORDER BY system DESC, code")).ToList();
        var added = new[] { "AB", "TB", "JG" }.First(m => current.All(c => c.Code != m));
        var (desk, _, encounter, _, _) = await WithCompletedEncounterAsync(client, note: "Hearing test ordered by the audiologist.");
        Edit(await desk.SaveEditsAsync(encounter, ["H91.90"], Line("92552", 1, [1], added)), "PX-MODIFIER-INVALID", "procedures[0].modifiers[0]");

        var file = new StringBuilder();
        foreach (var (system, code, shortText, longText) in current.Append(("hcpcs-modifier", added, "Audiology svc no order",
                     "Audiology service furnished personally by an audiologist without a physician/npp order for non-acute hearing assessment")))
        {
            var modifier = system == "hcpcs-modifier";
            var chunks = Chunks(longText, 80);
            for (var i = 0; i < chunks.Count; i++)
            {
                var record = new StringBuilder(modifier ? $"   {code}" : code)
                    .Append($"{(i + 1) * 100:D5}")
                    .Append(modifier ? (i == 0 ? '7' : '8') : (i == 0 ? '3' : '4'))
                    .Append(chunks[i].PadRight(80));
                if (i == 0) record.Append((shortText.Length > 28 ? shortText[..28] : shortText).PadRight(28));
                file.Append(record.ToString().PadRight(320)).Append("\r\n");
            }
        }
        var response = await operatorClient.PostAsync("/api/admin/code-sets/imports/hcpcs?effective=2015-01-01&source=HCPC_e2e_ANWEB.txt",
            new StringContent(file.ToString(), Encoding.Latin1, "text/plain"), Ct);
        var report = await Json(response, HttpStatusCode.OK);
        Assert.Equal(1, report.GetProperty("added").GetInt32());
        Assert.Equal(0, report.GetProperty("retired").GetInt32());

        var found = await client.GetFromJsonAsync<JsonElement>($"/api/coding/code-sets/hcpcs-modifier/{added}", Ct);
        Assert.Equal("HCPC_e2e_ANWEB.txt", found.GetProperty("source").GetString());
        var edits = await desk.SaveEditsAsync(encounter, ["H91.90"], Line("92552", 1, [1], added));
        Assert.DoesNotContain("PX-MODIFIER-INVALID", Rules(edits));
        await Json(await desk.FinalizeAsync(encounter), HttpStatusCode.Accepted);
    }

    /// <summary>
    /// A fee of $0.00 is a fee: 99024 and quality data codes are billed at $0.00, or $0.01 where a system cannot send
    /// $0.00 (CMS MIPS claims-based quality reporting), and a line priced at $0.00 scrubs clean.
    /// </summary>
    [Fact]
    public async Task Zero_dollar_fees_are_accepted_and_price_claim_lines_that_scrub_clean()
    {
        await using var claims = await ClaimsDesk.ForNewTenantAsync(platform);
        (await claims.Client.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = false }, Ct)).EnsureSuccessStatusCode();
        var put = await claims.Client.PutAsJsonAsync("/api/claims/fee-schedule", new
        {
            items = new[] { new { code = "99213", amount = 100m }, new { code = "99024", amount = 0m }, new { code = "3074F", amount = 0m },
                new { code = "1036F", amount = 0.01m }, new { code = "G8427", amount = 0.00m } },
        }, Ct);
        var fees = await Json(put, HttpStatusCode.OK);
        Assert.Equal(0m, fees.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "99024").GetProperty("amount").GetDecimal());

        var coded = claims.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99213", "99024", "3074F", "1036F", "G8427");
        await claims.PublishAsync(coded);
        var claim = await claims.ClaimForEncounterAsync(coded.EncounterId);
        var ready = await claims.ClaimInStatusAsync(claim.GetProperty("id").GetGuid(), "ready");
        Assert.Equal(100.01m, ready.GetProperty("totalCharge").GetDecimal());
        Assert.Empty(ready.GetProperty("edits").EnumerateArray());
    }

    static List<string> Chunks(string text, int width)
    {
        var chunks = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                chunks.Add(line.ToString());
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word.Length > width ? word[..width] : word);
        }
        chunks.Add(line.ToString());
        return chunks;
    }
}
