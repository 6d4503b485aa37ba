package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Deployment packages under {@code <dataDir>/lambda/code/}: each zip once, named by its SHA-256, and extracted
 * next to it into a folder of the same name that plays the part of {@code /var/task}. Extraction refuses entries
 * that would land outside the folder (zip-slip) and packages over Lambda's unzipped-size quota.
 */
final class CodeStore {
    /** Lambda quota: "Deployment package (.zip file archive) size: 250 MB (unzipped)". */
    static final long MAX_UNZIPPED = 262_144_000L;

    record Code(String sha256, long size, String hex) {
    }

    private final Path root;

    CodeStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates, stores and extracts a zip; the same bytes twice are stored once. */
    synchronized Code put(byte[] zip) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(zip);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Code code = new Code(Base64.getEncoder().encodeToString(digest), zip.length, HexFormat.of().formatHex(digest));
        Path file = root.resolve(code.hex() + ".zip");
        try {
            extractOnce(zip, root.resolve(code.hex()));
            if (!Files.exists(file)) {
                AtomicFiles.write(file, zip);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return code;
    }

    byte[] zip(String hex) {
        try {
            return Files.readAllBytes(root.resolve(hex + ".zip"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The extracted package (the worker's task root), extracting it again if it is missing. */
    synchronized Path folder(String hex) {
        Path folder = root.resolve(hex);
        try {
            if (!Files.isDirectory(folder)) {
                extractOnce(Files.readAllBytes(root.resolve(hex + ".zip")), folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /** Extracts into a temporary folder first, so the task root is whole or absent. */
    private void extractOnce(byte[] zip, Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path tmp = Files.createTempDirectory(root, ".extract");
        try {
            extract(new ByteArrayInputStream(zip), tmp);
            Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException | IOException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static void extract(InputStream in, Path target) throws IOException {
        long total = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries++;
                Path out = entryPath(target, entry);
                if (!out.startsWith(target) || entry.getName().startsWith("/") || entry.getName().contains("\\")) {
                    throw LambdaError.INVALID_ZIP_FILE.exception("Could not unzip uploaded file. The entry '" + entry.getName()
                            + "' would be extracted outside the function's folder.");
                }
                if (entry.isDirectory()) {
                    createDirectories(out, entry);
                    continue;
                }
                if (out.equals(target)) {
                    throw unextractable(entry, "it names the function's folder itself");
                }
                createDirectories(out.getParent(), entry);
                try {
                    total += Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.FileSystemException e) {
                    throw unextractable(entry, "a folder of the same name is in the package");
                }
                if (total > MAX_UNZIPPED) {
                    throw LambdaError.INVALID_PARAMETER_VALUE.exception("Unzipped size must be smaller than " + MAX_UNZIPPED + " bytes");
                }
            }
        } catch (ZipException e) {
            throw LambdaError.INVALID_ZIP_FILE.exception("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }
        if (entries == 0) {
            throw LambdaError.INVALID_ZIP_FILE.exception("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }
    }

    private static Path entryPath(Path target, ZipEntry entry) {
        try {
            return target.resolve(entry.getName()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw unextractable(entry, "it is not a valid file name");
        }
    }

    private static void createDirectories(Path dir, ZipEntry entry) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileSystemException e) {
            throw unextractable(entry, "a file of the same name as one of its folders is in the package");
        }
    }

    private static RuntimeException unextractable(ZipEntry entry, String why) {
        return LambdaError.INVALID_ZIP_FILE.exception("Could not unzip uploaded file. The entry '" + entry.getName()
                + "' cannot be extracted: " + why + ".");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
