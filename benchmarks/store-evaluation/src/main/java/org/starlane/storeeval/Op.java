package org.starlane.storeeval;

import java.util.concurrent.CompletableFuture;

/** One queued store operation: a put (meta and payload non-null) or a delete (both null). */
record Op(long id, byte[] meta, byte[] payload, CompletableFuture<Void> done) {
    boolean isPut() {
        return meta != null;
    }
}
