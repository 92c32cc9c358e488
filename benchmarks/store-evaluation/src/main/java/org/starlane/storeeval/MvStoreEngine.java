package org.starlane.storeeval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;

/**
 * H2 MVStore, used directly (no SQL). Two maps: "meta" (read at recovery) and "payload".
 *
 * <p>Durability (read from the 2.3.232 sources, MVStore.java / FileStore.java / SingleFileStore.java):
 * <ul>
 *   <li>{@code commit()} = {@code store(syncWrite=true)}: serializes the changed pages into a new chunk and
 *       writes it with FileChannel.write before returning. No force(): survives kill -9 (page cache) but not
 *       power loss.</li>
 *   <li>{@code sync()} = {@code FileChannel.force(true)}: needed for power-loss durability.</li>
 *   <li>With the default background thread (autoCommitDelay 1000 ms) a background {@code tryCommit()} runs
 *       {@code store(false)}: the chunk is handed to the H2-serialization / H2-save executors and written
 *       later. A following {@code commit()} then sees no unsaved changes and returns at once, so
 *       commit()+sync() could ack data that is not yet written. Hence {@code autoCommitDisabled()}: no
 *       background thread, no executors, every write happens in our writer thread.</li>
 *   <li>Without the background thread nobody rewrites sparse chunks, so {@link #idle()} calls
 *       {@code compact(fillRate, bytes)} itself (housekeeping).</li>
 * </ul>
 * Payload is put before meta and meta removed before payload, so a store written by any intermediate commit
 * never holds meta without its payload (recovery treats meta as authoritative; orphan payloads are garbage).
 */
final class MvStoreEngine implements Engine {
    private final MVStore store;
    private final MVMap<Long, byte[]> meta;
    private final MVMap<Long, byte[]> payload;
    private final boolean sync;
    private final int compactFillRate;
    private long commitsSinceHousekeeping;

    MvStoreEngine(Path dir, boolean sync, int compactFillRate) throws Exception {
        Files.createDirectories(dir);
        this.sync = sync;
        this.compactFillRate = compactFillRate;
        store = new MVStore.Builder()
                .fileName(dir.resolve("bundles.mv").toString())
                .autoCommitDisabled()
                .cacheSize(32)
                .open();
        // we fsync every commit, so old chunks need not be kept for the OS to flush them
        store.setRetentionTime(0);
        meta = store.openMap("meta", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        payload = store.openMap("payload", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    @Override
    public void apply(List<Op> ops) {
        for (Op op : ops) {
            if (op.isPut()) {
                payload.put(op.id(), op.payload());
                meta.put(op.id(), op.meta());
            } else {
                meta.remove(op.id());
                payload.remove(op.id());
            }
        }
        store.commit();
        if (sync) {
            store.sync();
        }
        if (++commitsSinceHousekeeping >= 256) {
            idle();
        }
    }

    /** Housekeeping: rewrite live pages out of sparse chunks so the file does not grow without bound. */
    void idle() {
        commitsSinceHousekeeping = 0;
        if (compactFillRate > 0 && store.compact(compactFillRate, 4 << 20)) {
            store.commit();
            if (sync) {
                store.sync();
            }
        }
    }

    @Override
    public long forEachMeta(MetaVisitor visitor) throws Exception {
        long n = 0;
        org.h2.mvstore.Cursor<Long, byte[]> c = meta.cursor(null);
        while (c.hasNext()) {
            long id = c.next();
            visitor.visit(id, c.getValue());
            n++;
        }
        return n;
    }

    @Override
    public byte[] meta(long id) {
        return meta.get(id);
    }

    @Override
    public byte[] payload(long id) {
        return payload.get(id);
    }

    @Override
    public long payloadCount() {
        return payload.sizeAsLong();
    }

    @Override
    public void close() {
        store.close();
    }
}
