package org.starlane.storeeval;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Test records: a 48-byte metadata value (what recovery reads to re-enter dispatch) and a 1 KiB payload
 * that is a pure function of the bundle id, so a checker can regenerate it and compare bytes.
 *
 * <pre>
 * meta: id(8) payloadLength(4) payloadCrc32c(4) creationMillis(8) lifetimeMillis(8) destNode(8) sourceNode(8)
 * </pre>
 */
final class Rec {
    static final int PAYLOAD_BYTES = 1024;
    static final int META_BYTES = 48;

    private Rec() {}

    static byte[] payload(long id) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD_BYTES);
        b.putLong(id);
        long x = mix(id ^ 0x632BE59BD9B4E019L); // per-id seed: payloads of neighbouring ids share nothing
        while (b.hasRemaining()) {
            x += 0x9E3779B97F4A7C15L; // splitmix64
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            b.putLong(z ^ (z >>> 31));
        }
        return b.array();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    static int crc(byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(payload);
        return (int) c.getValue();
    }

    static byte[] meta(long id, byte[] payload) {
        return ByteBuffer.allocate(META_BYTES)
                .putLong(id).putInt(payload.length).putInt(crc(payload))
                .putLong(1_700_000_000_000L + id).putLong(86_400_000L).putLong(id % 97).putLong(7)
                .array();
    }

    static long metaId(byte[] meta) {
        return ByteBuffer.wrap(meta).getLong(0);
    }

    /** Returns null when the record is intact, otherwise what is wrong with it. */
    static String check(long id, byte[] meta, byte[] payload) {
        if (meta == null) return "meta missing";
        if (meta.length != META_BYTES) return "meta length " + meta.length;
        ByteBuffer m = ByteBuffer.wrap(meta);
        if (m.getLong(0) != id) return "meta id " + m.getLong(0);
        if (payload == null) return "payload missing";
        if (payload.length != m.getInt(8)) return "payload length " + payload.length + " != " + m.getInt(8);
        if (crc(payload) != m.getInt(12)) return "payload crc mismatch";
        if (!java.util.Arrays.equals(payload, payload(id))) return "payload bytes differ";
        return null;
    }

    static byte[] key(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    static long keyId(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }
}
