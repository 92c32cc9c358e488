package org.starlane.storeeval;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: producers enqueue operations with a future; one writer thread drains whatever is queued
 * (up to maxBatch), applies it as one durable transaction, and only then completes the futures.
 * Thread-safe for producers; the engine is confined to the writer thread.
 */
final class GroupCommitWriter implements AutoCloseable {
    private final Engine engine;
    private final int maxBatch;
    private final boolean ackBeforeDurable; // negative control for the crash test: a deliberately broken writer
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    long batches;
    long ops;

    GroupCommitWriter(Engine engine, int maxBatch, boolean ackBeforeDurable) {
        this.engine = engine;
        this.maxBatch = maxBatch;
        this.ackBeforeDurable = ackBeforeDurable;
        thread = new Thread(this::run, "store-writer");
        thread.start();
    }

    CompletableFuture<Void> put(long id, byte[] meta, byte[] payload) {
        return submit(new Op(id, meta, payload, new CompletableFuture<>()));
    }

    CompletableFuture<Void> delete(long id) {
        return submit(new Op(id, null, null, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> submit(Op op) {
        if (failure != null || !running) {
            op.done().completeExceptionally(new IllegalStateException("store writer stopped", failure));
        } else {
            queue.add(op);
        }
        return op.done();
    }

    private void run() {
        ArrayList<Op> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Op first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (engine instanceof MvStoreEngine mv) mv.idle();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (ackBeforeDurable) batch.forEach(op -> op.done().complete(null));
                engine.apply(batch);
                batches++;
                ops += batch.size();
                for (Op op : batch) op.done().complete(null);
            } catch (Throwable t) {
                failure = t;
                running = false;
                batch.forEach(op -> op.done().completeExceptionally(t));
                Op op;
                while ((op = queue.poll()) != null) op.done().completeExceptionally(t);
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
