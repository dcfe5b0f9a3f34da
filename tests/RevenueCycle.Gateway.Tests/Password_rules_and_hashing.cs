using RevenueCycle.Gateway.Staff;

namespace RevenueCycle.Gateway.Tests;

/// <summary>NIST SP 800-63B §5.1.1.2 for new passwords, and the stored hash.</summary>
public sealed class Password_rules_and_hashing
{
    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3-was-not-enough")]
    [InlineData("zebra lantern quietly")]
    [InlineData("ünïcödé pässphrase")]
    public void A_long_uncommon_password_is_accepted_with_no_composition_rules(string password) =>
        Assert.Null(PasswordRules.Problem(password, "ada@example.com"));

    [Theory]
    [InlineData("short-pass1", "at least 12")]
    [InlineData("winniethepooh", "commonly used")]
    [InlineData("password2024!", "commonly used")]
    [InlineData("PASSWORD1234", "commonly used")]
    [InlineData("!!monkey123456", "commonly used")]
    [InlineData("passwordpassword", "commonly used")]
    [InlineData("aaaaaaaaaaaaaa", "commonly used")]
    [InlineData("abcabcabcabc", "commonly used")]
    [InlineData("123456789012", "commonly used")]
    [InlineData("qwertyuiopasdf", "commonly used")]
    [InlineData("lkjhgfdsapoiuy", "commonly used")]
    [InlineData("my ada.lovelace secret", "email")]
    public void A_short_common_or_predictable_password_is_refused_saying_why(string password, string reason) =>
        Assert.Contains(reason, PasswordRules.Problem(password, "ada.lovelace@example.com"));

    [Fact]
    public void Length_counts_characters_not_bytes_and_allows_well_over_64()
    {
        Assert.Contains("at least 12", PasswordRules.Problem("😀😀😀😀😀😀😀😀😀😀😀", null)); // 11 code points, 22 UTF-16 units
        Assert.Null(PasswordRules.Problem(string.Join(' ', Enumerable.Repeat("horse staple lantern", 5)) + " quietly", null));
        Assert.Contains("at most 128", PasswordRules.Problem(new string('x', 60) + Guid.NewGuid().ToString("N") + new string('y', 60), null));
    }

    [Fact]
    public void The_deny_list_holds_thousands_of_passwords()
    {
        Assert.True(PasswordRules.CommonCount > 3000, $"{PasswordRules.CommonCount} entries");
        Assert.Contains("commonly used", PasswordRules.Problem("iloveyou1234", null));
    }

    [Fact]
    public void A_hash_names_its_algorithm_and_parameters_and_verifies_only_its_password()
    {
        var stored = PasswordHasher.Hash("correct horse battery staple", iterations: 1_000);
        Assert.StartsWith("pbkdf2-sha256$1000$", stored);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", stored));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", stored));
        Assert.NotEqual(stored, PasswordHasher.Hash("correct horse battery staple", iterations: 1_000)); // a salt each
        Assert.True(PasswordHasher.NeedsRehash(stored));
        Assert.False(PasswordHasher.NeedsRehash(PasswordHasher.Hash("x", PasswordHasher.Iterations)));
        Assert.False(PasswordHasher.Verify("anything", "md5$1$AAAA$AAAA"));
    }
}
