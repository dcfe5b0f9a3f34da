-- A version 7 UUID (RFC 9562: 48 bits of Unix time in milliseconds, the version, then random bits) made in the database,
-- for rows whose number only the statement that writes them knows: an event's deliveries, one per webhook subscribed to
-- it (issue 20: an event is recorded in one statement). They sort by creation time as Guid.CreateVersion7's do, which
-- the delivery log relies on. gen_random_uuid() gives the random bits of a version 4 UUID; its version nibble 0100
-- becomes 0111 by setting bits 52 and 53 (bytea bit numbers: byte 6, bits 4 and 5).
CREATE OR REPLACE FUNCTION uuid_v7(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
