package org.starlane.storeeval;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable insert and delete throughput through the group-commit writer, with N operations kept in flight
 * by one producer thread (semaphore of N permits). Each level runs for a fixed time on the same store.
 *
 * <p>usage: bench ENGINE DIR SECONDS INFLIGHT[,INFLIGHT...]
 */
final class Bench {
    static void main(String[] a) throws Exception {
        String kind = a[0];
        Path dir = Path.of(a[1]);
        double seconds = Double.parseDouble(a[2]);
        int[] levels = Arrays.stream(a[3].split(",")).mapToInt(Integer::parseInt).toArray();
        Engines.wipe(dir);
        Engine engine = Engines.open(kind, dir);
        GroupCommitWriter w = new GroupCommitWriter(engine, 4096, false);
        long nextId = 1;
        // warm-up (JIT, file creation), not reported
        nextId = run(w, kind, "warmup", 64, 1.0, nextId, true, false);
        long firstId = nextId;
        for (int n : levels) {
            nextId = run(w, kind, "insert", n, seconds, nextId, true, true);
        }
        long inserted = nextId - firstId;
        long afterInsert = Engines.diskBytes(dir);
        System.out.printf("SIZE %s after_insert records=%d bytes=%d (%.0f B/record)%n", kind, nextId - 1,
                afterInsert, afterInsert / (double) (nextId - 1));
        // deletes of the oldest records, 64 then 1024 in flight
        long delFrom = 1;
        delFrom = runDeletes(w, kind, 64, seconds, delFrom, nextId);
        delFrom = runDeletes(w, kind, 1024, seconds, delFrom, nextId);
        w.close();
        long after = Engines.diskBytes(dir);
        System.out.printf("SIZE %s after_delete live=%d bytes=%d%n", kind, nextId - delFrom, after);
        engine.close();
    }

    static long run(GroupCommitWriter w, String kind, String phase, int inflight, double seconds, long nextId,
                    boolean puts, boolean report) throws Exception {
        Semaphore sem = new Semaphore(inflight);
        AtomicLong done = new AtomicLong();
        long[] lat = new long[2_000_000];
        AtomicLong latN = new AtomicLong();
        long b0 = w.batches, o0 = w.ops;
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        long id = nextId;
        while (System.nanoTime() < end) {
            sem.acquire();
            long myId = id++;
            byte[] p = Rec.payload(myId);
            long s = System.nanoTime();
            w.put(myId, Rec.meta(myId, p), p).whenComplete((v, e) -> {
                if (e != null) e.printStackTrace();
                long i = latN.getAndIncrement();
                if (i < lat.length) lat[(int) i] = System.nanoTime() - s;
                done.incrementAndGet();
                sem.release();
            });
        }
        sem.acquire(inflight); // wait for all in flight
        long t1 = System.nanoTime();
        sem.release(inflight);
        if (report) {
            report(kind, phase, inflight, done.get(), t1 - t0, lat, (int) Math.min(latN.get(), lat.length),
                    w.batches - b0, w.ops - o0);
        }
        return id;
    }

    static long runDeletes(GroupCommitWriter w, String kind, int inflight, double seconds, long from, long to)
            throws Exception {
        Semaphore sem = new Semaphore(inflight);
        AtomicLong done = new AtomicLong();
        long[] lat = new long[2_000_000];
        AtomicLong latN = new AtomicLong();
        long b0 = w.batches, o0 = w.ops;
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        long id = from;
        while (System.nanoTime() < end && id < to) {
            sem.acquire();
            long s = System.nanoTime();
            w.delete(id++).whenComplete((v, e) -> {
                if (e != null) e.printStackTrace();
                long i = latN.getAndIncrement();
                if (i < lat.length) lat[(int) i] = System.nanoTime() - s;
                done.incrementAndGet();
                sem.release();
            });
        }
        sem.acquire(inflight);
        long t1 = System.nanoTime();
        report(kind, "delete", inflight, done.get(), t1 - t0, lat, (int) Math.min(latN.get(), lat.length),
                w.batches - b0, w.ops - o0);
        return id;
    }

    static void report(String kind, String phase, int inflight, long n, long nanos, long[] lat, int latN,
                       long batches, long ops) {
        long[] l = Arrays.copyOf(lat, latN);
        Arrays.sort(l);
        double p50 = latN == 0 ? 0 : l[latN / 2] / 1e6, p99 = latN == 0 ? 0 : l[(int) (latN * 0.99)] / 1e6;
        System.out.printf("RESULT %-14s %-6s inflight=%-5d ops/s=%9.0f avgBatch=%7.1f p50ms=%7.2f p99ms=%7.2f n=%d%n",
                kind, phase, inflight, n / (nanos / 1e9), batches == 0 ? 0 : ops / (double) batches, p50, p99, n);
    }
}
