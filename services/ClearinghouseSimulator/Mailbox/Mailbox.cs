using System.Data.Common;
using Dapper;

namespace RevenueCycle.ClearinghouseSimulator.Mailbox;

/// <summary>Each submitter's mailbox: the files the clearinghouse returns, kept until collected.</summary>
public static class Mailbox
{
    public static readonly string[] Kinds = ["999", "277CA", "835", "271"];

    public static async Task<Guid> PutAsync(DbConnection connection, DbTransaction transaction, string submitterId, string kind,
        string interchangeControlNumber, string x12, Guid? fileId)
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO mailbox (id, submitter_id, kind, interchange_control_number, x12, file_id, created_at)
            VALUES (@id, @submitterId, @kind, @interchangeControlNumber, @x12, @fileId, clock_timestamp())
            """, new { id, submitterId, kind, interchangeControlNumber, x12, fileId }, transaction);
        return id;
    }
}
