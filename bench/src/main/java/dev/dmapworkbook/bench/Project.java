package dev.dmapworkbook.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;

/** The checkout the suite measures: its jars, its launchers, and the real workshop data beside it when present. */
record Project(Path root) {
    static Project find() {
        try {
            // bench/target/bench.jar → the project root, whatever the working directory
            Path jar = Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.toAbsolutePath(); p != null; p = p.getParent()) {
                if (isRoot(p)) {
                    return new Project(p);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot(p)) {
                return new Project(p);
            }
        }
        throw new IllegalStateException("cannot find the project (a folder with mvnw and labs/): run from inside it");
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("labs"));
    }

    Path localCloudJar() {
        return root.resolve("localcloud/target/localcloud.jar");
    }

    Path lambdaJar() {
        return root.resolve("lambda/target/high-precipitation-lambda.jar");
    }

    Path jbang() {
        return root.resolve("jbang");
    }

    Path benchJar() {
        return root.resolve("bench/target/bench.jar");
    }

    Path benchmarksFile() {
        return root.resolve("BENCHMARKS.md");
    }

    /** Where the suite keeps what it downloads or generates between runs (ignored by git). */
    Path workDir() throws IOException {
        return Files.createDirectories(root.resolve("bench/target/work"));
    }

    /** The workshop's noah.zip in ../shared/data (or -Dshared.data=DIR), if this machine has it. */
    Optional<Path> noahZip() {
        String shared = System.getProperty("shared.data", root.resolve("../shared/data").toString());
        Path zip = Path.of(shared).resolve("noaa-sample/noah.zip").toAbsolutePath().normalize();
        return Files.isRegularFile(zip) ? Optional.of(zip) : Optional.empty();
    }

    /** True once localcloud.jar can run on its own ({@code java -jar localcloud.jar serve}). */
    boolean localCloudRunnable() {
        try (JarFile jar = new JarFile(localCloudJar().toFile())) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
