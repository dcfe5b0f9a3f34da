using System.Globalization;
using System.Net;
using Dapper;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// The data stores and the broker this run started are closed (issue 16, items 4 and 5): every PostgreSQL login proves a
/// password, each service's role reaches only its own database, guest cannot use RabbitMQ, and nothing listens beyond
/// loopback. HIPAA §164.312(a)(1) access control and §164.312(d) person or entity authentication; §164.308(a)(4)
/// minimum necessary access for each workload.
/// </summary>
public sealed class Closed_infrastructure(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static NpgsqlConnection Connect(string database, string username, string? password) =>
        new(new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres)
        {
            Database = database, Username = username, Password = password, Pooling = false, Timeout = 10,
        }.ConnectionString);

    // `psql -h 127.0.0.1 -U postgres -w` used to open every practice's PHI (trust). pg_hba.conf now asks scram-sha-256 of
    // every connection (https://www.postgresql.org/docs/15/auth-password.html).
    [Fact]
    public async Task PostgreSQL_refuses_a_login_without_a_password_or_with_a_wrong_one()
    {
        var registration = platform.DatabasePrefix + "registration";
        await platform.DatabaseRoles.ProvisionAsync(registration);
        foreach (var (database, user) in new[] { ("postgres", "postgres"), (registration, registration) })
        {
            await using var bare = Connect(database, user, password: null);
            var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => bare.OpenAsync(Ct));
            Assert.Contains("password", refused.Message, StringComparison.OrdinalIgnoreCase);

            await using var guessed = Connect(database, user, "postgres");
            var wrong = await Assert.ThrowsAsync<PostgresException>(() => guessed.OpenAsync(Ct));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, wrong.SqlState); // 28P01
        }
    }

    // A compromised service must not read another's data: CONNECT is revoked from PUBLIC on every database
    // (https://www.postgresql.org/docs/15/ddl-priv.html), so only the owner (and the superuser) gets in.
    [Fact]
    public async Task A_services_role_opens_its_own_database_and_no_other()
    {
        var (username, password) = await platform.DatabaseRoles.ProvisionAsync(platform.DatabasePrefix + "registration");

        await using (var own = Connect(platform.DatabasePrefix + "registration", username, password))
        {
            await own.OpenAsync(Ct);
            Assert.Equal(username, await own.ExecuteScalarAsync<string>("SELECT current_user"));
        }
        foreach (var other in new[] { platform.DatabasePrefix + "claims", platform.DatabasePrefix + "gateway", "postgres" })
        {
            await using var foreign = Connect(other, username, password);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => foreign.OpenAsync(Ct));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState); // 42501: permission denied for database
        }
    }

    // Migrations run as the service's role, so it owns what they made; it is no superuser and cannot make databases or roles.
    [Fact]
    public async Task Every_service_runs_as_its_own_unprivileged_role_that_owns_its_database_and_tables()
    {
        foreach (var service in PlatformFixture.Services.Select(s => s.Database).Append("gateway"))
        {
            var database = platform.DatabasePrefix + service;
            await using var db = platform.Database(service);
            await using var connection = await db.OpenConnectionAsync(Ct);
            Assert.Equal(database, await connection.ExecuteScalarAsync<string>(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
            var owners = (await connection.QueryAsync<string>(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")).ToList();
            Assert.Equal([database], owners);
            Assert.Equal(database, await connection.ExecuteScalarAsync<string>("SELECT tableowner FROM pg_tables WHERE tablename = 'schemaversions'"));
            var role = await connection.QuerySingleAsync<(bool Super, bool CreateDb, bool CreateRole)>(
                "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = @database", new { database });
            Assert.Equal((false, false, false), role);
        }
    }

    // guest/guest is the first password anyone tries (https://www.rabbitmq.com/docs/access-control#default-state): the
    // user is deleted, and the platform's own user works.
    [Fact]
    public async Task RabbitMQ_refuses_guest_and_accepts_the_platforms_user()
    {
        ConnectionFactory Factory(string user, string password) => new()
        {
            HostName = TestEnvironment.RabbitHost, Port = TestEnvironment.RabbitPort, VirtualHost = TestEnvironment.RabbitVirtualHost,
            UserName = user, Password = password, AutomaticRecoveryEnabled = false,
        };

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Factory("guest", "guest").CreateConnectionAsync(Ct));
        Assert.Contains(Chain(refused), e => e is AuthenticationFailureException);

        await using var platformUser = await Factory(TestEnvironment.RabbitUsername, TestEnvironment.RabbitPassword).CreateConnectionAsync(Ct);
        Assert.True(platformUser.IsOpen);
    }

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    // PostgreSQL, AMQP and the Erlang distribution port (RABBITMQ_DIST_PORT, which lets a peer holding the cookie run code
    // on the node: https://www.rabbitmq.com/docs/networking#epmd-inet-dist-port-range) answer on loopback only. Read
    // from the kernel's own table of this host's listening sockets (/proc/net/tcp and tcp6, proc(5)).
    [Fact]
    public void PostgreSQL_and_RabbitMQ_listen_on_loopback_only()
    {
        var listening = ListeningSockets();
        var ports = new Dictionary<string, int>
        {
            ["PostgreSQL"] = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres).Port,
            ["AMQP"] = TestEnvironment.RabbitPort,
            ["Erlang distribution"] = TestEnvironment.RabbitDistributionPort,
        };
        foreach (var (what, port) in ports)
        {
            var addresses = listening.Where(s => s.Port == port).Select(s => s.Address).ToList();
            Assert.True(addresses.Count > 0, $"nothing listens on {what}'s port {port} on this host");
            Assert.All(addresses, a => Assert.True(IPAddress.IsLoopback(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a), $"{what} listens on {a}:{port}"));
        }
    }

    const string TcpListen = "0A"; // TCP_LISTEN in include/net/tcp_states.h, as /proc/net/tcp prints st

    static List<(IPAddress Address, int Port)> ListeningSockets()
    {
        var sockets = new List<(IPAddress, int)>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || fields[3] != TcpListen) continue;
                var (address, port) = (fields[1].Split(':')[0], fields[1].Split(':')[1]);
                // The address is printed as 32-bit words in the host's byte order (little-endian here).
                var bytes = Enumerable.Range(0, address.Length / 8)
                    .SelectMany(i => BitConverter.GetBytes(uint.Parse(address.AsSpan(i * 8, 8), NumberStyles.HexNumber)))
                    .ToArray();
                sockets.Add((new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber)));
            }
        }
        return sockets;
    }
}
