package org.starlane.storeeval;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Kills a writing child JVM with SIGKILL at a random moment, reopens the store and checks that every
 * acknowledged bundle is present and intact, that acknowledged deletes stay deleted, and that every
 * stored bundle is intact (nothing half-written). The store is kept across iterations, so each child opens
 * a store that the previous child's death left behind (after the parent's check reopened and closed it).
 *
 * <p>usage: crash-test ENGINE DIR ITERATIONS SEED [ack-early]
 */
final class CrashTest {
    static void main(String[] a) throws Exception {
        String kind = a[0];
        Path dir = Path.of(a[1]);
        int iterations = Integer.parseInt(a[2]);
        Random rnd = new Random(Long.parseLong(a[3]));
        boolean ackEarly = a.length > 4 && a[4].equals("ack-early");
        Engines.wipe(dir);
        Set<Long> acked = new HashSet<>(), deleted = new HashSet<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        int totalLost = 0, totalResurrected = 0, totalCorrupt = 0;
        long totalAcks = 0;
        for (int it = 0; it < iterations; it++) {
            long base = (it + 1L) * 1_000_000_000L;
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g",
                    "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "-cp", cp, "org.starlane.storeeval.Main", "crash-child", kind, dir.toString(),
                    Long.toString(base), "256"));
            if (ackEarly) cmd.add("ack-early");
            // The child's stdout goes to a file, not a pipe: every line the child wrote before SIGKILL is in the
            // file (page cache), and we avoid the JDK's drain-on-exit race on a pipe read by another thread
            // ("Stream closed"), which had made an earlier version of this test drop the last acknowledgements.
            File ackFile = new File(dir + ".child-stdout.log");
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(ackFile)
                    .redirectError(ProcessBuilder.Redirect.appendTo(new File(dir + ".child-stderr.log")))
                    .start();
            // 1 in 5: kill at a random moment from process start (may hit JVM start or the store's open/recovery);
            // otherwise a random moment 0..2500 ms after the child's first acknowledgement (under write load)
            boolean early = rnd.nextInt(5) == 0;
            long delayMs = early ? 100 + rnd.nextInt(1400) : rnd.nextInt(2500);
            long start = System.nanoTime();
            if (!early) { // "READY\n" is 6 bytes; anything beyond it is the first acknowledgement
                while (ackFile.length() <= 6 && System.nanoTime() - start < 30_000_000_000L && p.isAlive()) {
                    Thread.sleep(1);
                }
            }
            Thread.sleep(delayMs);
            p.destroyForcibly(); // SIGKILL on Linux
            int rc = p.waitFor();
            long[] itAcks = new long[2];
            boolean ready = false;
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(new java.io.FileInputStream(ackFile), StandardCharsets.US_ASCII))) {
                String line;
                int lineLength = 2 + Long.toString(base).length(); // all ids of one child have one width
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready = true;
                    } else if (line.length() != lineLength) {
                        System.out.println("  ignored partial line cut by the kill: '" + line + "'");
                    } else if (line.startsWith("A ")) {
                        acked.add(Long.parseLong(line.substring(2)));
                        itAcks[0]++;
                    } else if (line.startsWith("D ")) {
                        deleted.add(Long.parseLong(line.substring(2)));
                        itAcks[1]++;
                    }
                }
            }
            // verify
            long t0 = System.nanoTime();
            int lost = 0, resurrected = 0, corrupt = 0;
            long present = 0, orphans;
            Set<Long> presentIds = new HashSet<>();
            try (Engine e = Engines.open(kind, dir)) {
                int[] bad = new int[1];
                present = e.forEachMeta((id, m) -> {
                    presentIds.add(id);
                    String why = Rec.check(id, m, e.payload(id));
                    if (why != null) {
                        if (bad[0]++ < 5) System.out.println("  CORRUPT " + id + ": " + why);
                    }
                });
                corrupt = bad[0];
                orphans = e.payloadCount() - present;
            }
            {
                for (long id : acked) {
                    // the child asks to delete every even id right after its ack, so an even id may be gone
                    // (delete durable but its ack not yet printed); an odd id must be there
                    if ((id & 1) == 1 && !presentIds.contains(id)) {
                        if (lost++ < 5) System.out.println("  LOST acknowledged " + id);
                    }
                }
                // count each loss once: forget what was already reported
                acked.removeIf(id -> (id & 1) == 1 && !presentIds.contains(id));
                for (long id : deleted) {
                    if (presentIds.contains(id)) {
                        if (resurrected++ < 5) System.out.println("  RESURRECTED deleted " + id);
                    }
                }
                deleted.removeIf(presentIds::contains);
            }
            totalLost += lost;
            totalResurrected += resurrected;
            totalCorrupt += corrupt;
            totalAcks += itAcks[0];
            System.out.printf("ITER %s %2d %s kill_at_ms=%4d rc=%d ready=%b acks=%d deletes=%d stored=%d orphanPayloads=%d "
                            + "lost=%d resurrected=%d corrupt=%d verify_ms=%.0f bytes=%d%n",
                    kind, it, early ? "from-start" : "after-1st-ack", delayMs, rc, ready, itAcks[0], itAcks[1], present, orphans, lost, resurrected,
                    corrupt, (System.nanoTime() - t0) / 1e6, Engines.diskBytes(dir));
        }
        System.out.printf("CRASHTEST %s%s iterations=%d acks=%d lost=%d resurrected=%d corrupt=%d -> %s%n", kind,
                ackEarly ? " (ack-early control)" : "", iterations, totalAcks, totalLost, totalResurrected,
                totalCorrupt, totalLost + totalResurrected + totalCorrupt == 0 ? "PASS" : "FAIL");
    }
}
