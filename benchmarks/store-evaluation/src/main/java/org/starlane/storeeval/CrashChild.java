package org.starlane.storeeval;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Writes bundles forever under load and tells stdout about each one only after the writer has made it
 * durable: "A id" (stored), "D id" (deleted). Every other acknowledged bundle is deleted again, to exercise
 * deletes and space reuse. The parent kills this process with SIGKILL.
 *
 * <p>usage: crash-child ENGINE DIR ID_BASE INFLIGHT [ack-early]
 */
final class CrashChild {
    static void main(String[] a) throws Exception {
        String kind = a[0];
        Path dir = Path.of(a[1]);
        long base = Long.parseLong(a[2]);
        int inflight = Integer.parseInt(a[3]);
        boolean ackEarly = a.length > 4 && a[4].equals("ack-early");
        Engine engine = Engines.open(kind, dir);
        GroupCommitWriter w = new GroupCommitWriter(engine, 4096, ackEarly);
        LinkedBlockingQueue<String> acks = new LinkedBlockingQueue<>();
        BufferedOutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        Thread printer = new Thread(() -> {
            ArrayList<String> lines = new ArrayList<>();
            try {
                while (true) {
                    lines.add(acks.take());
                    acks.drainTo(lines);
                    for (String l : lines) out.write(l.getBytes(StandardCharsets.US_ASCII));
                    out.flush(); // the acknowledgement reaches the parent here, after durability
                    lines.clear();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "ack-printer");
        printer.setDaemon(true);
        printer.start();
        acks.add("READY\n");
        Semaphore sem = new Semaphore(inflight);
        for (long id = base; ; id++) {
            sem.acquire();
            byte[] p = Rec.payload(id);
            long myId = id;
            w.put(id, Rec.meta(id, p), p).whenComplete((v, e) -> {
                sem.release();
                if (e != null) {
                    e.printStackTrace();
                    System.exit(3);
                }
                acks.add("A " + myId + "\n");
                if ((myId & 1) == 0) {
                    w.delete(myId).whenComplete((v2, e2) -> {
                        if (e2 == null) acks.add("D " + myId + "\n");
                    });
                }
            });
        }
    }
}
