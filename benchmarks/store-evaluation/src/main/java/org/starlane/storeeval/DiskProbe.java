package org.starlane.storeeval;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Raw cost of a synchronous write on this disk: the floor under every engine's commit latency. */
final class DiskProbe {
    static void main(String[] a) throws Exception {
        Path f = Path.of(a[0]);
        Files.deleteIfExists(f);
        int[] sizes = {4 << 10, 64 << 10, 512 << 10, 2 << 20};
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            ByteBuffer big = ByteBuffer.allocateDirect(64 << 20);
            ch.write(big, 0);
            ch.force(true);
            for (int size : sizes) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                int n = Math.max(20, Math.min(300, (64 << 20) / size));
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.clear();
                    ch.write(b, (long) i * size % (64 << 20));
                    ch.force(false);
                }
                double ms = (System.nanoTime() - t0) / 1e6 / n;
                System.out.printf("PROBE overwrite %4d KiB + fdatasync: %.2f ms  (%.0f MiB/s)%n", size >> 10, ms,
                        size / 1048576.0 / (ms / 1000));
            }
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            long pos = ch.size();
            long t0 = System.nanoTime();
            for (int i = 0; i < 300; i++) {
                b.clear();
                ch.write(b, pos);
                pos += 4096;
                ch.force(true);
            }
            System.out.printf("PROBE append      4 KiB + fsync:     %.2f ms%n", (System.nanoTime() - t0) / 1e6 / 300);
        }
        Files.delete(f);
    }
}
