package org.starlane.storeeval;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * LMDB through lmdbjava. Default env flags: mdb_txn_commit() flushes OS buffers (no MDB_NOSYNC /
 * MDB_NOMETASYNC). The map size is a fixed, pre-declared upper bound on the file.
 */
final class LmdbEngine implements Engine {
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> meta, payload;
    private final ByteBuffer key = ByteBuffer.allocateDirect(8);
    private final ByteBuffer val = ByteBuffer.allocateDirect(64 * 1024);

    LmdbEngine(Path dir) throws Exception {
        Files.createDirectories(dir);
        // MDB_NOTLS: read txns are not tied to a thread slot (nested/concurrent reads on one thread)
        env = Env.create().setMapSize(32L << 30).setMaxDbs(2).setMaxReaders(16)
                .open(dir.toFile(), org.lmdbjava.EnvFlags.MDB_NOTLS);
        meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
        payload = env.openDbi("payload", DbiFlags.MDB_CREATE);
    }

    private ByteBuffer key(long id) {
        key.clear();
        key.putLong(id).flip();
        return key;
    }

    private ByteBuffer val(byte[] b) {
        val.clear();
        val.put(b).flip();
        return val;
    }

    @Override
    public void apply(List<Op> ops) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            for (Op op : ops) {
                if (op.isPut()) {
                    payload.put(txn, key(op.id()), val(op.payload()));
                    meta.put(txn, key(op.id()), val(op.meta()));
                } else {
                    meta.delete(txn, key(op.id()));
                    payload.delete(txn, key(op.id()));
                }
            }
            txn.commit();
        }
    }

    @Override
    public long forEachMeta(MetaVisitor visitor) throws Exception {
        long n = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> it = meta.iterate(txn)) {
            for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                byte[] m = new byte[kv.val().remaining()];
                kv.val().get(m);
                visitor.visit(kv.key().getLong(0), m);
                n++;
            }
        }
        return n;
    }

    private byte[] get(Dbi<ByteBuffer> dbi, long id) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = dbi.get(txn, key(id));
            if (v == null) return null;
            byte[] b = new byte[v.remaining()];
            v.get(b);
            return b;
        }
    }

    @Override
    public byte[] meta(long id) {
        return get(meta, id);
    }

    @Override
    public byte[] payload(long id) {
        return get(payload, id);
    }

    @Override
    public long payloadCount() {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            return payload.stat(txn).entries;
        }
    }

    @Override
    public void close() {
        env.close();
    }
}
