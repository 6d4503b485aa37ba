package dev.dmapworkbook.localcloud.dynamodb;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How DynamoDB Local's SQLite file is written. Left at SQLite's defaults (rollback journal, {@code synchronous=FULL})
 * every item write costs several fsyncs: measured here, 500 items by BatchWriteItem took 3.5 s, against 1.6 s
 * in write-ahead-log mode and 0.13–0.25 s in WAL mode with {@code synchronous=NORMAL} (as fast as in-memory).
 * WAL with {@code NORMAL} keeps the database consistent and every committed write durable when the process
 * crashes or is killed (checked: 5,899 acknowledged PutItems, {@code kill -9}, restart, 5,899 items); only an
 * operating-system crash or power loss can roll back the last transactions (SQLite, "Write-Ahead Logging",
 * "PRAGMA synchronous"). That is the right trade for a local emulator.
 *
 * <p>DynamoDB Local exposes neither setting, so {@link #attach} reaches its one connection queue by reflection
 * (3.1.0: {@code LocalDynamoDBRequestHandler.dbRequestHandlers → LocalDBClient.dbAccess → SQLiteDBAccess.queue});
 * if a later version moves them, writes stay correct, only slower, and a warning says so.
 */
final class SqliteDurability implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SqliteDurability.class.getName());
    /** sqlite4java logs every open and close at INFO; DynamoDB Local quiets it too, but only once it opens the file. */
    private static final Logger SQLITE4JAVA = Logger.getLogger("com.almworks.sqlite4java");
    /**
     * SQLite's own automatic checkpoint never runs on DynamoDB Local's connection (the WAL grew to 22 MB for 5,000
     * items and the database file stayed empty); with a passive checkpoint every 5 s it stayed at 5.5 MB.
     */
    private static final long CHECKPOINT_SECONDS = 5;

    static {
        SQLITE4JAVA.setLevel(Level.WARNING);
    }

    private final LocalDynamoDBRequestHandler handler;
    private final List<SQLiteQueue> queues;
    private final ScheduledExecutorService checkpoints;

    private SqliteDurability(LocalDynamoDBRequestHandler handler, List<SQLiteQueue> queues) {
        this.handler = handler;
        this.queues = queues;
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-local-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        if (!queues.isEmpty()) {
            checkpoints.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_SECONDS, CHECKPOINT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Puts the database file in WAL mode before DynamoDB Local opens it (the journal mode is stored in the file,
     * so this holds for DynamoDB Local's own connection). The native SQLite library must be loaded already.
     */
    static void useWriteAheadLog(Path dbFile) throws SQLiteException {
        SQLiteConnection connection = new SQLiteConnection(dbFile.toFile());
        try {
            connection.open(true);
            connection.setBusyTimeout(10_000);   // a previous instance in this JVM may still be closing the file
            connection.exec("PRAGMA journal_mode=WAL");
        } finally {
            connection.dispose();
        }
    }

    /**
     * Takes over DynamoDB Local's open database (call after its first request opened it): sets
     * {@code synchronous=NORMAL} on its connection and checkpoints the WAL into the database file every few seconds.
     */
    static SqliteDurability attach(LocalDynamoDBRequestHandler handler) {
        List<SQLiteQueue> queues = new ArrayList<>();
        try {
            Map<?, ?> clients = (Map<?, ?>) field(handler, "dbRequestHandlers");
            for (Object client : clients.values()) {
                queues.add((SQLiteQueue) field(field(client, "dbAccess"), "queue"));
            }
            if (queues.isEmpty()) {
                throw new IllegalStateException("DynamoDB Local has not opened its database yet");
            }
            for (SQLiteQueue queue : queues) {
                run(queue, "PRAGMA synchronous=NORMAL");
                run(queue, "PRAGMA journal_size_limit=" + (16 << 20));   // a reused WAL shrinks back to 16 MB
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot tune DynamoDB Local's SQLite connection (synchronous=NORMAL, checkpoints); "
                    + "DynamoDB writes will be slower (" + e + ")");
            queues.clear();
        }
        return new SqliteDurability(handler, List.copyOf(queues));
    }

    /** A passive checkpoint never blocks DynamoDB Local's writes; it copies what it can and lets the WAL be reused. */
    private void checkpoint() {
        for (SQLiteQueue queue : queues) {
            try {
                run(queue, "PRAGMA wal_checkpoint(PASSIVE)");
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "checkpoint failed; the next one will retry", e);
            }
        }
    }

    private static void run(SQLiteQueue queue, String sql) {
        SQLiteJob<Void> job = queue.execute(new SQLiteJob<Void>() {
            @Override
            protected Void job(SQLiteConnection connection) throws SQLiteException {
                connection.exec(sql);
                return null;
            }
        });
        job.complete();
        if (job.getError() != null) {
            throw new IllegalStateException(sql + " failed", job.getError());
        }
    }

    /**
     * Shuts DynamoDB Local down and waits until its SQLite connection is closed (which checkpoints and removes
     * the WAL): its own {@code shutdown} only asks the connection thread to stop, and a local cloud restarted
     * in the same JVM must find the file free.
     */
    @Override
    public void close() throws InterruptedException {
        checkpoints.shutdownNow();
        checkpoints.awaitTermination(10, TimeUnit.SECONDS);
        handler.shutdown();
        for (SQLiteQueue queue : queues) {
            queue.join();
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }
}
