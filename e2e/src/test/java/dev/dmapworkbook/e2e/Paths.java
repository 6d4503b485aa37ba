package dev.dmapworkbook.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the project and the shared real data are. */
final class Paths {
    static final String SHARED_ABSENT = "../shared/data absent";

    private Paths() {
    }

    static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /** The workshop's noah.zip from ../shared/data/noaa-sample, or null when it is not on this machine. */
    static Path noahZip() {
        return Stream.of(System.getProperty("shared.data"), root().resolve("../shared/data").toString(),
                        root().resolve("../../shared/data").toString())
                .filter(p -> p != null)
                .map(p -> Path.of(p, "noaa-sample", "noah.zip").toAbsolutePath().normalize())
                .filter(Files::isRegularFile).findFirst().orElse(null);
    }
}
