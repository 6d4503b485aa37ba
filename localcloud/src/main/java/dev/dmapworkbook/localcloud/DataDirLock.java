package dev.dmapworkbook.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One local cloud per data dir: an exclusive lock on {@code <dataDir>/localcloud.lock}, taken before any store opens
 * and held until the cloud is closed (the operating system drops it when the process dies, even by {@code kill -9}).
 * Two clouds on one data dir would each compact the Step Functions journal under the other and lose what the other
 * confirmed; the pid file cannot prevent that, as it is written only once a cloud is up.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "localcloud.lock";

    /** Another local cloud holds the data dir. */
    static final class InUse extends IllegalStateException {
        InUse(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the data dir's lock and writes this process's pid in it.
     *
     * @throws InUse when another local cloud, in this process or another, holds it
     */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new InUse("another local cloud" + (holder.isEmpty() ? "" : " (pid " + holder + ")") + " is using the data dir "
                        + dataDir + "; stop it first (localcloud stop --data-dir " + dataDir + ") or use another --data-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the data dir " + dataDir + " (" + file + ")", e);
        }
    }

    /** Releases the lock; the file stays (deleting it would let a second cloud lock a new file beside the old one). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            System.getLogger(DataDirLock.class.getName()).log(System.Logger.Level.WARNING, "cannot release " + FILE, e);
        }
    }
}
