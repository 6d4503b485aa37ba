package dev.dmapworkbook.localcloud.cloudformation;

import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An npm package used as test data: fetched with {@code npm pack} into {@code target/npm/} (never committed),
 * then read straight from its tarball. Without npm or the registry the calling test is skipped, visibly.
 */
final class NpmPackage {
    private static final Path CACHE = Path.of("target", "npm");

    private NpmPackage() {
    }

    /** The tarball of {@code name@version}, packed once per build directory. */
    static Path fetch(String name, String version) throws IOException, InterruptedException {
        Files.createDirectories(CACHE);
        String file = name.replace("@", "").replace("/", "-") + "-" + version + ".tgz";
        Path tarball = CACHE.resolve(file);
        if (Files.exists(tarball)) {
            return tarball;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "pack", name + "@" + version, "--pack-destination", CACHE.toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "npm is not installed: skipping the check that needs " + name + " (" + e.getMessage() + ")");
            throw e;
        }
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = npm.waitFor(5, TimeUnit.MINUTES);
        Assumptions.assumeTrue(done && npm.exitValue() == 0 && Files.exists(tarball),
                "npm pack " + name + "@" + version + " failed (registry unreachable?): skipping the check that needs it\n" + log);
        return tarball;
    }

    /** The text of every entry whose path matches, by path (a minimal ustar reader: regular files only). */
    static Map<String, String> read(Path tarball, Predicate<String> wanted) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                if ((type == '0' || type == 0) && wanted.test(path)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
                    out.write(in.readNBytes((int) size));
                    in.skipNBytes(padded - size);
                    entries.put(path, out.toString(StandardCharsets.UTF_8));
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
