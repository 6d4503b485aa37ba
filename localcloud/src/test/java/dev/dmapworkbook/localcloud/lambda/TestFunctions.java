package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.lambda.testfn.Behave;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the test functions' deployment package from the compiled {@code testfn} classes. */
final class TestFunctions {
    static final String BEHAVE = "dev.dmapworkbook.localcloud.lambda.testfn.Behave::handleRequest";
    static final String BROKEN_INIT = "dev.dmapworkbook.localcloud.lambda.testfn.BrokenInit::handleRequest";
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-test";

    private TestFunctions() {
    }

    /** A zip with the testfn classes at their package paths, as a Lambda Java deployment package lays them out. */
    static byte[] zip() {
        try {
            Path classes = Path.of(Behave.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path pkg = classes.resolve("dev/dmapworkbook/localcloud/lambda/testfn");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes); var files = Files.list(pkg)) {
                for (Path file : files.sorted().toList()) {
                    ZipEntry entry = new ZipEntry(classes.relativize(file).toString().replace('\\', '/'));
                    entry.setTime(0);
                    zip.putNextEntry(entry);
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A zip with the given entries (name, content), for packaging tests. */
    static byte[] zipOf(List<String[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String[] e : entries) {
                zip.putNextEntry(new ZipEntry(e[0]));
                zip.write(e[1].getBytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
