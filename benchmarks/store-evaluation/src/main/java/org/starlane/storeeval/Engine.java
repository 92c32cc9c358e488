package org.starlane.storeeval;

import java.util.List;

/** The part of a bundle store that an embedded engine provides. Confined to one thread (the writer). */
interface Engine extends AutoCloseable {
    /** Applies all operations as one transaction and returns only once it is durable (fsync'd). */
    void apply(List<Op> ops) throws Exception;

    /** Visits every stored bundle's metadata, in key order. Returns the count. */
    long forEachMeta(MetaVisitor visitor) throws Exception;

    byte[] meta(long id) throws Exception;

    byte[] payload(long id) throws Exception;

    /** Counts payload entries (to find orphans: payload without metadata). */
    long payloadCount() throws Exception;

    @Override
    void close() throws Exception;

    interface MetaVisitor {
        void visit(long id, byte[] meta) throws Exception;
    }
}
