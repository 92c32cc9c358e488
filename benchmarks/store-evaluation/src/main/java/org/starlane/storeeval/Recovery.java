package org.starlane.storeeval;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * usage: recovery load ENGINE DIR COUNT   (bulk-loads COUNT records in durable batches of 10,000)
 *        recovery open ENGINE DIR [verify] (times open + iterating all metadata; verify also reads payloads)
 */
final class Recovery {
    static void main(String[] a) throws Exception {
        String kind = a[1];
        Path dir = Path.of(a[2]);
        if (a[0].equals("load")) {
            long count = Long.parseLong(a[3]);
            Engines.wipe(dir);
            long t0 = System.nanoTime();
            try (Engine e = Engines.open(kind, dir)) {
                List<Op> batch = new ArrayList<>(10_000);
                for (long id = 1; id <= count; id++) {
                    byte[] p = Rec.payload(id);
                    batch.add(new Op(id, Rec.meta(id, p), p, new CompletableFuture<>()));
                    if (batch.size() == 10_000 || id == count) {
                        e.apply(batch);
                        batch.clear();
                    }
                }
            }
            System.out.printf("LOAD %s records=%d seconds=%.1f bytes=%d%n", kind, count,
                    (System.nanoTime() - t0) / 1e9, Engines.diskBytes(dir));
            return;
        }
        boolean verify = a.length > 3 && a[3].equals("verify");
        long t0 = System.nanoTime();
        Engine e = Engines.open(kind, dir);
        long t1 = System.nanoTime();
        long[] acc = new long[2];
        long n = e.forEachMeta((id, m) -> {
            ByteBuffer b = ByteBuffer.wrap(m);
            // what dispatch needs: id, creation time + lifetime (expiry), destination
            acc[0] += b.getLong(16) + b.getLong(24) + b.getLong(32);
            acc[1]++;
        });
        long t2 = System.nanoTime();
        long bad = 0;
        if (verify) {
            long[] badA = new long[1];
            e.forEachMeta((id, m) -> {
                if (Rec.check(id, m, e.payload(id)) != null) badA[0]++;
            });
            bad = badA[0];
        }
        long t3 = System.nanoTime();
        if (a.length > 3 && a[3].equals("again")) {
            long n2 = e.forEachMeta((id, m) -> acc[1]++);
            System.out.printf("second meta scan in same JVM: %d records %.0f ms%n", n2, (System.nanoTime() - t3) / 1e6);
        }
        e.close();
        System.out.printf("RECOVERY %-14s records=%d open_ms=%.0f iterate_meta_ms=%.0f total_ms=%.0f%s (chk %d)%n",
                kind, n, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6,
                verify ? String.format(" verify_payloads_ms=%.0f bad=%d", (t3 - t2) / 1e6, bad) : "", acc[0] & 0xff);
    }
}
