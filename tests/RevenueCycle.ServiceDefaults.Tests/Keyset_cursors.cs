using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.ServiceDefaults.Tests;

/// <summary>
/// A list sorted by a key many rows share (a deadline, an amount) pages by (key, id): the cursor carries the sort it was made for, the
/// last row's key and its id, and nothing else gets into the SQL.
/// </summary>
public sealed class Keyset_cursors
{
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["deadline"] = ("deadline", SortValueKind.Date, false),
        ["amount"] = ("amount", SortValueKind.Number, false),
        ["age"] = ("date_of_service", SortValueKind.Date, true),
        ["created"] = ("created_at", SortValueKind.Instant, false),
    });

    [Theory]
    [InlineData("deadline", "2026-12-31", SortValueKind.Date)]
    [InlineData("-amount", "-1234.50", SortValueKind.Number)]
    [InlineData("created", "2026-12-07T02:04:56.1234560+00:00", SortValueKind.Instant)]
    public void A_cursor_reads_back_its_sort_value_and_id(string sort, string value, SortValueKind kind)
    {
        var id = Guid.CreateVersion7();
        var text = new KeysetCursor(sort, value, id).Write();
        Assert.True(KeysetCursor.TryRead(text, sort, kind, out var read));
        Assert.Equal(new KeysetCursor(sort, value, id), read);
        Assert.DoesNotContain('=', text);
        Assert.DoesNotContain('/', text);
        Assert.DoesNotContain('+', text);
    }

    [Fact]
    public void A_cursor_of_another_sort_or_forged_is_refused()
    {
        var id = Guid.CreateVersion7();
        var deadline = new KeysetCursor("deadline", "2026-12-31", id).Write();
        Assert.False(KeysetCursor.TryRead(deadline, "-deadline", SortValueKind.Date, out _));
        Assert.False(KeysetCursor.TryRead(deadline, "amount", SortValueKind.Number, out _));
        Assert.False(KeysetCursor.TryRead(new KeysetCursor("deadline", "2026-12-31'; DROP TABLE claims; --", id).Write(), "deadline", SortValueKind.Date, out _));
        Assert.False(KeysetCursor.TryRead(new KeysetCursor("amount", "1e400", id).Write(), "amount", SortValueKind.Number, out _));
        Assert.False(KeysetCursor.TryRead("not-a-cursor!", "deadline", SortValueKind.Date, out _));
        Assert.False(KeysetCursor.TryRead(id.ToString("N"), "deadline", SortValueKind.Date, out _));
        Assert.False(KeysetCursor.TryRead(new string('A', 400), "deadline", SortValueKind.Date, out _));
        Assert.True(KeysetCursor.TryRead(null, "deadline", SortValueKind.Date, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void A_page_ends_with_a_cursor_after_its_last_row_only_when_more_rows_were_fetched()
    {
        var v = new Validation();
        var order = Sorts.Parse(v, "deadline", "created", null, 2)!;
        var day = new DateOnly(2026, 12, 31);
        var rows = new[] { (Id: Guid.CreateVersion7(), Day: day), (Id: Guid.CreateVersion7(), Day: day), (Id: Guid.CreateVersion7(), Day: day) };
        var page = order.Page(rows, r => r.Day, r => r.Id);
        Assert.Equal(2, page.Items.Count);
        Assert.True(KeysetCursor.TryRead(page.NextCursor, "deadline", SortValueKind.Date, out var next));
        Assert.Equal(("2026-12-31", rows[1].Id), (next!.Value, next.Id));
        Assert.Null(order.Page(rows[..2], r => r.Day, r => r.Id).NextCursor);
    }

    [Fact]
    public void The_keyset_condition_compares_the_key_and_the_id_together_in_the_order_of_the_sort()
    {
        var v = new Validation();
        Assert.Equal("ORDER BY deadline ASC, id ASC", Sorts.Parse(v, "deadline", "created", null, null)!.Order("id"));
        Assert.Equal("ORDER BY amount DESC, id DESC", Sorts.Parse(v, "-amount", "created", null, null)!.Order("id"));
        // Age ascending is the youngest first: the date of service descending.
        var age = Sorts.Parse(v, "age", "created", null, null)!;
        Assert.Equal("ORDER BY date_of_service DESC, id DESC", age.Order("id"));
        Assert.Contains("(date_of_service, id) < (@AfterValue::date, @AfterId)", age.After("id"));
        Assert.Contains("(amount, id) > (@AfterValue::numeric, @AfterId)", Sorts.Parse(v, "amount", "created", null, null)!.After("id"));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void An_unknown_sort_or_a_cursor_of_another_sort_names_the_field()
    {
        var v = new Validation();
        Assert.Null(Sorts.Parse(v, "payer", "created", null, null));
        Assert.False(v.IsValid);
        var other = new Validation();
        Assert.Null(Sorts.Parse(other, "amount", "created", new KeysetCursor("deadline", "2026-12-31", Guid.CreateVersion7()).Write(), null));
        var problem = (Microsoft.AspNetCore.Http.HttpResults.ValidationProblem)other.Problem();
        Assert.Contains("cursor", problem.ProblemDetails.Errors.Keys);
        Assert.Contains("sort", ((Microsoft.AspNetCore.Http.HttpResults.ValidationProblem)v.Problem()).ProblemDetails.Errors.Keys);
    }
}
