package org.starlane.storeeval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB (rocksdbjni). Column families "meta" and "payload"; one WriteBatch per group, written with
 * WriteOptions.sync=true (WAL fsync'd before the write returns; sync=false would still survive a process
 * crash but not a machine crash, per the WriteOptions docs).
 */
final class RocksEngine implements Engine {
    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions options;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final ColumnFamilyHandle meta, payload;
    private final WriteOptions writeOptions;

    RocksEngine(Path dir) throws Exception {
        Files.createDirectories(dir);
        options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2);
        List<ColumnFamilyDescriptor> cfs = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor("meta".getBytes()),
                new ColumnFamilyDescriptor("payload".getBytes()));
        db = RocksDB.open(options, dir.toString(), cfs, handles);
        meta = handles.get(1);
        payload = handles.get(2);
        writeOptions = new WriteOptions().setSync(true);
    }

    @Override
    public void apply(List<Op> ops) throws Exception {
        try (WriteBatch wb = new WriteBatch()) {
            for (Op op : ops) {
                byte[] k = Rec.key(op.id());
                if (op.isPut()) {
                    wb.put(payload, k, op.payload());
                    wb.put(meta, k, op.meta());
                } else {
                    wb.delete(meta, k);
                    wb.delete(payload, k);
                }
            }
            db.write(writeOptions, wb);
        }
    }

    @Override
    public long forEachMeta(MetaVisitor visitor) throws Exception {
        long n = 0;
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.visit(Rec.keyId(it.key()), it.value());
                n++;
            }
        }
        return n;
    }

    @Override
    public byte[] meta(long id) throws Exception {
        return db.get(meta, Rec.key(id));
    }

    @Override
    public byte[] payload(long id) throws Exception {
        return db.get(payload, Rec.key(id));
    }

    @Override
    public long payloadCount() {
        long n = 0;
        try (RocksIterator it = db.newIterator(payload)) {
            for (it.seekToFirst(); it.isValid(); it.next()) n++;
        }
        return n;
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles) h.close();
        db.close();
        options.close();
        writeOptions.close();
    }
}
