package org.starlane.storeeval;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

final class Engines {
    private Engines() {}

    static final String[] ALL = {"mvstore", "sqlite-full", "sqlite-normal", "rocksdb", "lmdb"};

    static Engine open(String kind, Path dir) throws Exception {
        return switch (kind) {
            case "mvstore" -> new MvStoreEngine(dir, true, 60);
            case "mvstore-nosync" -> new MvStoreEngine(dir, false, 60);
            case "mvstore-nocompact" -> new MvStoreEngine(dir, true, 0);
            case "sqlite-full" -> new SqliteEngine(dir, SQLiteConfig.SynchronousMode.FULL);
            case "sqlite-normal" -> new SqliteEngine(dir, SQLiteConfig.SynchronousMode.NORMAL);
            case "rocksdb" -> new RocksEngine(dir);
            case "lmdb" -> new LmdbEngine(dir);
            default -> throw new IllegalArgumentException("unknown engine " + kind);
        };
    }

    static long diskBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            // allocated size would need a native call; the logical size is what we report (LMDB is sparse)
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
