package org.starlane.storeeval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * SQLite through sqlite-jdbc, WAL journal. Two rowid tables so recovery reads only the small meta rows.
 *
 * <p>Durability (sqlite.org pragma.html#pragma_synchronous and wal.html): in WAL mode with synchronous=FULL
 * the WAL is synced at every commit (durable across power loss); with NORMAL the WAL is synced only before
 * checkpoints, so a commit survives an application crash (kill -9) but may roll back after power loss or an
 * OS crash. Both keep the database consistent.
 */
final class SqliteEngine implements Engine {
    private final Connection conn;
    private final PreparedStatement putMeta, putPayload, delMeta, delPayload, getMeta, getPayload;

    SqliteEngine(Path dir, SQLiteConfig.SynchronousMode mode) throws Exception {
        Files.createDirectories(dir);
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(mode);
        cfg.setCacheSize(-32768); // 32 MiB
        cfg.setBusyTimeout(10_000);
        conn = cfg.createConnection("jdbc:sqlite:" + dir.resolve("bundles.db"));
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta(id INTEGER PRIMARY KEY, m BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS payload(id INTEGER PRIMARY KEY, p BLOB NOT NULL)");
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                rs.next();
                int expected = mode == SQLiteConfig.SynchronousMode.FULL ? 2 : 1;
                if (rs.getInt(1) != expected) throw new IllegalStateException("synchronous=" + rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                if (!"wal".equalsIgnoreCase(rs.getString(1))) throw new IllegalStateException(rs.getString(1));
            }
        }
        conn.setAutoCommit(false);
        putMeta = conn.prepareStatement("INSERT OR REPLACE INTO meta(id, m) VALUES (?, ?)");
        putPayload = conn.prepareStatement("INSERT OR REPLACE INTO payload(id, p) VALUES (?, ?)");
        delMeta = conn.prepareStatement("DELETE FROM meta WHERE id = ?");
        delPayload = conn.prepareStatement("DELETE FROM payload WHERE id = ?");
        getMeta = conn.prepareStatement("SELECT m FROM meta WHERE id = ?");
        getPayload = conn.prepareStatement("SELECT p FROM payload WHERE id = ?");
    }

    @Override
    public void apply(List<Op> ops) throws Exception {
        boolean puts = false, dels = false;
        for (Op op : ops) {
            if (op.isPut()) {
                putPayload.setLong(1, op.id());
                putPayload.setBytes(2, op.payload());
                putPayload.addBatch();
                putMeta.setLong(1, op.id());
                putMeta.setBytes(2, op.meta());
                putMeta.addBatch();
                puts = true;
            } else {
                delMeta.setLong(1, op.id());
                delMeta.addBatch();
                delPayload.setLong(1, op.id());
                delPayload.addBatch();
                dels = true;
            }
        }
        try {
            if (puts) {
                putPayload.executeBatch();
                putMeta.executeBatch();
            }
            if (dels) {
                delMeta.executeBatch();
                delPayload.executeBatch();
            }
            conn.commit();
        } catch (Exception e) {
            conn.rollback();
            throw e;
        }
    }

    @Override
    public long forEachMeta(MetaVisitor visitor) throws Exception {
        long n = 0;
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT id, m FROM meta")) {
            while (rs.next()) {
                visitor.visit(rs.getLong(1), rs.getBytes(2));
                n++;
            }
        }
        conn.commit();
        return n;
    }

    @Override
    public byte[] meta(long id) throws Exception {
        return one(getMeta, id);
    }

    @Override
    public byte[] payload(long id) throws Exception {
        return one(getPayload, id);
    }

    private static byte[] one(PreparedStatement ps, long id) throws Exception {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    @Override
    public long payloadCount() throws Exception {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM payload")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        conn.commit();
        conn.close();
    }
}
