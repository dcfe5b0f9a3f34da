global using Npgsql;
