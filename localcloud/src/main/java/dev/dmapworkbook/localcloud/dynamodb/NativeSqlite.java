package dev.dmapworkbook.localcloud.dynamodb;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteLibraryLoader;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteLibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Puts SQLite's native library in the data dir instead of {@code /tmp}. DynamoDB Local's loader otherwise copies it to
 * a new {@code /tmp/sqlite-…-libsqlite4java.so} in every process and deletes it only on a clean exit, so each
 * {@code kill -9} left 880 KB behind. The loader looks in {@code org.sqlite.lib.path} first; the copy there is
 * named by its content's hash and written whole before use, so processes sharing a data dir never see it change.
 */
final class NativeSqlite {
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String RESOURCES = "software/amazon/dynamodb/services/local/shared/access/sqlite/native/";

    private NativeSqlite() {
    }

    /** Extracts the library for this OS under {@code dir} (once) and points the loader at it; no-op if already set. */
    static void useLibraryUnder(Path dir) throws IOException {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = SQLiteLibraryLoaderUtil.getNativeLibName();
        String resource = RESOURCES + SQLiteLibraryLoaderUtil.getNativeLibFolderPathForCurrentOS() + "/" + name;
        byte[] library;
        try (InputStream in = SQLiteLibraryLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return; // no library for this platform in the jar: the loader says so, naming the platform
            }
            library = in.readAllBytes();
        }
        Path file = dir.resolve(sha256(library).substring(0, 16)).resolve(name);
        if (!Files.isRegularFile(file) || Files.size(file) != library.length) {
            AtomicFiles.write(file, library);
        }
        System.setProperty(PATH_PROPERTY, file.getParent().toString());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
